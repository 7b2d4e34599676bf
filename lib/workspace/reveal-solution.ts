import type { Db } from '@/db/client';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { loadExerciseHistory } from '@/lib/progress/load-exercise-histories';
import { firstSolve } from '@/lib/progress/solved';
import { recordExerciseEvent } from './record-exercise-event';

/**
 * The user asked to see the reference solution before solving: recorded as revealed (once).
 * After solving, the solution is open anyway and nothing is recorded.
 */
export function revealSolution(db: Db, userId: string, exerciseId: string): { recorded: boolean } {
  getExerciseByIdOrThrow(exerciseId);
  if (firstSolve(loadExerciseHistory(db, userId, exerciseId))) return { recorded: false };
  return { recorded: recordExerciseEvent(db, { userId, exerciseId, kind: 'solution_revealed' }) };
}
