import { z } from 'zod';
import type { PublicExercise } from './catalog';
import { DIFFICULTIES, TRACKS, type Difficulty, type Track } from './meta-schema';
import { orderByPrerequisites } from './prerequisite-order';
import { skillLabel } from './track-info';

/** What a page or a route handler receives as its query: `URLSearchParams` or Next's `searchParams` object. */
export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

export const FILTER_KEYS = ['q', 'track', 'difficulty', 'skill'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface CatalogFilters {
  /** Words that must each appear in the title or in a skill's name. */
  q?: string;
  track?: Track;
  difficulty?: Difficulty;
  skill?: string;
}

/** A query value that is not a valid filter (for example `?track=nlp`). */
export interface IgnoredFilter {
  key: FilterKey;
  value: string;
}

const fieldSchemas = {
  q: z.string().max(80, 'must be at most 80 characters'),
  track: z.enum(TRACKS),
  difficulty: z.enum(DIFFICULTIES),
  skill: z
    .string()
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and dashes)'),
} as const;

export const catalogFiltersSchema = z.object({
  q: fieldSchemas.q.optional(),
  track: fieldSchemas.track.optional(),
  difficulty: fieldSchemas.difficulty.optional(),
  skill: fieldSchemas.skill.optional(),
});

/** The first non-empty value of each filter key; repeated keys use the first value. */
function readFilterParams(input: SearchParamsInput): Partial<Record<FilterKey, string>> {
  const out: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) {
    const raw = input instanceof URLSearchParams ? input.get(key) : input[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** Strict parse for the API: an invalid value throws a ZodError (answered with 422). */
export function parseCatalogFiltersOrThrow(input: SearchParamsInput): CatalogFilters {
  return catalogFiltersSchema.parse(readFilterParams(input));
}

/** Lenient parse for pages: invalid values are dropped and reported so the page can say so. */
export function parseCatalogFilters(input: SearchParamsInput): { filters: CatalogFilters; ignored: IgnoredFilter[] } {
  const raw = readFilterParams(input);
  const filters: CatalogFilters = {};
  const ignored: IgnoredFilter[] = [];
  for (const key of FILTER_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    const parsed = fieldSchemas[key].safeParse(value);
    if (parsed.success) Object.assign(filters, { [key]: parsed.data });
    else ignored.push({ key, value });
  }
  return { filters, ignored };
}

/** Every word of `query` appears (any case) in the exercise's title or in one of its skills, by key or by name. */
export function matchesSearch(exercise: Pick<PublicExercise, 'title' | 'skills'>, query: string): boolean {
  const haystack = [exercise.title, ...exercise.skills, ...exercise.skills.map(skillLabel)].join('\n').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export function matchesFilters(exercise: PublicExercise, filters: CatalogFilters): boolean {
  return (
    (filters.q === undefined || matchesSearch(exercise, filters.q)) &&
    (filters.track === undefined || exercise.track === filters.track) &&
    (filters.difficulty === undefined || exercise.difficulty === filters.difficulty) &&
    (filters.skill === undefined || exercise.skills.includes(filters.skill))
  );
}

/** Track order, then easy → hard, then title. */
export function compareExercises(a: PublicExercise, b: PublicExercise): number {
  return (
    TRACKS.indexOf(a.track) - TRACKS.indexOf(b.track) ||
    DIFFICULTIES.indexOf(a.difficulty) - DIFFICULTIES.indexOf(b.difficulty) ||
    a.title.localeCompare(b.title)
  );
}

/** Track order, then easy → hard and title, with every exercise after its prerequisites: each track's path. */
function sortForDisplay(exercises: PublicExercise[]): PublicExercise[] {
  return orderByPrerequisites(exercises.sort(compareExercises));
}

/** The exercises that match every filter, sorted for display. */
export function filterCatalog(exercises: readonly PublicExercise[], filters: CatalogFilters): PublicExercise[] {
  return sortForDisplay(exercises.filter((exercise) => matchesFilters(exercise, filters)));
}

/** Sorted exercises split by track, in track order; tracks without exercises are left out. */
export function groupByTrack(exercises: readonly PublicExercise[]): { track: Track; exercises: PublicExercise[] }[] {
  return TRACKS.map((track) => ({
    track,
    exercises: sortForDisplay(exercises.filter((exercise) => exercise.track === track)),
  })).filter((group) => group.exercises.length > 0);
}

export function hasFilters(filters: CatalogFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== undefined);
}
