import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openAppDatabase, tablesOf, type AppDb, type Dialect, type OpenedDatabase, type Tables } from '@/db/app-db';
import { startPostgresCluster, type PostgresCluster } from '@/test/support/postgres-cluster';

/** Every engine the data layer runs on: db-touching suites run once for each (`describe.each(DIALECTS)`). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgresql'];

/** One PostgreSQL cluster per test file, started by the first suite that needs it, stopped after the last. */
let cluster: Promise<PostgresCluster> | undefined;
let clusterUsers = 0;

async function acquireCluster(): Promise<PostgresCluster> {
  clusterUsers++;
  cluster ??= startPostgresCluster();
  return cluster;
}

async function releaseCluster(): Promise<void> {
  if (--clusterUsers > 0 || !cluster) return;
  const started = cluster;
  cluster = undefined;
  await (await started).stop();
}

/**
 * A fresh migrated database of `dialect` for the enclosing suite: a SQLite file in a temporary
 * folder, or a new database in this file's throwaway PostgreSQL cluster. Read `db` and `tables`
 * inside tests (they are set in beforeAll).
 */
export function useAppDatabase(dialect: Dialect): { readonly db: AppDb; readonly tables: Tables } {
  let opened: OpenedDatabase | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    if (dialect === 'postgresql') {
      opened = await openAppDatabase({ url: await (await acquireCluster()).createDatabase(), file: '' });
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-app-db-'));
      opened = await openAppDatabase({ file: path.join(dir, 'app.db') });
    }
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
    if (dialect === 'postgresql') await releaseCluster();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db() {
      if (!opened) throw new Error('useAppDatabase: the database is opened in beforeAll; read it inside a test');
      return opened.db;
    },
    get tables() {
      return tablesOf(this.db);
    },
  };
}
