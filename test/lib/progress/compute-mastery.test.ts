import { beforeEach, describe, expect, it } from 'vitest';
import { computeMastery, DIFFICULTY_WEIGHT, findWeakestSkills } from '@/lib/progress/compute-mastery';
import { computeProgress } from '@/lib/progress/compute-progress';
import { loadExerciseHistories } from '@/lib/progress/load-exercise-histories';
import { exerciseCredit } from '@/lib/progress/summarize-exercise';
import { DIALECTS, useAppDatabase, type AppDatabase } from '@/test/helpers/use-app-database';
import { CATALOG } from './catalog-fixture';

let t: AppDatabase;
let userId: string;

const SOLVED = new Date('2025-04-01T10:00:00Z');
const SOON = new Date('2025-04-01T11:00:00Z');

async function masteryAt(now: Date) {
  const histories = await loadExerciseHistories(t.db, userId);
  const progress = computeProgress(CATALOG, histories, now, 'UTC');
  return { progress, mastery: computeMastery(CATALOG, progress) };
}

const track = (m: ReturnType<typeof computeMastery>, key: string) => m.tracks.find((g) => g.key === key)!;
const skill = (m: ReturnType<typeof computeMastery>, key: string) => m.skills.find((g) => g.key === key)!;

describe.each(DIALECTS)('on %s', (dialect) => {
  const database = useAppDatabase(dialect);
  beforeEach(async () => {
    t = database;
    userId = await t.addUser();
  });

  describe('mastery', () => {
    it('is zero for a new user and lists every track and skill of the catalog', async () => {
      const { mastery } = (await masteryAt(SOON));
      expect(mastery.overall).toMatchObject({ mastery: 0, coverage: 0, quality: null });
      expect(mastery.tracks.map((g) => g.key)).toEqual(['feature-engineering', 'deployment-debugging']);
      expect(mastery.skills.map((g) => g.key)).toEqual(['joins', 'leakage', 'scaling', 'target-encoding', 'tensor-memory', 'training-serving-skew']);
      expect(mastery.tracks.every((g) => g.mastery === 0 && g.total > 0)).toBe(true);
    });

    it('weights exercises by difficulty (easy 1, medium 2, hard 3) and only counts solves', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: SOLVED });
      await t.addSubmission({ userId, exerciseId: 'fe-medium', at: SOLVED, status: 'fail' });
      const { mastery } = (await masteryAt(SOON));
      // Just solved: retrievability ≈ 1, so fe-easy counts ≈ 1 out of weights 1 + 2 + 3.
      expect(track(mastery, 'feature-engineering').mastery).toBeCloseTo(1 / 6, 2);
      expect(track(mastery, 'feature-engineering')).toMatchObject({ solved: 1, attempted: 2, total: 3 });
      expect(track(mastery, 'deployment-debugging').mastery).toBe(0);
      // scaling: fe-easy (1) and dd-hard (3).
      expect(skill(mastery, 'scaling').mastery).toBeCloseTo(1 / 4, 2);
    });

    it('is coverage times quality: a one-exercise skill solved with hints reads high while the catalog reads low', async () => {
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: SOLVED });
      await t.addEvent({ userId, exerciseId: 'dd-easy', kind: 'hint_revealed', hintNumber: 1, at: '2025-04-01T09:00:00Z' });
      const { mastery } = (await masteryAt(SOON));
      const catalogWeight = CATALOG.reduce((sum, e) => sum + DIFFICULTY_WEIGHT[e.difficulty], 0);
      // One easy exercise of the catalog, solved after one hint (credit 0.85, just solved).
      expect(mastery.overall.coverage).toBeCloseTo(1 / catalogWeight, 6);
      expect(mastery.overall.quality).toBeCloseTo(0.85, 2);
      for (const g of [mastery.overall, ...mastery.tracks, ...mastery.skills]) {
        expect(g.mastery).toBeCloseTo(g.coverage * (g.quality ?? 0), 9);
        expect(g.quality === null).toBe(g.solved === 0);
      }
      // Every skill of dd-easy has the same quality as the catalog; the catalog's coverage is the smaller.
      for (const g of mastery.skills.filter((s) => s.solved > 0)) {
        expect(g.quality).toBeCloseTo(mastery.overall.quality!, 9);
        expect(g.coverage).toBeGreaterThan(mastery.overall.coverage);
      }
    });

    it('takes 0.15 off per hint revealed before solving, and caps a solve after reading the solution at 0.3', async () => {
      expect(exerciseCredit(true, 0, false)).toBe(1);
      expect(exerciseCredit(true, 2, false)).toBeCloseTo(0.7);
      expect(exerciseCredit(true, 6, false)).toBeCloseTo(0.55);
      expect(exerciseCredit(true, 0, true)).toBe(0.3);
      expect(exerciseCredit(false, 0, false)).toBe(0);

      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: SOLVED });
      await t.addEvent({ userId, exerciseId: 'dd-easy', kind: 'hint_revealed', hintNumber: 1, at: '2025-04-01T09:00:00Z' });
      await t.addEvent({ userId, exerciseId: 'dd-easy', kind: 'hint_revealed', hintNumber: 2, at: '2025-04-01T09:30:00Z' });
      await t.addEvent({ userId, exerciseId: 'dd-easy', kind: 'hint_revealed', hintNumber: 3, at: '2025-04-01T10:30:00Z' }); // after solving
      const hinted = (await masteryAt(SOON));
      expect(hinted.progress.get('dd-easy')!).toMatchObject({ hintsRevealed: 3, hintsBeforeSolve: 2 });
      expect(hinted.progress.get('dd-easy')!.credit).toBeCloseTo(0.7);
      await t.addEvent({ userId, exerciseId: 'dd-easy', kind: 'solution_revealed', at: '2025-04-01T09:45:00Z' });
      const copied = (await masteryAt(SOON));
      expect(copied.progress.get('dd-easy')!.credit).toBe(0.3);
      expect(skill(copied.mastery, 'tensor-memory').mastery).toBeLessThan(skill(hinted.mastery, 'tensor-memory').mastery);
    });

    it('fades with time since the last review, never below half, and recovers with a review', async () => {
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: SOLVED });
      const fresh = (await masteryAt(SOON)).progress.get('dd-easy')!.mastery;
      const month = (await masteryAt(new Date('2025-05-01T10:00:00Z'))).progress.get('dd-easy')!.mastery;
      const years = (await masteryAt(new Date('2028-04-01T10:00:00Z'))).progress.get('dd-easy')!.mastery;
      expect(fresh).toBeGreaterThan(0.99);
      expect(month).toBeLessThan(fresh);
      expect(years).toBeLessThan(month);
      expect(years).toBeGreaterThanOrEqual(0.5);
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: '2025-05-01T09:00:00Z' });
      expect((await masteryAt(new Date('2025-05-01T10:00:00Z'))).progress.get('dd-easy')!.mastery).toBeGreaterThan(month);
    });

    it('names the weakest skills among those worked on, with their failed submits', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: SOLVED });
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: SOLVED, status: 'fail' });
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: SOON, status: 'timeout' });
      const { progress, mastery } = (await masteryAt(SOON));
      const weakest = findWeakestSkills(CATALOG, progress, mastery);
      expect(weakest.map((s) => s.key)).toEqual(['tensor-memory', 'leakage', 'scaling']);
      expect(weakest[0]).toMatchObject({ mastery: 0, failedSubmits: 2 });
    });

    it('shows a revealed solution without a solve as revealed, with no mastery', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-hard', at: SOLVED, status: 'fail' });
      await t.addEvent({ userId, exerciseId: 'fe-hard', kind: 'solution_revealed', at: SOON });
      const { progress } = (await masteryAt(SOON));
      expect(progress.get('fe-hard')).toMatchObject({ status: 'revealed', mastery: 0 });
    });

    it('never counts another user’s solves or reveals', async () => {
      const other = await t.addUser('other');
      await t.addEvent({ userId: other, exerciseId: 'fe-easy', kind: 'solution_revealed', at: SOLVED });
      for (const exerciseId of ['fe-easy', 'fe-medium', 'fe-hard']) await t.addSubmission({ userId: other, exerciseId, at: SOLVED });
      expect((await masteryAt(SOON)).mastery.overall.mastery).toBe(0);
    });
  });
});
