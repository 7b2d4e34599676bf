import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { submissions } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { SubmissionStatus, TestResult } from '@/lib/grading/result';
import { parseStoredTests } from './parse-stored-tests';

export interface StoredSubmission {
  id: string;
  exerciseId: string;
  mode: 'run' | 'submit';
  status: SubmissionStatus;
  message: string | null;
  code: string;
  tests: TestResult[];
  durationMs: number;
  createdAt: Date;
}

/**
 * One of the user's own submissions. Another user's id answers exactly like an id that does not
 * exist, so ids cannot be probed.
 */
export function getSubmissionForUserOrThrow(db: Db, userId: string, submissionId: string): StoredSubmission {
  const row = db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.userId, userId)))
    .get();
  if (!row) throw new AppError('not_found', 'No submission of yours has this id.');
  return {
    id: row.id,
    exerciseId: row.exerciseId,
    mode: row.mode,
    status: row.status,
    message: row.message,
    code: row.code,
    tests: parseStoredTests(row.testsJson),
    durationMs: row.durationMs,
    createdAt: row.createdAt,
  };
}
