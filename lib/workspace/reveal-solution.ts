import type { AppDb } from '@/db/app-db';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { loadExerciseHistory } from '@/lib/progress/load-exercise-histories';
import { firstSolve } from '@/lib/progress/solved';
import { recordExerciseEvent } from './record-exercise-event';

/**
 * The user asked to see the reference solution before solving: recorded as revealed (once).
 * After solving, the solution is open anyway and nothing is recorded.
 */
export async function revealSolution(db: AppDb, userId: string, exerciseId: string): Promise<{ recorded: boolean }> {
  getExerciseByIdOrThrow(exerciseId);
  if (firstSolve(await loadExerciseHistory(db, userId, exerciseId))) return { recorded: false };
  return { recorded: await recordExerciseEvent(db, { userId, exerciseId, kind: 'solution_revealed' }) };
}
