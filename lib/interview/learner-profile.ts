import type { AppDb } from '@/db/app-db';
import { computeMastery, findWeakestSkills } from '@/lib/progress/compute-mastery';
import { computeProgress } from '@/lib/progress/compute-progress';
import type { CatalogEntry } from '@/lib/progress/exercise-history';
import { loadExerciseHistories } from '@/lib/progress/load-exercise-histories';

/** What the mock draws on from the recommendation engine's data: solved exercises and skill mastery. */
export interface LearnerProfile {
  solved: Set<string>;
  skillMastery: Map<string, number>;
  /** Skills the user has tried, weakest first. */
  weakestSkills: string[];
}

export async function loadLearnerProfile(db: AppDb, userId: string, catalog: CatalogEntry[], now: Date, timeZone = 'UTC'): Promise<LearnerProfile> {
  const progress = computeProgress(catalog, await loadExerciseHistories(db, userId), now, timeZone);
  const mastery = computeMastery(catalog, progress);
  return {
    solved: new Set([...progress.values()].filter((p) => p.firstSolvedAt).map((p) => p.exerciseId)),
    skillMastery: new Map(mastery.skills.map((s) => [s.key, s.mastery])),
    weakestSkills: findWeakestSkills(catalog, progress, mastery, Number.POSITIVE_INFINITY).map((s) => s.key),
  };
}
