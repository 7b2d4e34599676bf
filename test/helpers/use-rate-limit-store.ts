import { Pool } from 'pg';
import type { afterAll as AfterAll, beforeAll as BeforeAll } from 'vitest';
import { openPgDatabase } from '@/db/pg-client';
import { storeRateLimitsIn } from '@/lib/limits';
import { startPostgresCluster, type PostgresCluster } from '@/test/support/postgres-cluster';

export type RateLimitStore = 'memory' | 'postgresql';

/**
 * Keeps lib/limits.ts's counts in `where` for the enclosing suite: this process's memory, or a
 * fresh migrated database of a throwaway PostgreSQL cluster. Back to memory afterwards.
 * `connect()` gives another connection pool to the same database: another web server.
 */
export function useRateLimitStore(where: RateLimitStore, hooks: { beforeAll: typeof BeforeAll; afterAll: typeof AfterAll }): { connect(): Pool } {
  let cluster: PostgresCluster | undefined;
  let url = '';
  const pools: Pool[] = [];
  const connect = () => {
    const pool = new Pool({ connectionString: url, max: 4 });
    pools.push(pool);
    return pool;
  };
  hooks.beforeAll(async () => {
    if (where === 'memory') return storeRateLimitsIn(undefined);
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase();
    // The migrations make the rate_limits table, as when the app opens its database.
    const migrated = await openPgDatabase(url, { maxConnections: 1 });
    await migrated.$client.end();
    storeRateLimitsIn(connect());
  }, 120_000);
  hooks.afterAll(async () => {
    storeRateLimitsIn(undefined);
    await Promise.all(pools.map((pool) => pool.end()));
    await cluster?.stop();
  });
  return { connect };
}
