import { forgive, rateLimiter, SIGN_IN_THROTTLE, takeOrThrow, tooManyRequests } from '@/lib/limits';

const { freeFailures, firstDelaySeconds, maxDelaySeconds, memorySeconds } = SIGN_IN_THROTTLE;

/** Failed sign-ins per (email, client), remembered for a day. */
const failures = () => rateLimiter('signInFailures', freeFailures, memorySeconds);
/** One attempt per (email, client) per wait, once the free failures are used up. */
const gate = () => rateLimiter('signInGate', 1, memorySeconds);

/** How long a client waits after its `failureCount`-th wrong password for one email. */
export function signInDelaySeconds(failureCount: number): number {
  if (failureCount <= freeFailures) return 0;
  return Math.min(maxDelaySeconds, firstDelaySeconds * 2 ** (failureCount - freeFailures - 1));
}

function isRefusal(value: unknown): value is { msBeforeNext: number } {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value;
}

/**
 * Runs one sign-in attempt under the throttle of SIGN_IN_THROTTLE (lib/limits.ts). Each attempt
 * counts as a failure until it succeeds. Past the free failures, a client may make one attempt
 * for this email per wait, and each wait is twice the last; others get 429 with Retry-After.
 * The gate is taken with one atomic count, so attempts sent all at once are throttled too. A
 * success forgets this client's failures for the email. Other clients (the owner) are unaffected.
 */
export async function withSignInThrottle<T>(email: string, clientKey: string, attempt: () => Promise<T>): Promise<T> {
  const key = `${email}|${clientKey}`;
  await takeOrThrow('signInFailuresPerClient', clientKey);
  const count = (await failures().penalty(key)).consumedPoints;
  const delay = signInDelaySeconds(count);
  if (delay > 0) {
    try {
      await gate().consume(key, 1, { customDuration: delay });
    } catch (refusal) {
      await failures().reward(key);
      if (isRefusal(refusal)) throw tooManyRequests('Too many wrong passwords for this email from your address.', refusal.msBeforeNext);
      throw refusal;
    }
  }
  const result = await attempt();
  await Promise.all([failures().delete(key), gate().delete(key), forgive('signInFailuresPerClient', clientKey)]);
  return result;
}
