import type { AppDb } from '@/db/app-db';
import { computeProgress } from './compute-progress';
import type { CatalogEntry } from './exercise-history';
import { loadExerciseHistories } from './load-exercise-histories';
import { toLocalDay } from './local-day';
import { prerequisitesSolved } from './prerequisites';
import type { ExerciseProgress } from './summarize-exercise';

/** What to do after solving an exercise: the next one of its track, and when this one comes back for review. */
export interface NextStep {
  /** The first unsolved exercise of the track (catalog order: easy → hard) whose prerequisites are solved; null when none is open. */
  next: Pick<CatalogEntry, 'title' | 'url' | 'difficulty' | 'minutes'> | null;
  /** How many exercises of the track are still unsolved (open or not). */
  unsolvedInTrack: number;
  /** The local day (YYYY-MM-DD, the user's zone) this exercise is due for review; null while it is not solved. */
  reviewDay: string | null;
  /** Today in the user's zone, to say "tomorrow" or "in 3 days". */
  today: string;
}

/** The next step from one exercise, given the user's progress on the whole catalog (`catalog` in display order). */
export function nextStepFrom(exercise: CatalogEntry, catalog: CatalogEntry[], progress: ReadonlyMap<string, ExerciseProgress>, today: string): NextStep {
  const solved = (e: CatalogEntry) => progress.get(e.id)?.solved === true;
  const solvedSlugs = new Set(catalog.filter(solved).map((e) => e.slug));
  const unsolved = catalog.filter((e) => e.track === exercise.track && e.id !== exercise.id && !solved(e));
  const next = unsolved.find((e) => prerequisitesSolved(e, solvedSlugs));
  return {
    next: next ? { title: next.title, url: next.url, difficulty: next.difficulty, minutes: next.minutes } : null,
    unsolvedInTrack: unsolved.length,
    reviewDay: progress.get(exercise.id)?.review?.dueDay ?? null,
    today,
  };
}

/** The next step for one user from one exercise of the catalog, in their time zone. */
export async function getNextStep(db: AppDb, userId: string, exercise: CatalogEntry, catalog: CatalogEntry[], timeZone: string, now = new Date()): Promise<NextStep> {
  return nextStepFrom(exercise, catalog, computeProgress(catalog, await loadExerciseHistories(db, userId), now, timeZone), toLocalDay(now, timeZone));
}
