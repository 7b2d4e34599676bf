import { route } from '@/lib/http/route';
import { assertExerciseUnlockedOrThrow } from '@/lib/interview/exercise-lock';
import { listExerciseSubmissions } from '@/lib/workspace/list-exercise-submissions';
import { exerciseParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/** `GET /api/exercises/<id>/submissions` → `{ submissions }`: this user's attempts, newest first. */
export const GET = route({ params: exerciseParamsSchema, user: 'optional' }, async ({ db, user, params }) => {
  await assertExerciseUnlockedOrThrow(db, user?.id, params.id);
  return { submissions: await listExerciseSubmissions(db, user?.id, params.id) };
});
