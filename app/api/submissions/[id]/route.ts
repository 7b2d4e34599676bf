import { z } from 'zod';
import { route } from '@/lib/http/route';
import { assertExerciseUnlockedOrThrow } from '@/lib/interview/exercise-lock';
import { getSubmissionForUserOrThrow } from '@/lib/submissions/get-submission';

export const dynamic = 'force-dynamic';

/** One of this browser's user's own submissions, with its code and results; anyone else's id is a 404. */
export const GET = route({ params: z.object({ id: z.string().min(1).max(100, 'must be a submission id') }), user: 'optional' }, async ({ db, user, params }) => {
  const submission = await getSubmissionForUserOrThrow(db, user?.id, params.id);
  await assertExerciseUnlockedOrThrow(db, user?.id, submission.exerciseId);
  return submission;
});
