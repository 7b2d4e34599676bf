import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { submissions } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { RESULT_VERSION, type GradeMode, type GradeResult } from '@/lib/grading/result';
import { parseStoredTests } from '@/lib/submissions/parse-stored-tests';

export interface SubmissionDetail {
  id: string;
  mode: GradeMode;
  createdAt: string;
  code: string;
  result: GradeResult;
}

/** One of this user's submissions for this exercise, with its code and result; anyone else's is not found. */
export function getExerciseSubmissionOrThrow(db: Db, userId: string | undefined, exerciseId: string, submissionId: string): SubmissionDetail {
  const row = userId
    ? db
        .select()
        .from(submissions)
        .where(and(eq(submissions.id, submissionId), eq(submissions.userId, userId), eq(submissions.exerciseId, exerciseId)))
        .get()
    : undefined;
  if (!row) throw new AppError('not_found', 'No such submission in your history for this exercise.');
  const tests = parseStoredTests(row.testsJson);
  return {
    id: row.id,
    mode: row.mode,
    createdAt: row.createdAt.toISOString(),
    code: row.code,
    result: { version: RESULT_VERSION, status: row.status, ...(row.message ? { message: row.message } : {}), tests, durationMs: row.durationMs },
  };
}
