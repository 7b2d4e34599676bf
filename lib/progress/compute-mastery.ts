import type { Difficulty, Track } from '@/lib/exercises/meta-schema';
import { TRACK_INFO, skillLabel } from '@/lib/exercises/track-info';
import type { CatalogEntry } from './exercise-history';
import type { ExerciseProgress } from './summarize-exercise';

/** Harder exercises weigh more in a track's or a skill's mastery. */
export const DIFFICULTY_WEIGHT: Record<Difficulty, number> = { easy: 1, medium: 2, hard: 3 };

/**
 * Mastery of a group of exercises (a track, a skill, the catalog), and its two factors:
 * `mastery = coverage × quality`. Coverage says how much of the group is solved, quality how well
 * (hints, revealed solutions, fading without review). A skill with one exercise, solved cleanly,
 * is at 100 % while the catalog's mastery is still its small coverage: the factors say why.
 */
export interface GroupMastery {
  key: string;
  label: string;
  /** Difficulty-weighted mean of the group's exercise mastery, unsolved ones counting 0 (0..1). */
  mastery: number;
  /** Difficulty-weighted share of the group's exercises that are solved (0..1). */
  coverage: number;
  /** Difficulty-weighted mean mastery of the solved exercises (0..1); null while none is solved. */
  quality: number | null;
  solved: number;
  attempted: number;
  total: number;
}

export interface Mastery {
  tracks: GroupMastery[];
  skills: GroupMastery[];
  /** The whole catalog: its mastery is the overall figure (its coverage times its quality). */
  overall: GroupMastery;
}

function group(key: string, label: string, exercises: CatalogEntry[], progress: ReadonlyMap<string, ExerciseProgress>): GroupMastery {
  let weighted = 0;
  let weights = 0;
  let solvedWeights = 0;
  let solved = 0;
  let attempted = 0;
  for (const exercise of exercises) {
    const weight = DIFFICULTY_WEIGHT[exercise.difficulty];
    const entry = progress.get(exercise.id);
    weights += weight;
    // Only a solved exercise has mastery; an unsolved one counts 0 toward the group.
    if (entry?.solved) {
      weighted += weight * entry.mastery;
      solvedWeights += weight;
      solved += 1;
    }
    if (entry && entry.attempts > 0) attempted += 1;
  }
  return {
    key,
    label,
    mastery: weights > 0 ? weighted / weights : 0,
    coverage: weights > 0 ? solvedWeights / weights : 0,
    quality: solvedWeights > 0 ? weighted / solvedWeights : null,
    solved,
    attempted,
    total: exercises.length,
  };
}

/**
 * Mastery of each track and skill: the difficulty-weighted mean, over every exercise of the
 * catalog in that track or skill, of the user's mastery of the exercise (0 when unsolved).
 */
export function computeMastery(catalog: CatalogEntry[], progress: ReadonlyMap<string, ExerciseProgress>): Mastery {
  const tracks = (Object.keys(TRACK_INFO) as Track[])
    .map((track) => group(track, TRACK_INFO[track].label, catalog.filter((e) => e.track === track), progress))
    .filter((entry) => entry.total > 0);
  const skillNames = [...new Set(catalog.flatMap((e) => e.skills))].sort();
  const skills = skillNames.map((skill) => group(skill, skillLabel(skill), catalog.filter((e) => e.skills.includes(skill)), progress));
  return { tracks, skills, overall: group('all', 'All exercises', catalog, progress) };
}

/**
 * The weakest skills the user has worked on: lowest mastery first, then most failed submits.
 * Skills never attempted are left to the recommendation.
 */
export function findWeakestSkills(
  catalog: CatalogEntry[],
  progress: ReadonlyMap<string, ExerciseProgress>,
  mastery: Mastery,
  limit = 3,
): (GroupMastery & { failedSubmits: number })[] {
  return mastery.skills
    .filter((skill) => skill.attempted > 0)
    .map((skill) => ({
      ...skill,
      failedSubmits: catalog
        .filter((e) => e.skills.includes(skill.key))
        .reduce((sum, e) => sum + (progress.get(e.id)?.failedSubmits ?? 0), 0),
    }))
    .sort((a, b) => a.mastery - b.mastery || b.failedSubmits - a.failedSubmits || a.key.localeCompare(b.key))
    .slice(0, limit);
}
