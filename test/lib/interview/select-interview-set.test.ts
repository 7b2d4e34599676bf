import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPublicExercise } from '@/lib/exercises/catalog';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { TRACKS } from '@/lib/exercises/meta-schema';
import { exerciseBudget, exerciseCountFor, questionCountFor, selectInterviewSet, type SelectionInput } from '@/lib/interview/select-interview-set';
import { INTERVIEW_LIMITS } from '@/lib/limits';

const CATALOG = loadCatalogOrThrow(path.resolve('exercises')).map(toPublicExercise);
const SEEDS = Array.from({ length: 40 }, (_, i) => i * 7919 + 1);
const slugs = (input: SelectionInput) => selectInterviewSet(input).exercises.map((e) => e.slug);
const fresh = (over: Partial<SelectionInput> = {}): SelectionInput => ({
  catalog: CATALOG,
  track: 'mix',
  minutes: 45,
  seed: 1,
  solved: new Set(),
  skillMastery: new Map(),
  weakestSkills: [],
  ...over,
});

describe('selectInterviewSet', () => {
  it('draws the same set from the same seed, and different sets from different seeds', () => {
    for (const seed of SEEDS) expect(slugs(fresh({ seed }))).toEqual(slugs(fresh({ seed })));
    const distinct = new Set(SEEDS.map((seed) => slugs(fresh({ seed })).join(',')));
    expect(distinct.size).toBeGreaterThan(10);
  });

  it('fits every length: exercise minutes plus a minute per question never exceed it; 3 exercises from 60 minutes on whenever 3 fit', () => {
    for (const track of [...TRACKS, 'mix'] as const) {
      for (const minutes of INTERVIEW_LIMITS.lengths) {
        for (const seed of SEEDS) {
          const set = selectInterviewSet(fresh({ track, minutes, seed }));
          const used = set.exercises.reduce((sum, e) => sum + e.minutes, 0) + set.questionCount * INTERVIEW_LIMITS.questionMinutes;
          expect(used, `${track} ${minutes} min seed ${seed}: ${set.exercises.map((e) => `${e.slug} ${e.minutes}`).join(', ')}`).toBeLessThanOrEqual(minutes);
          const pool = CATALOG.filter((e) => track === 'mix' || e.track === track);
          const shortestThree = pool.map((e) => e.minutes).sort((a, b) => a - b).slice(0, 3).reduce((a, b) => a + b, 0);
          const expected = minutes >= 60 && shortestThree <= exerciseBudget(minutes, 3) ? 3 : 2;
          expect(set.exercises.length).toBe(expected);
          expect(exerciseCountFor(minutes, pool)).toBe(expected);
          expect(set.questionCount).toBe(questionCountFor(set.exercises.length));
          expect(new Set(set.exercises.map((e) => e.id)).size).toBe(set.exercises.length);
          if (track !== 'mix') expect(set.exercises.every((e) => e.track === track)).toBe(true);
        }
      }
    }
  });

  it('starts with an unsolved exercise on the weakest skill that fits, whatever the seed', () => {
    for (const seed of SEEDS) {
      const set = selectInterviewSet(fresh({ seed, weakestSkills: ['hysteresis', 'scaling'] }));
      expect(set.exercises[0]!.slug).toBe('stop-the-flapping-alert');
    }
    // psi's only exercise (50 min) cannot fit a 45-minute mock: the next weakest skill leads.
    for (const seed of SEEDS) {
      const first = selectInterviewSet(fresh({ seed, weakestSkills: ['psi', 'hysteresis'] })).exercises[0]!;
      expect(first.slug).toBe('stop-the-flapping-alert');
    }
    const solvedAlert = CATALOG.find((e) => e.slug === 'stop-the-flapping-alert')!.id;
    for (const seed of SEEDS) {
      const first = selectInterviewSet(fresh({ seed, weakestSkills: ['hysteresis', 'alerting'], solved: new Set([solvedAlert]) })).exercises[0]!;
      expect(first.skills).not.toContain('hysteresis');
    }
  });

  it('draws more often toward weak skills (mastery from the recommendation data)', () => {
    const weak = 'tensor-memory';
    const strong = new Map(CATALOG.flatMap((e) => e.skills).map((s) => [s, s === weak ? 0 : 0.9]));
    const trains = (set: ReturnType<typeof selectInterviewSet>) => set.exercises.filter((e) => e.skills.includes(weak)).length;
    const seeds = Array.from({ length: 300 }, (_, i) => i + 1);
    const weighted = seeds.reduce((n, seed) => n + trains(selectInterviewSet(fresh({ seed, skillMastery: strong, track: 'feature-engineering', minutes: 90 }))), 0);
    const even = seeds.reduce((n, seed) => n + trains(selectInterviewSet(fresh({ seed, track: 'feature-engineering', minutes: 90 }))), 0);
    expect(weighted).toBeGreaterThan(even * 1.1);
  });

  it('prefers unsolved exercises, and takes solved ones only when too few unsolved fit', () => {
    const fe = CATALOG.filter((e) => e.track === 'feature-engineering');
    const unsolved = ['scale-without-leakage', 'impute-by-group-from-train'];
    const solved = new Set(fe.filter((e) => !unsolved.includes(e.slug)).map((e) => e.id));
    for (const seed of SEEDS) {
      expect(slugs(fresh({ seed, track: 'feature-engineering', solved })).sort()).toEqual([...unsolved].sort());
      const three = selectInterviewSet(fresh({ seed, track: 'feature-engineering', solved, minutes: 90 })).exercises;
      expect(three.filter((e) => !solved.has(e.id)).map((e) => e.slug).sort()).toEqual([...unsolved].sort());
      expect(three).toHaveLength(3);
    }
  });

  it('mixes tracks in a mix', () => {
    for (const seed of SEEDS) {
      const tracks = new Set(selectInterviewSet(fresh({ seed, minutes: 90 })).exercises.map((e) => e.track));
      expect(tracks.size).toBe(3);
    }
  });

  it('takes the shortest exercises when nothing fits the length', () => {
    const long = CATALOG.filter((e) => e.minutes >= 45);
    const set = selectInterviewSet(fresh({ catalog: long, minutes: 45 }));
    expect(set.exercises).toHaveLength(2);
    expect(set.exercises.every((e) => e.minutes === 45)).toBe(true);
    expect(exerciseBudget(45, 2)).toBe(41);
  });
});
