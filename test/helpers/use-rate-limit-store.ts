import { Pool } from 'pg';
import type { afterAll as AfterAll, beforeAll as BeforeAll } from 'vitest';
import { storeRateLimitsIn } from '@/lib/limits';
import { createPostgresTestDatabase } from './postgres-test-database';

export type RateLimitStore = 'memory' | 'postgresql';

/**
 * Keeps lib/limits.ts's counts in `where` for the enclosing suite: this process's memory, or a
 * fresh migrated database of the run's PostgreSQL cluster (its migrations made the rate_limits table). Back to memory afterwards.
 * `connect()` gives another connection pool to the same database: another web server.
 */
export function useRateLimitStore(where: RateLimitStore, hooks: { beforeAll: typeof BeforeAll; afterAll: typeof AfterAll }): { connect(): Pool } {
  let url = '';
  const pools: Pool[] = [];
  const connect = () => {
    const pool = new Pool({ connectionString: url, max: 4 });
    pools.push(pool);
    return pool;
  };
  hooks.beforeAll(async () => {
    if (where === 'memory') return storeRateLimitsIn(undefined);
    url = await createPostgresTestDatabase();
    storeRateLimitsIn(connect());
  }, 60_000);
  hooks.afterAll(async () => {
    storeRateLimitsIn(undefined);
    await Promise.all(pools.map((pool) => pool.end()));
  });
  return { connect };
}
