import { countAgainst, forgive, rateLimiter, refuseIfSpent, SIGN_IN_THROTTLE, tooManyRequests } from '@/lib/limits';

const { freeFailures, firstDelaySeconds, maxDelaySeconds, memorySeconds } = SIGN_IN_THROTTLE;

/** Failed sign-ins per (email, client), remembered for a day. */
const failures = () => rateLimiter('signInFailures', freeFailures, memorySeconds);
/** (email, client) pairs that must wait before trying again. */
const waits = () => rateLimiter('signInWait', 0, memorySeconds);

/** How long a client waits after its `failureCount`-th wrong password for one email. */
export function signInDelaySeconds(failureCount: number): number {
  if (failureCount <= freeFailures) return 0;
  return Math.min(maxDelaySeconds, firstDelaySeconds * 2 ** (failureCount - freeFailures - 1));
}

/**
 * Runs one sign-in attempt under the throttle of SIGN_IN_THROTTLE (lib/limits.ts): refused with
 * 429 and Retry-After while this client must wait for this email, or after too many failures
 * from this client today. The attempt counts as a failure until it succeeds, so attempts sent all
 * at once are throttled too; a success forgets this client's failures for the email.
 */
export async function withSignInThrottle<T>(email: string, clientKey: string, attempt: () => Promise<T>): Promise<T> {
  const key = `${email}|${clientKey}`;
  const waiting = await waits().get(key);
  if (waiting && waiting.consumedPoints > 0 && waiting.msBeforeNext > 0) {
    throw tooManyRequests('Too many wrong passwords for this email from your address.', waiting.msBeforeNext);
  }
  await refuseIfSpent('signInFailuresPerClient', clientKey);

  const count = (await failures().penalty(key)).consumedPoints;
  await countAgainst('signInFailuresPerClient', clientKey);
  const delay = signInDelaySeconds(count);
  if (delay > 0) await waits().block(key, delay);

  const result = await attempt();
  await Promise.all([failures().delete(key), waits().delete(key), forgive('signInFailuresPerClient', clientKey)]);
  return result;
}
