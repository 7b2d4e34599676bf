import { emptyHistory, type CatalogEntry, type ExerciseHistory } from './exercise-history';
import { summarizeExercise, type ExerciseProgress } from './summarize-exercise';

/** Progress on every exercise of the catalog (histories of exercises no longer in it are skipped). */
export function computeProgress(catalog: CatalogEntry[], histories: ReadonlyMap<string, ExerciseHistory>, now: Date, timeZone: string): Map<string, ExerciseProgress> {
  const progress = new Map<string, ExerciseProgress>();
  for (const exercise of catalog) {
    progress.set(exercise.id, summarizeExercise(histories.get(exercise.id) ?? emptyHistory(exercise.id), now, timeZone));
  }
  return progress;
}
