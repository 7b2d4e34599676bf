import { beforeEach, describe, expect, it } from 'vitest';
import { computeMastery } from '@/lib/progress/compute-mastery';
import { computeProgress } from '@/lib/progress/compute-progress';
import { loadExerciseHistories } from '@/lib/progress/load-exercise-histories';
import { recommendExercise } from '@/lib/progress/recommend-exercise';
import { DIALECTS, useAppDatabase, type AppDatabase } from '@/test/helpers/use-app-database';
import { CATALOG } from './catalog-fixture';
import type { CatalogEntry } from '@/lib/progress/exercise-history';

let t: AppDatabase;
let userId: string;

const NOW = new Date('2025-04-10T10:00:00Z');

async function recommend(now = NOW) {
  const progress = computeProgress(CATALOG, await loadExerciseHistories(t.db, userId), now, 'UTC');
  return recommendExercise(CATALOG, progress, computeMastery(CATALOG, progress), now);
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const database = useAppDatabase(dialect);
  beforeEach(async () => {
    t = database;
    userId = await t.addUser();
  });

  describe('recommended next exercise', () => {
    it('starts a new user on the shortest easy exercise, and says why', async () => {
      const next = (await recommend())!;
      expect(next.exercise.id).toBe('fe-easy');
      expect(next.reason).toBe('You have not solved an easy feature engineering exercise on leakage yet.');
    });

    it('offers the next difficulty step of a track once its prerequisite is solved', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-04-01T10:00:00Z' });
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: '2025-04-02T10:00:00Z' });
      const next = (await recommend())!;
      expect(next.exercise.id).toBe('fe-medium');
      expect(next.reason).toBe('You have not solved a medium feature engineering exercise on target encoding yet.');
    });

    it('never offers an exercise whose prerequisites are unsolved while another is open', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-04-01T10:00:00Z' });
      await t.addSubmission({ userId, exerciseId: 'fe-medium', at: '2025-04-01T11:00:00Z' });
      const next = (await recommend())!;
      // dd-hard needs dd-easy; fe-hard's prerequisite is solved but dd-easy is the next step of its track.
      expect(['dd-easy', 'fe-hard']).toContain(next.exercise.id);
      expect(next.exercise.id).not.toBe('dd-hard');
    });

    it('brings back an exercise submitted lately without a pass', async () => {
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: '2025-04-08T10:00:00Z', status: 'fail' });
      await t.addSubmission({ userId, exerciseId: 'dd-easy', at: '2025-04-08T10:10:00Z', status: 'error' });
      const next = (await recommend())!;
      expect(next.exercise.id).toBe('dd-easy');
      expect(next.reason).toBe('You submitted it 2 times without passing yet: pick up where you left off.');
      // After two weeks it is no longer "in progress".
      expect((await recommend(new Date('2025-05-01T10:00:00Z')))!.reason).toMatch(/^You have not solved/);
    });

    it('offers the last open exercise, then nothing once everything is solved', async () => {
      for (const id of ['fe-easy', 'fe-medium', 'fe-hard', 'dd-easy']) await t.addSubmission({ userId, exerciseId: id, at: '2025-04-01T10:00:00Z' });
      const next = (await recommend())!;
      expect(next.exercise.id).toBe('dd-hard');
      expect(next.reason).toMatch(/^You have not solved a hard deployment debugging exercise on (training serving skew|scaling) yet\.$/);
      await t.addSubmission({ userId, exerciseId: 'dd-hard', at: '2025-04-02T10:00:00Z' });
      expect((await recommend())).toBeNull();
    });

    it('names the weakest skill when the same kind of exercise was already solved', async () => {
      const twin: CatalogEntry = { ...CATALOG[0]!, id: 'fe-easy-2', slug: 'scale-again', title: 'scale again' };
      const catalog = [CATALOG[0]!, twin];
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-04-01T10:00:00Z' });
      const progress = computeProgress(catalog, await loadExerciseHistories(t.db, userId), NOW, 'UTC');
      const next = recommendExercise(catalog, progress, computeMastery(catalog, progress), NOW)!;
      expect(next.exercise.id).toBe('fe-easy-2');
      expect(next.reason).toMatch(/^It practises (leakage|scaling), one of your weakest skills \(\d+ % mastery\)\.$/);
    });
  });
});
