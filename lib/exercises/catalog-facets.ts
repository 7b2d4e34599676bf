import type { PublicExercise } from './catalog';
import { matchesFilters, type CatalogFilters } from './filter-catalog';
import { DIFFICULTIES, TRACKS, type Difficulty, type Track } from './meta-schema';

export interface FacetOption<V extends string> {
  value: V;
  /** Exercises that would match if this option were chosen, the other filters unchanged. */
  count: number;
  active: boolean;
}

export interface CatalogFacets {
  track: FacetOption<Track>[];
  difficulty: FacetOption<Difficulty>[];
  skill: FacetOption<string>[];
}

function countWith(exercises: readonly PublicExercise[], filters: CatalogFilters): number {
  return exercises.filter((exercise) => matchesFilters(exercise, filters)).length;
}

/** Every filter option with the number of results it would give; skills are those the catalog uses. */
export function countFacets(exercises: readonly PublicExercise[], filters: CatalogFilters): CatalogFacets {
  const skills = [...new Set(exercises.flatMap((exercise) => exercise.skills))].sort();
  return {
    track: TRACKS.map((value) => ({
      value,
      count: countWith(exercises, { ...filters, track: value }),
      active: filters.track === value,
    })),
    difficulty: DIFFICULTIES.map((value) => ({
      value,
      count: countWith(exercises, { ...filters, difficulty: value }),
      active: filters.difficulty === value,
    })),
    skill: skills.map((value) => ({
      value,
      count: countWith(exercises, { ...filters, skill: value }),
      active: filters.skill === value,
    })),
  };
}
