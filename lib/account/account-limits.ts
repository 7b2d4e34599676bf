import { createRateLimiter } from '@/lib/http/rate-limit';

/** Sign-in attempts per email address: 10 in 15 minutes, then wait (slows password guessing). */
export const signInLimiter = createRateLimiter({ limit: () => 10, windowMs: 15 * 60_000 });
/** Accounts created per client address: 20 an hour. */
export const signUpLimiter = createRateLimiter({ limit: () => 20, windowMs: 60 * 60_000 });

/** The client's address as the proxy in front reports it, or one shared key when there is none. */
export function clientKey(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'direct';
}
