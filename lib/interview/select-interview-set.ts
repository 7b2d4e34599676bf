import type { Track } from '@/lib/exercises/meta-schema';
import { INTERVIEW_LIMITS } from '@/lib/limits';
import type { CatalogEntry } from '@/lib/progress/exercise-history';
import { mulberry32 } from '@/lib/seeded-random';

export type InterviewTrack = Track | 'mix';

export interface SelectionInput {
  /** Exercises that may be drawn (the caller keeps out those without questions when it can). */
  catalog: CatalogEntry[];
  track: InterviewTrack;
  minutes: number;
  seed: number;
  /** Ids of exercises the user has solved. */
  solved: ReadonlySet<string>;
  /** Mastery (0..1) per skill, from the recommendation engine's data; missing skills count 0. */
  skillMastery: ReadonlyMap<string, number>;
  /** Skills the user has tried, weakest first (lib/progress findWeakestSkills). */
  weakestSkills: readonly string[];
}

export interface InterviewSet {
  exercises: CatalogEntry[];
  questionCount: number;
}

/** How much a weak skill raises an exercise's chance of being drawn (weight 1 + this × weakness). */
const WEAKNESS_WEIGHT = 4;

/** Two questions per exercise, within the allowed range. */
export function questionCountFor(exerciseCount: number): number {
  const { questionsPerExercise, questions } = INTERVIEW_LIMITS;
  return Math.min(questions.max, Math.max(questions.min, exerciseCount * questionsPerExercise));
}

/** Minutes left for exercises in a mock of `minutes` with `exerciseCount` exercises and their questions. */
export function exerciseBudget(minutes: number, exerciseCount: number): number {
  return minutes - questionCountFor(exerciseCount) * INTERVIEW_LIMITS.questionMinutes;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** How many exercises a mock of `minutes` holds when drawn from `pool`: the most whose shortest ones fit. */
export function exerciseCountFor(minutes: number, pool: { minutes: number }[]): number {
  const { min, max, maxFromMinutes } = INTERVIEW_LIMITS.exercises;
  const shortest = pool.map((e) => e.minutes).sort((a, b) => a - b);
  for (let count = minutes >= maxFromMinutes ? max : min; count > min; count -= 1) {
    if (sum(shortest.slice(0, count)) <= exerciseBudget(minutes, count)) return count;
  }
  return min;
}

/**
 * Chooses the exercises of a mock, reproducibly from `seed`:
 * 1. as many exercises as the length allows (3 from 60 minutes on, else 2) whose estimated
 *    minutes, plus a minute per question, fit the length; fewer only when they cannot;
 * 2. first, an unsolved exercise training the user's weakest skill (the next weakest when none fits);
 * 3. then a seeded draw weighted toward weak skills (weight 1 + 4 × (1 − mastery of its weakest
 *    skill)), unsolved exercises before solved ones, and in a mix, tracks not yet drawn first.
 * When nothing fits (a track of long exercises in a short mock), the shortest exercises are taken.
 */
export function selectInterviewSet(input: SelectionInput): InterviewSet {
  const pool = input.catalog.filter((e) => input.track === 'mix' || e.track === input.track);
  const random = mulberry32(input.seed);
  const weakness = (e: CatalogEntry) => 1 - Math.min(...e.skills.map((s) => input.skillMastery.get(s) ?? 0));
  // Efraimidis–Spirakis keys: sorting by u^(1/w) draws without replacement with probability ∝ w.
  const key = new Map(pool.map((e) => [e.id, random() ** (1 / (1 + WEAKNESS_WEIGHT * weakness(e)))]));
  const tier = (e: CatalogEntry) => (input.solved.has(e.id) ? 1 : 0);
  const drawOrder = [...pool].sort((a, b) => tier(a) - tier(b) || key.get(b.id)! - key.get(a.id)! || a.id.localeCompare(b.id));

  const { min, max, maxFromMinutes } = INTERVIEW_LIMITS.exercises;
  for (let count = input.minutes >= maxFromMinutes ? max : min; count >= min; count -= 1) {
    const picked = drawSet(drawOrder, input, count, exerciseBudget(input.minutes, count));
    if (picked.length === count) return { exercises: picked, questionCount: questionCountFor(count) };
  }
  const shortest = [...pool].sort((a, b) => a.minutes - b.minutes || key.get(b.id)! - key.get(a.id)!).slice(0, min);
  return { exercises: shortest, questionCount: questionCountFor(shortest.length) };
}

/** Draws `count` exercises within `budget` minutes, weakest skill first; fewer when they cannot fit. */
function drawSet(drawOrder: CatalogEntry[], input: SelectionInput, count: number, budget: number): CatalogEntry[] {
  const picked: CatalogEntry[] = [];
  const fits = (candidate: CatalogEntry) => {
    const rest = drawOrder.filter((e) => e !== candidate && !picked.includes(e)).map((e) => e.minutes).sort((a, b) => a - b);
    const needed = count - picked.length - 1;
    return rest.length >= needed && sum(picked.map((e) => e.minutes)) + candidate.minutes + sum(rest.slice(0, needed)) <= budget;
  };

  const unsolved = drawOrder.filter((e) => !input.solved.has(e.id));
  for (const skill of input.weakestSkills) {
    const first = unsolved.find((e) => e.skills.includes(skill) && fits(e));
    if (first) {
      picked.push(first);
      break;
    }
  }
  while (picked.length < count) {
    const tracksUsed = (e: CatalogEntry) => picked.filter((p) => p.track === e.track).length;
    const candidates = drawOrder.filter((e) => !picked.includes(e));
    // Stable sort: within the draw order, a mix prefers tracks it has fewer of (unsolved still first).
    if (input.track === 'mix') candidates.sort((a, b) => Number(input.solved.has(a.id)) - Number(input.solved.has(b.id)) || tracksUsed(a) - tracksUsed(b));
    const next = candidates.find(fits);
    if (!next) break;
    picked.push(next);
  }
  return picked;
}
