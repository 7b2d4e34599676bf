import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '@/lib/errors';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The database cannot be opened or migrated; the message (with the file's path) is for the server log. */
export class DatabaseOpenError extends AppError {
  override name = 'DatabaseOpenError';
  constructor(message: string) {
    super('database_unavailable', message);
  }
}

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/**
 * Opens (creating if needed) and migrates the SQLite file at `file`: the only place a SQLite
 * connection is made. The app reaches it through db/app-db.ts (getAppDb); tests call it with a
 * temporary file.
 */
export function openDatabase(file: string): Db {
  let sqlite: Database.Database | undefined;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten with zeros in the file, not left readable in free space.
    sqlite.pragma('secure_delete = ON');
    // Fails now, not on the first write, when the file or its folder is read-only.
    sqlite.exec('CREATE TABLE IF NOT EXISTS __write_probe (x); DROP TABLE __write_probe;');
  } catch (error) {
    sqlite?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(
      `Cannot open the database at DATABASE_PATH=${file} (${reason}). ` +
        'Point DATABASE_PATH at a writable file, for example data/app.db.',
    );
  }
  const db = drizzle(sqlite, { schema });
  try {
    migrate(db, { migrationsFolder });
  } catch (error) {
    sqlite.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(
      `Cannot migrate the database at DATABASE_PATH=${file}: ${reason}. ` +
        'If this file was made by a newer or different version of the app, point DATABASE_PATH at a new file (or move this one away); migrations create the tables on first use.',
    );
  }
  return db;
}

/**
 * Copies the write-ahead log into the database file and empties it: the log still holds older
 * copies of changed pages (deleted rows included) until then. Returns false when a reader kept
 * the log from being emptied.
 */
export function checkpointAndTruncateWal(sqlite: Database.Database): boolean {
  const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}
