import { beforeAll, vi } from 'vitest';
import type { AppDb, Dialect, Tables } from '@/db/app-db';
import { createPostgresTestDatabase, emptyPostgresDatabase } from './postgres-test-database';

/**
 * Runs the app under test (getAppDb, and so every route) on `dialect` for the enclosing suite:
 * SQLite, at the DATABASE_PATH that useTempProject sets, or PostgreSQL, in one database of the
 * run's cluster made for the suite. Call `start()` after useTempProject (or useGradingProject):
 * it sets DATABASE_URL (unset on SQLite; on PostgreSQL after emptying the database), which their
 * cleanup unstubs.
 * Call `stop()` when the test (or suite) is done: it closes the app's database.
 */
export function useAppEngine(dialect: Dialect): { start(): Promise<void>; stop(): Promise<void> } {
  let url: string | undefined;
  beforeAll(async () => {
    if (dialect === 'postgresql') url = await createPostgresTestDatabase();
  }, 60_000);
  return {
    async start() {
      if (url) await emptyPostgresDatabase(url);
      // Unset on SQLite, whatever the environment running the tests says.
      vi.stubEnv('DATABASE_URL', url);
      // The app reads its settings once per module instance (lib/env.ts): the next import reads these.
      vi.resetModules();
    },
    async stop() {
      await (await import('@/db/app-db')).closeAppDb();
    },
  };
}

/**
 * The app's own database (getAppDb of the module the routes under test use: imported late, after
 * useTempProject reset the modules) and its tables, to seed or read rows beside the routes.
 */
export async function appData(): Promise<{ db: AppDb; tables: Tables }> {
  const { getAppDb, tablesOf } = await import('@/db/app-db');
  const db = await getAppDb();
  return { db, tables: tablesOf(db) };
}
