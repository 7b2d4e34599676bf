import { eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { getAuth } from '@/lib/auth/auth';
import { isValidTimeZone } from '@/lib/progress/local-day';
import { withAuthErrors } from './auth-errors';
import type { SignInInput, SignUpInput } from './credentials';

export interface SignedIn {
  userId: string;
  /** Set-Cookie values of the new session, for the response. */
  cookies: string[];
}

/**
 * Creates an account with a hashed password and signs it in (`secure`: served over https, so the
 * session cookie is `Secure`). The guest of this browser (its
 * cookie is in `headers`) is merged into the new account by the session hook in lib/auth/auth.ts.
 */
export async function signUp(db: AppDb, headers: Headers, input: SignUpInput, secure: boolean): Promise<SignedIn> {
  const name = input.name || input.email.split('@')[0]!;
  const auth = await getAuth(db, secure);
  const result = await withAuthErrors(() =>
    auth.api.signUpEmail({ body: { email: input.email, password: input.password, name }, headers, returnHeaders: true }),
  );
  const userId = result.response.user.id;
  if (input.timeZone && isValidTimeZone(input.timeZone)) {
    const { users } = tablesOf(db);
    await db.update(users).set({ timeZone: input.timeZone }).where(eq(users.id, userId));
  }
  return { userId, cookies: result.headers.getSetCookie() };
}

/** Signs in with email and password; the browser's guest work is merged into the account. */
export async function signIn(db: AppDb, headers: Headers, input: SignInInput, secure: boolean): Promise<SignedIn> {
  const auth = await getAuth(db, secure);
  const result = await withAuthErrors(() =>
    auth.api.signInEmail({ body: { email: input.email, password: input.password }, headers, returnHeaders: true }),
  );
  return { userId: result.response.user.id, cookies: result.headers.getSetCookie() };
}

/** Ends the session of this browser; returns the Set-Cookie values that clear it. */
export async function signOut(db: AppDb, headers: Headers, secure: boolean): Promise<string[]> {
  const result = await (await getAuth(db, secure)).api.signOut({ headers, returnHeaders: true });
  return result.headers.getSetCookie();
}
