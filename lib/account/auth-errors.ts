import { APIError } from 'better-auth/api';
import { AppError } from '@/lib/errors';

const MESSAGES: Record<string, AppError> = {
  USER_ALREADY_EXISTS: new AppError('conflict', 'An account with this email already exists. Sign in instead, or use another email.'),
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: new AppError('conflict', 'An account with this email already exists. Sign in instead, or use another email.'),
  INVALID_EMAIL_OR_PASSWORD: new AppError('unauthorized', 'That email and password do not match an account. Check both and try again.'),
  INVALID_PASSWORD: new AppError('unauthorized', 'That email and password do not match an account. Check both and try again.'),
  INVALID_EMAIL: new AppError('unprocessable', 'Enter a valid email address, like ada@example.com.'),
  PASSWORD_TOO_SHORT: new AppError('unprocessable', 'Choose a longer password.'),
  PASSWORD_TOO_LONG: new AppError('unprocessable', 'Choose a shorter password.'),
};

/** Runs a better-auth call and turns its known refusals into AppErrors with a message for the user. */
export async function withAuthErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof APIError) {
      const code = (error.body as { code?: string } | undefined)?.code;
      const known = code ? MESSAGES[code] : undefined;
      if (known) throw new AppError(known.code, known.message);
    }
    throw error;
  }
}
