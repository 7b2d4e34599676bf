import type { TestProject } from 'vitest/node';
import { openPgDatabase } from '../../db/pg-client';
import { startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database of the unit suite's PostgreSQL cluster (test/helpers/postgres-test-database.ts). */
    postgresUrl: string;
    /** Name of the database in it that holds db/pg-migrations applied: the template of each test database. */
    postgresTemplate: string;
  }
}

/** The database every test database is copied from, migrated once for the whole run. */
const TEMPLATE = 'migrated_template';

/**
 * One throwaway PostgreSQL cluster for the whole unit suite (every worker shares it; each test
 * file makes its own databases in it), with a migrated template database, stopped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  try {
    const migrated = await openPgDatabase(await cluster.createDatabase(TEMPLATE), { maxConnections: 1 });
    await migrated.$client.end();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresTemplate', TEMPLATE);
  return () => cluster.stop();
}
