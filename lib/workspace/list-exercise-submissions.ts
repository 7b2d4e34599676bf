import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { submissions } from '@/db/schema';
import type { GradeMode, SubmissionStatus } from '@/lib/grading/result';
import { parseStoredTests } from '@/lib/submissions/parse-stored-tests';

export interface SubmissionSummary {
  id: string;
  mode: GradeMode;
  status: SubmissionStatus;
  createdAt: string;
  durationMs: number;
  passed: number;
  total: number;
}

/** How many attempts the history shows. */
export const HISTORY_LIMIT = 100;

function countTests(testsJson: string): { passed: number; total: number } {
  const tests = parseStoredTests(testsJson);
  return { passed: tests.filter((t) => t.status === 'pass').length, total: tests.length };
}

/** Every graded run and submit of this user for this exercise, newest first. */
export function listExerciseSubmissions(db: Db, userId: string | undefined, exerciseId: string): SubmissionSummary[] {
  if (!userId) return [];
  return db
    .select({
      id: submissions.id,
      mode: submissions.mode,
      status: submissions.status,
      createdAt: submissions.createdAt,
      durationMs: submissions.durationMs,
      testsJson: submissions.testsJson,
    })
    .from(submissions)
    .where(and(eq(submissions.userId, userId), eq(submissions.exerciseId, exerciseId)))
    .orderBy(desc(submissions.createdAt), desc(submissions.id))
    .limit(HISTORY_LIMIT)
    .all()
    .map(({ testsJson, createdAt, ...row }) => ({ ...row, createdAt: createdAt.toISOString(), ...countTests(testsJson) }));
}
