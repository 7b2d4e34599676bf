import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@/lib/errors';
import { gradingLimits, holdGradingSlotOrThrow, storeRateLimitsIn } from '@/lib/limits';
import { useRateLimitStore } from '@/test/helpers/use-rate-limit-store';

async function retryAfterOfRefusal(hold: Promise<unknown>): Promise<number | undefined> {
  try {
    await hold;
    return undefined;
  } catch (error) {
    if (hasErrorCode(error, 'rate_limited')) return error.details.retryAfterSeconds;
    throw error;
  }
}

describe.each(['memory', 'postgresql'] as const)('grading slots per user with counts in %s', (where) => {
  const store = useRateLimitStore(where, { beforeAll, afterAll });
  const { inFlightPerUser, busyRetrySeconds } = gradingLimits();

  it('gives a user inFlightPerUser slots, refuses one more with a short Retry-After, and frees a slot on release', async () => {
    const releases = await Promise.all(Array.from({ length: inFlightPerUser }, () => holdGradingSlotOrThrow('busy-user')));
    expect(await retryAfterOfRefusal(holdGradingSlotOrThrow('busy-user'))).toBe(busyRetrySeconds);
    expect(await retryAfterOfRefusal(holdGradingSlotOrThrow('other-user').then((release) => release()))).toBeUndefined();
    await releases[0]!();
    await releases[0]!();
    const again = await holdGradingSlotOrThrow('busy-user');
    // Releasing twice gave back one slot, not two.
    expect(await retryAfterOfRefusal(holdGradingSlotOrThrow('busy-user'))).toBe(busyRetrySeconds);
    await Promise.all([again(), ...releases.slice(1).map((release) => release())]);
  });

  it.runIf(where === 'postgresql')('counts a user\'s slots across web servers', async () => {
    storeRateLimitsIn(store.connect());
    const held = await Promise.all(Array.from({ length: inFlightPerUser }, () => holdGradingSlotOrThrow('two-tabs')));
    storeRateLimitsIn(store.connect());
    expect(await retryAfterOfRefusal(holdGradingSlotOrThrow('two-tabs'))).toBe(busyRetrySeconds);
    await held[0]!();
    expect(await retryAfterOfRefusal(holdGradingSlotOrThrow('two-tabs'))).toBeUndefined();
  });
});
