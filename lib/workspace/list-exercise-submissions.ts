import { and, desc, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { toSubmissionSummary, type SubmissionSummary } from '@/lib/submissions/stored-submission';

/** How many attempts the history shows. */
export const HISTORY_LIMIT = 100;

/** Every graded run and submit of this user for this exercise, newest first. */
export async function listExerciseSubmissions(db: AppDb, userId: string | undefined, exerciseId: string): Promise<SubmissionSummary[]> {
  if (!userId) return [];
  const { submissions } = tablesOf(db);
  const rows = await db
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
    .limit(HISTORY_LIMIT);
  return rows.map(toSubmissionSummary);
}
