import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '@/lib/errors';
import { forgive, storeRateLimitsIn, takeOrThrow } from '@/lib/limits';
import { useRateLimitStore } from '@/test/helpers/use-rate-limit-store';

/** SIGN_UPS_PER_CLIENT_PER_HOUR's default (lib/env.ts). */
const SIGN_UPS_PER_HOUR = 20;

async function refused(take: Promise<void>): Promise<boolean> {
  try {
    await take;
    return false;
  } catch (error) {
    if (hasErrorCode(error, 'rate_limited')) return true;
    throw error;
  }
}

describe('rate limits kept in PostgreSQL', () => {
  const store = useRateLimitStore('postgresql', { beforeAll, afterAll });

  it('hold across web servers: counts taken through one are seen by another', async () => {
    const firstServer = store.connect();
    const secondServer = store.connect();
    storeRateLimitsIn(firstServer);
    for (let i = 0; i < SIGN_UPS_PER_HOUR - 1; i++) await takeOrThrow('signUpsPerClient', '203.0.113.7');
    storeRateLimitsIn(secondServer);
    expect(await refused(takeOrThrow('signUpsPerClient', '203.0.113.7'))).toBe(false);
    expect(await refused(takeOrThrow('signUpsPerClient', '203.0.113.7'))).toBe(true);
    expect(await refused(takeOrThrow('signUpsPerClient', '198.51.100.1'))).toBe(false);
  });

  it('count every request sent at once, with no lost update', async () => {
    const servers = [store.connect(), store.connect()];
    const takes = Array.from({ length: SIGN_UPS_PER_HOUR + 10 }, (_, i) => {
      storeRateLimitsIn(servers[i % 2]);
      return refused(takeOrThrow('signUpsPerClient', '192.0.2.55'));
    });
    const results = await Promise.all(takes);
    expect(results.filter((wasRefused) => !wasRefused)).toHaveLength(SIGN_UPS_PER_HOUR);
  });

  it('give back a count with forgive', async () => {
    storeRateLimitsIn(store.connect());
    for (let i = 0; i < SIGN_UPS_PER_HOUR; i++) await takeOrThrow('signUpsPerClient', '192.0.2.99');
    await forgive('signUpsPerClient', '192.0.2.99');
    expect(await refused(takeOrThrow('signUpsPerClient', '192.0.2.99'))).toBe(false);
    expect(await refused(takeOrThrow('signUpsPerClient', '192.0.2.99'))).toBe(true);
  });
});
