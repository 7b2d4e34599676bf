import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { submissions } from '@/db/schema';
import { toSubmissionSummary, type SubmissionSummary } from '@/lib/submissions/stored-submission';

/** How many attempts the history shows. */
export const HISTORY_LIMIT = 100;

/** Every graded run and submit of this user for this exercise, newest first. */
export function listExerciseSubmissions(db: Db, userId: string | undefined, exerciseId: string): SubmissionSummary[] {
  if (!userId) return [];
  return db
    .select({
      id: submissions.id,
      exerciseId: submissions.exerciseId,
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
    .map(toSubmissionSummary);
}
