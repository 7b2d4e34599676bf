import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInDelaySeconds, withSignInThrottle } from '@/lib/account/sign-in-throttle';
import { hasErrorCode } from '@/lib/errors';
import { SIGN_IN_THROTTLE } from '@/lib/limits';
import { useRateLimitStore } from '@/test/helpers/use-rate-limit-store';

const wrongPassword = () => Promise.reject(new Error('wrong password'));
const rightPassword = () => Promise.resolve('signed in');

/** What one attempt got: the result, 'wrong', or the 429's Retry-After in seconds. */
async function attempt(email: string, client: string, password: () => Promise<string>): Promise<string | number> {
  try {
    return await withSignInThrottle(email, client, password);
  } catch (error) {
    if (hasErrorCode(error, 'rate_limited')) return error.details.retryAfterSeconds!;
    return 'wrong';
  }
}

describe('sign-in delays', () => {
  it('lets a few mistakes through, then doubles the wait up to a ceiling', () => {
    const free = SIGN_IN_THROTTLE.freeFailures;
    expect(Array.from({ length: free }, (_, i) => signInDelaySeconds(i + 1))).toEqual(Array(free).fill(0));
    expect([free + 1, free + 2, free + 3, free + 4].map(signInDelaySeconds)).toEqual([1, 2, 4, 8]);
    expect(signInDelaySeconds(free + 40)).toBe(SIGN_IN_THROTTLE.maxDelaySeconds);
  });
});

describe.each(['memory', 'postgresql'] as const)('sign-in throttling with counts in %s', (where) => {
  useRateLimitStore(where, { beforeAll, afterAll });

  it('makes an attacker wait, while the owner on another client signs in at once', async () => {
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures + 1; i += 1) expect(await attempt('owner@example.com', 'attacker', wrongPassword)).toBe('wrong');
    expect(await attempt('owner@example.com', 'attacker', wrongPassword)).toBeGreaterThanOrEqual(1);
    expect(await attempt('owner@example.com', 'attacker', rightPassword)).toBeGreaterThanOrEqual(1);
    expect(await attempt('owner@example.com', 'owner-laptop', rightPassword)).toBe('signed in');
    // Another account is not slowed for the attacker's address by this email's failures.
    expect(await attempt('someone@example.com', 'attacker', rightPassword)).toBe('signed in');
  });

  it('forgets a client’s mistakes once it signs in', async () => {
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i += 1) await attempt('typo@example.com', 'laptop', wrongPassword);
    expect(await attempt('typo@example.com', 'laptop', rightPassword)).toBe('signed in');
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i += 1) expect(await attempt('typo@example.com', 'laptop', wrongPassword)).toBe('wrong');
  });

  it('throttles attempts sent all at once, not only one after another', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => attempt('burst@example.com', 'burst', wrongPassword)));
    expect(replies.filter((r) => r === 'wrong').length).toBeLessThanOrEqual(SIGN_IN_THROTTLE.freeFailures + 1);
  });
});
