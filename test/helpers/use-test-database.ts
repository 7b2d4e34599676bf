import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { openSqliteAppDatabase, type AppDb } from '@/db/app-db';
import * as schema from '@/db/schema';
import type { SubmissionStatus } from '@/lib/grading/result';

/**
 * A fresh migrated SQLite database in a temporary folder: `db` for the code under test, and
 * helpers that seed it synchronously (on the same connection, before the code under test runs).
 */
export function useTestDatabase(): {
  db: AppDb;
  /** The connection underneath, for reading query plans and raw rows. */
  sqlite: Database.Database;
  addUser(id?: string): string;
  addSubmission(row: { userId: string; exerciseId: string; at: Date | string; status?: SubmissionStatus; mode?: 'run' | 'submit'; code?: string }): string;
  addEvent(row: { userId: string; exerciseId: string; kind: 'hint_revealed' | 'solution_revealed' | 'solved'; at: Date | string; hintNumber?: number }): void;
  close(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-progress-'));
  const opened = openSqliteAppDatabase(path.join(dir, 'app.db'));
  const seed = drizzle(opened.sqlite, { schema });
  const { exerciseEvents, submissions, users } = schema;
  let next = 0;
  return {
    db: opened.db,
    sqlite: opened.sqlite,
    addUser(id = `user-${++next}`) {
      seed.insert(users).values({ id }).run();
      return id;
    },
    addSubmission(row) {
      const id = `submission-${++next}`;
      seed
        .insert(submissions)
        .values({
          id,
          userId: row.userId,
          exerciseId: row.exerciseId,
          mode: row.mode ?? 'submit',
          code: row.code ?? 'export {}',
          status: row.status ?? 'pass',
          resultVersion: 1,
          testsJson: '[]',
          durationMs: 10,
          createdAt: typeof row.at === 'string' ? new Date(row.at) : row.at,
        })
        .run();
      return id;
    },
    addEvent(row) {
      seed
        .insert(exerciseEvents)
        .values({ userId: row.userId, exerciseId: row.exerciseId, kind: row.kind, hintNumber: row.hintNumber ?? 0, createdAt: new Date(row.at) })
        .run();
    },
    close() {
      opened.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
