import { randomUUID } from 'node:crypto';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { GradeMode, GradeResult } from '@/lib/grading/result';

/**
 * Stores one graded submission, whatever its status; returns its id. Given the id of the grading
 * job it came from, it is stored under that id once: recording the same job again changes nothing.
 */
export async function recordSubmission(db: AppDb, row: { id?: string; userId: string; exerciseId: string; mode: GradeMode; code: string; result: GradeResult; interviewId?: string; autoSubmitted?: boolean }): Promise<string> {
  const id = row.id ?? randomUUID();
  const { submissions } = tablesOf(db);
  await db.insert(submissions)
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
    .onConflictDoNothing({ target: submissions.id });
  return id;
}
