import type { Db } from '@/db/client';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { getExerciseProgress } from './get-exercise-progress';
import { recordExerciseEvent } from './record-exercise-event';

/** Reveals the user's next hint (in order; recorded once) and returns every hint revealed so far. */
export function revealNextHint(db: Db, userId: string, exerciseId: string): { hints: string[]; total: number } {
  const { hints } = getExerciseByIdOrThrow(exerciseId).meta;
  const shown = getExerciseProgress(db, userId, exerciseId).hintsRevealed;
  const next = Math.min(shown + 1, hints.length);
  if (next > shown) recordExerciseEvent(db, { userId, exerciseId, kind: 'hint_revealed', hintNumber: next });
  return { hints: hints.slice(0, next), total: hints.length };
}
