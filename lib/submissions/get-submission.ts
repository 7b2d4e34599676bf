import { and, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { AppError } from '@/lib/errors';
import { toStoredSubmission, type StoredSubmission } from './stored-submission';

/**
 * One of the user's own submissions (of `exerciseId`, when given). Another user's id, or one of
 * another exercise, answers exactly like an id that does not exist, so ids cannot be probed.
 */
export async function getSubmissionForUserOrThrow(db: AppDb, userId: string | undefined, submissionId: string, exerciseId?: string): Promise<StoredSubmission> {
  const { submissions } = tablesOf(db);
  const [row] = userId
    ? await db
        .select()
        .from(submissions)
        .where(and(eq(submissions.id, submissionId), eq(submissions.userId, userId), exerciseId === undefined ? undefined : eq(submissions.exerciseId, exerciseId)))
        .limit(1)
    : [];
  if (!row) throw new AppError('not_found', 'No submission of yours has this id.');
  return toStoredSubmission(row);
}
