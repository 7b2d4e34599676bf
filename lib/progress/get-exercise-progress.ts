import type { Db } from '@/db/client';
import { loadExerciseHistory } from './load-exercise-histories';
import { summarizeExercise, type ExerciseProgress } from './summarize-exercise';

/** Where one user (none: a visitor who did nothing yet) stands on one exercise, in their time zone. */
export function getExerciseProgress(db: Db, userId: string | undefined, exerciseId: string, timeZone: string, now = new Date()): ExerciseProgress {
  return summarizeExercise(loadExerciseHistory(db, userId, exerciseId), now, timeZone);
}
