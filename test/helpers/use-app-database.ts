import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openAppDatabase, tablesOf, type AppDb, type Dialect, type OpenedDatabase, type Tables } from '@/db/app-db';
import type { SubmissionStatus } from '@/lib/grading/result';
import { createPostgresTestDatabase, emptyPostgresDatabase } from './postgres-test-database';

/** Every engine the data layer runs on: db-touching suites run once for each (`describe.each(DIALECTS)`). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgresql'];

export interface AppDatabase {
  readonly db: AppDb;
  readonly tables: Tables;
  addUser(id?: string): Promise<string>;
  addSubmission(row: { userId: string; exerciseId: string; at: Date | string; status?: SubmissionStatus; mode?: 'run' | 'submit'; code?: string }): Promise<string>;
  addEvent(row: { userId: string; exerciseId: string; kind: 'hint_revealed' | 'solution_revealed' | 'solved'; at: Date | string; hintNumber?: number }): Promise<void>;
}

/**
 * An empty migrated database of `dialect` for each test of the enclosing suite: a new SQLite file
 * in a temporary folder, or, on PostgreSQL, one database of the run's shared cluster for the
 * suite, emptied before each test. Read `db` and `tables` inside tests; `add…` seed rows through
 * drizzle, alike on both engines.
 */
export function useAppDatabase(dialect: Dialect): AppDatabase {
  let opened: OpenedDatabase | undefined;
  let postgresUrl: string | undefined;
  let dir: string | undefined;
  let next = 0;
  if (dialect === 'postgresql') {
    beforeAll(async () => {
      postgresUrl = await createPostgresTestDatabase();
      opened = await openAppDatabase({ url: postgresUrl, file: '' });
    }, 60_000);
    beforeEach(() => emptyPostgresDatabase(postgresUrl!));
    afterAll(() => opened?.close());
  } else {
    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-app-db-'));
      opened = await openAppDatabase({ file: path.join(dir, 'app.db') });
    });
    afterEach(async () => {
      await opened?.close();
      fs.rmSync(dir!, { recursive: true, force: true });
    });
  }
  const database: AppDatabase = {
    get db() {
      if (!opened) throw new Error('useAppDatabase: the database is opened in a hook; read it inside a test');
      return opened.db;
    },
    get tables() {
      return tablesOf(this.db);
    },
    async addUser(id = `user-${++next}`) {
      await database.db.insert(database.tables.users).values({ id });
      return id;
    },
    async addSubmission(row) {
      const id = `submission-${++next}`;
      await database.db.insert(database.tables.submissions).values({
        id,
        userId: row.userId,
        exerciseId: row.exerciseId,
        mode: row.mode ?? 'submit',
        code: row.code ?? 'export {}',
        status: row.status ?? 'pass',
        resultVersion: 1,
        testsJson: '[]',
        durationMs: 10,
        createdAt: new Date(row.at),
      });
      return id;
    },
    async addEvent(row) {
      await database.db
        .insert(database.tables.exerciseEvents)
        .values({ userId: row.userId, exerciseId: row.exerciseId, kind: row.kind, hintNumber: row.hintNumber ?? 0, createdAt: new Date(row.at) });
    },
  };
  return database;
}
