import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { submissions } from '@/db/schema';
import type { GradeMode, GradeResult } from '@/lib/grading/result';

/** Stores one graded submission, whatever its status; returns its id. */
export function recordSubmission(db: Db, row: { userId: string; exerciseId: string; mode: GradeMode; code: string; result: GradeResult; interviewId?: string; autoSubmitted?: boolean }): string {
  const id = randomUUID();
  db.insert(submissions)
    .values({
      id,
      userId: row.userId,
      exerciseId: row.exerciseId,
      mode: row.mode,
      code: row.code,
      status: row.result.status,
      message: row.result.message ?? null,
      resultVersion: row.result.version,
      testsJson: JSON.stringify(row.result.tests),
      durationMs: row.result.durationMs,
      interviewId: row.interviewId ?? null,
      autoSubmitted: row.autoSubmitted ?? false,
      createdAt: new Date(),
    })
    .run();
  return id;
}
