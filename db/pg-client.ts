import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import { DatabaseOpenError } from './client';
import * as schema from './pg-schema';

export type PgDb = NodePgDatabase<typeof schema> & { $client: Pool };

const migrationsFolder = path.join(process.cwd(), 'db', 'pg-migrations');

/** The URL with its password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * Connects a pool to the PostgreSQL database at `url` and applies db/pg-migrations. drizzle keeps
 * what it applied in its own table but takes no lock: an advisory lock makes web servers and
 * workers that start together migrate one after the other, so each migration runs once. The only place a PostgreSQL connection is made; tests call it with a throwaway
 * database.
 */
export async function openPgDatabase(url: string, options: { maxConnections?: number } = {}): Promise<PgDb> {
  const pool = new Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle connection that the server closes must not take the process down.
  pool.on('error', (error) => console.error(`PostgreSQL connection error (${redactDatabaseUrl(url)}): ${error.message}`));
  const db = drizzle(pool, { schema });
  try {
    await migrateUnderLock(pool);
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(
      `Cannot open or migrate the PostgreSQL database at DATABASE_URL=${redactDatabaseUrl(url)}: ${reason}. ` +
        'Check that the server is running, the URL (host, port, user, password, database) is right and the user may create tables.',
    );
  }
  return db;
}

/** Any fixed number: the key of the advisory lock held while migrating. */
const MIGRATION_LOCK_KEY = 7_180_318;

async function migrateUnderLock(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
