import { is } from 'drizzle-orm';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { asyncSqliteDatabase } from './async-sqlite';
import { openDatabase } from './client';
import { openPgDatabase, type PgDb } from './pg-client';
import type * as pgSchema from './pg-schema';

/**
 * The database lib/ is written against, whichever engine holds the data: drizzle's promise API,
 * typed as PostgreSQL's so that only what both dialects share type-checks (SQLite's synchronous
 * `.get()`, `.all()` and `.run()` do not). On SQLite it is db/async-sqlite.ts over db/schema.ts's
 * tables. test/db/schema-parity.test.ts keeps the two schemas' TypeScript shapes identical, and
 * test/db/app-db.test.ts checks that the same calls give the same rows on both.
 */
export type AppDb = PgDb;
export type Tables = typeof pgSchema;
export type Dialect = 'sqlite' | 'postgresql';

export interface OpenedDatabase {
  db: AppDb;
  dialect: Dialect;
  close(): Promise<void>;
}

/** The tables of the database's own dialect: queries must name these, never a schema module's. */
export function tablesOf(db: AppDb): Tables {
  return db._.fullSchema;
}

export function dialectOf(db: AppDb): Dialect {
  return is(db, PgDatabase) ? 'postgresql' : 'sqlite';
}

/**
 * Opens and migrates the PostgreSQL database at `url` when one is given, else the SQLite file.
 * The SQLite database is the synchronous connection of db/client.ts behind the promise API.
 */
export async function openAppDatabase(where: { url?: string; file: string }): Promise<OpenedDatabase> {
  if (where.url) {
    const db = await openPgDatabase(where.url);
    return { db, dialect: 'postgresql', close: () => db.$client.end() };
  }
  const sqlite = openDatabase(where.file).$client;
  // Typed as PostgreSQL's database on purpose (see AppDb); the calls lib/ makes exist on both.
  const db = asyncSqliteDatabase(sqlite) as unknown as AppDb;
  return { db, dialect: 'sqlite', close: async () => void sqlite.close() };
}
