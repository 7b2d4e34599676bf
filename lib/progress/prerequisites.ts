import type { CatalogEntry } from './exercise-history';

/** Whether every prerequisite of `exercise` (slugs) is among the solved ones. */
export function prerequisitesSolved(exercise: CatalogEntry, solvedSlugs: ReadonlySet<string>): boolean {
  return exercise.prerequisites.every((slug) => solvedSlugs.has(slug));
}
