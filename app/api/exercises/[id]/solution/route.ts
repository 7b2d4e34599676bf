import { route } from '@/lib/http/route';
import { assertExerciseUnlockedOrThrow } from '@/lib/interview/exercise-lock';
import { revealSolution } from '@/lib/workspace/reveal-solution';
import { exerciseParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/**
 * `POST /api/exercises/<id>/solution`: the user confirmed they want the reference solution before
 * solving. Recorded as revealed; the exercise page then shows it. → `{ recorded }`.
 */
export const POST = route({ params: exerciseParamsSchema, user: 'guest' }, async ({ db, user, params }) => {
  await assertExerciseUnlockedOrThrow(db, user.id, params.id);
  return revealSolution(db, user.id, params.id);
});
