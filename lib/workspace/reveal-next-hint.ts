import type { AppDb } from '@/db/app-db';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { loadExerciseHistory } from '@/lib/progress/load-exercise-histories';
import { recordExerciseEvent } from './record-exercise-event';

/** Reveals the user's next hint (in order; recorded once) and returns every hint revealed so far. */
export async function revealNextHint(db: AppDb, userId: string, exerciseId: string): Promise<{ hints: string[]; total: number }> {
  const { hints } = getExerciseByIdOrThrow(exerciseId).meta;
  const shown = (await loadExerciseHistory(db, userId, exerciseId)).hintsRevealedAt.length;
  const next = Math.min(shown + 1, hints.length);
  if (next > shown) await recordExerciseEvent(db, { userId, exerciseId, kind: 'hint_revealed', hintNumber: next });
  return { hints: hints.slice(0, next), total: hints.length };
}
