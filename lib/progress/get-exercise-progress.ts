import type { AppDb } from '@/db/app-db';
import { loadExerciseHistory } from './load-exercise-histories';
import { summarizeExercise, type ExerciseProgress } from './summarize-exercise';

/** Where one user (none: a visitor who did nothing yet) stands on one exercise, in their time zone. */
export async function getExerciseProgress(db: AppDb, userId: string | undefined, exerciseId: string, timeZone: string, now = new Date()): Promise<ExerciseProgress> {
  return summarizeExercise(await loadExerciseHistory(db, userId, exerciseId), now, timeZone);
}
