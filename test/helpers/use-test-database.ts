import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '@/db/client';
import { exerciseEvents, submissions, users } from '@/db/schema';
import type { SubmissionStatus } from '@/lib/grading/result';

/** A fresh migrated SQLite database in a temporary folder, with helpers to seed it. */
export function useTestDatabase(): {
  db: Db;
  addUser(id?: string): string;
  addSubmission(row: { userId: string; exerciseId: string; at: Date | string; status?: SubmissionStatus; mode?: 'run' | 'submit'; code?: string }): string;
  addEvent(row: { userId: string; exerciseId: string; kind: 'hint_revealed' | 'solution_revealed' | 'solved'; at: Date | string; hintNumber?: number }): void;
  close(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-progress-'));
  const db = openDatabase(path.join(dir, 'app.db'));
  let next = 0;
  return {
    db,
    addUser(id = `user-${++next}`) {
      db.insert(users).values({ id }).run();
      return id;
    },
    addSubmission(row) {
      const id = `submission-${++next}`;
      db.insert(submissions)
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
      db.insert(exerciseEvents)
        .values({ userId: row.userId, exerciseId: row.exerciseId, kind: row.kind, hintNumber: row.hintNumber ?? 0, createdAt: new Date(row.at) })
        .run();
    },
    close() {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
