import { route } from '@/lib/http/route';
import { assertExerciseUnlockedOrThrow } from '@/lib/interview/exercise-lock';
import { getSubmissionForUserOrThrow } from '@/lib/submissions/get-submission';
import { submissionParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/** `GET /api/exercises/<id>/submissions/<submissionId>` → `{ submission: StoredSubmission }` (own submissions of this exercise only). */
export const GET = route({ params: submissionParamsSchema, user: 'optional' }, async ({ db, user, params }) => {
  await assertExerciseUnlockedOrThrow(db, user?.id, params.id);
  return { submission: await getSubmissionForUserOrThrow(db, user?.id, params.submissionId, params.id) };
});
