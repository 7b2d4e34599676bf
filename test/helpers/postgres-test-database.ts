import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';

/**
 * A new database in the unit suite's PostgreSQL cluster (test/support/postgres-global-setup.ts),
 * returned as its URL: migrated (a copy of the migrated template) unless `empty` is set.
 */
export async function createPostgresTestDatabase(options: { empty?: boolean } = {}): Promise<string> {
  const url = new URL(inject('postgresUrl'));
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  await withClient(url.toString(), (client) => client.query(`CREATE DATABASE ${name}${options.empty ? '' : ` TEMPLATE ${inject('postgresTemplate')}`}`));
  url.pathname = `/${name}`;
  return url.toString();
}

/** Deletes every row of every table of the app's schema (drizzle's record of applied migrations stays), and restarts identity numbering. */
export async function emptyPostgresDatabase(url: string): Promise<void> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>("select quote_ident(tablename) as name from pg_tables where schemaname = 'public'");
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
