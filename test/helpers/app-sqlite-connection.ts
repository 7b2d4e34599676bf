import type Database from 'better-sqlite3';

/**
 * The SQLite connection under the app's own database (db/app-db.ts getAppDb), for tests that seed
 * or read raw rows beside the routes under test. Imported late, after the test set DATABASE_PATH.
 */
export async function appSqliteConnection(): Promise<Database.Database> {
  const { getAppDb, sqliteConnectionOf } = await import('@/db/app-db');
  const connection = sqliteConnectionOf(await getAppDb());
  if (!connection) throw new Error('appSqliteConnection: the app database is not SQLite (DATABASE_URL is set)');
  return connection;
}
