import { route } from '@/lib/http/route';
import { assertExerciseUnlockedOrThrow } from '@/lib/interview/exercise-lock';
import { revealNextHint } from '@/lib/workspace/reveal-next-hint';
import { exerciseParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/** `POST /api/exercises/<id>/hints` reveals the next hint → `{ hints: string[], total }` (the revealed ones). */
export const POST = route({ params: exerciseParamsSchema, user: 'guest' }, async ({ db, user, params }) => {
  await assertExerciseUnlockedOrThrow(db, user.id, params.id);
  return revealNextHint(db, user.id, params.id);
});
