import type { Db } from '@/db/client';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { loadExerciseHistory } from '@/lib/progress/load-exercise-histories';
import { recordExerciseEvent } from './record-exercise-event';

/** Reveals the user's next hint (in order; recorded once) and returns every hint revealed so far. */
export function revealNextHint(db: Db, userId: string, exerciseId: string): { hints: string[]; total: number } {
  const { hints } = getExerciseByIdOrThrow(exerciseId).meta;
  const shown = loadExerciseHistory(db, userId, exerciseId).hintsRevealedAt.length;
  const next = Math.min(shown + 1, hints.length);
  if (next > shown) recordExerciseEvent(db, { userId, exerciseId, kind: 'hint_revealed', hintNumber: next });
  return { hints: hints.slice(0, next), total: hints.length };
}
