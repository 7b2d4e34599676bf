import { route } from '@/lib/http/route';
import { assertExerciseUnlockedOrThrow } from '@/lib/interview/exercise-lock';
import { getExerciseSubmissionOrThrow } from '@/lib/workspace/get-exercise-submission';
import { submissionParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/** `GET /api/exercises/<id>/submissions/<submissionId>` → `{ submission: { id, mode, createdAt, code, result } }` (own submissions only). */
export const GET = route({ params: submissionParamsSchema, user: 'optional' }, ({ db, user, params }) => {
  assertExerciseUnlockedOrThrow(db, user?.id, params.id);
  return { submission: getExerciseSubmissionOrThrow(db, user?.id, params.id, params.submissionId) };
});
