import { is } from 'drizzle-orm';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { getEnv } from '@/lib/env';
import { storeRateLimitsIn } from '@/lib/limits';
import { asyncSqliteDatabase } from './async-sqlite';
import type Database from 'better-sqlite3';
import { checkpointAndTruncateWal, openDatabase } from './client';
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
 * The error is a write refused by a unique index (`index`, when named), on either engine: node-postgres
 * reports SQLSTATE 23505 with the constraint's name; better-sqlite3 reports SQLITE_CONSTRAINT_UNIQUE
 * with the indexed columns in its message. drizzle wraps either as the `cause` of its own error.
 */
export function isUniqueViolation(error: unknown, index?: { name: string; columns: string }): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const { code, constraint } = e as Error & { code?: unknown; constraint?: unknown };
    if (code === '23505') return !index || constraint === index.name;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE') return !index || e.message.includes(index.columns);
  }
  return false;
}

/**
 * A read inside a transaction that the transaction's writes depend on: `select … for update` on
 * PostgreSQL, so a concurrent transaction waits for this one; as it is on SQLite, whose
 * transactions already hold the whole database (db/async-sqlite.ts).
 */
export function lockedForUpdate<Q extends { for(strength: 'update'): unknown }>(db: AppDb, query: Q): Q {
  return dialectOf(db) === 'postgresql' ? (query.for('update') as Q) : query;
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
  return openSqliteAppDatabase(where.file);
}

/** The SQLite file at `file`, opened and migrated (synchronously: nothing waits on SQLite's open). */
export function openSqliteAppDatabase(file: string): OpenedDatabase & { sqlite: Database.Database } {
  const sqlite = openDatabase(file).$client;
  // Typed as PostgreSQL's database on purpose (see AppDb); the calls lib/ makes exist on both.
  const db = asyncSqliteDatabase(sqlite) as unknown as AppDb;
  sqliteConnections.set(db, sqlite);
  return { db, dialect: 'sqlite', sqlite, close: async () => void sqlite.close() };
}

const sqliteConnections = new WeakMap<AppDb, Database.Database>();

/** The better-sqlite3 connection under a SQLite database (undefined on PostgreSQL): for pragmas, and tests that read raw rows. */
export function sqliteConnectionOf(db: AppDb): Database.Database | undefined {
  return sqliteConnections.get(db);
}

/**
 * After rows were deleted: on SQLite the write-ahead log still holds their old pages until a
 * checkpoint, so it is copied into the file and emptied (the file overwrites deleted rows,
 * `secure_delete`). PostgreSQL needs nothing here. Returns false when a reader kept the log.
 */
export function forgetDeletedRows(db: AppDb): boolean {
  const sqlite = sqliteConnectionOf(db);
  return sqlite ? checkpointAndTruncateWal(sqlite) : true;
}

let opening: Promise<OpenedDatabase> | undefined;

/**
 * The app's database, opened and migrated on first use (never at import time): PostgreSQL when
 * DATABASE_URL is set, else the SQLite file at DATABASE_PATH. On PostgreSQL the rate limits move
 * into it too, so every web server counts against the same limits. A failed open is retried by
 * the next caller rather than remembered.
 */
export async function getAppDb(): Promise<AppDb> {
  opening ??= openShared().catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return (await opening).db;
}

/**
 * Closes the app's database (the server is stopping, or a test is done with it); the next
 * getAppDb opens it again. Rate limits go back to this process's memory.
 */
export async function closeAppDb(): Promise<void> {
  const opened = opening;
  opening = undefined;
  if (!opened) return;
  const database = await opened.catch(() => undefined);
  if (database?.dialect === 'postgresql') storeRateLimitsIn(undefined);
  await database?.close();
}

async function openShared(): Promise<OpenedDatabase> {
  const opened = await openAppDatabase({ url: getEnv().DATABASE_URL, file: getEnv().databaseFile });
  if (opened.dialect === 'postgresql') storeRateLimitsIn(opened.db.$client);
  return opened;
}
