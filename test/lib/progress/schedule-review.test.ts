import { beforeEach, describe, expect, it } from 'vitest';
import { buildReviewQueue } from '@/lib/progress/build-review-queue';
import { computeProgress } from '@/lib/progress/compute-progress';
import { emptyHistory, type ExerciseHistory } from '@/lib/progress/exercise-history';
import { loadExerciseHistories } from '@/lib/progress/load-exercise-histories';
import { scheduleReview } from '@/lib/progress/schedule-review';
import { DIALECTS, useAppDatabase, type AppDatabase } from '@/test/helpers/use-app-database';
import { byId, CATALOG } from './catalog-fixture';

let t: AppDatabase;
let userId: string;

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

async function history(exerciseId = 'fe-easy', extra: Partial<ExerciseHistory> = {}): Promise<ExerciseHistory> {
  return { ...((await loadExerciseHistories(t.db, userId)).get(exerciseId) ?? emptyHistory(exerciseId)), ...extra };
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const database = useAppDatabase(dialect);
  beforeEach(async () => {
    t = database;
    userId = await t.addUser();
  });

  describe('review schedule (FSRS through ts-fsrs, replayed from stored submits)', () => {
    it('has no review until the first passing submit; runs and failures do not count', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T09:00:00Z', mode: 'run', status: 'pass' });
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T09:05:00Z', status: 'fail' });
      expect(scheduleReview((await history()), at('2025-03-02T00:00:00Z'), 'UTC')).toBeNull();
    });

    it('brings a clean first solve back the next day, a hinted one sooner, a copied one sooner still', async () => {
      const solvedAt = at('2025-03-01T09:00:00Z');
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: solvedAt });
      const now = at('2025-03-01T10:00:00Z');
      const clean = scheduleReview((await history()), now, 'UTC')!;
      const hinted = scheduleReview((await history('fe-easy', { hintsRevealedAt: [at('2025-03-01T08:50:00Z')] })), now, 'UTC')!;
      const copied = scheduleReview((await history('fe-easy', { solutionRevealedAt: at('2025-03-01T08:55:00Z') })), now, 'UTC')!;
      expect(clean.log).toEqual([expect.objectContaining({ kind: 'first-solve', rating: 'good' })]);
      expect(hours(solvedAt, clean.due)).toBe(24);
      expect(clean.dueDay).toBe('2025-03-02');
      expect(hinted.log[0]!.rating).toBe('hard');
      expect(hours(solvedAt, hinted.due)).toBeLessThan(24);
      expect(copied.log[0]!.rating).toBe('again');
      expect(hours(solvedAt, copied.due)).toBeLessThanOrEqual(hours(solvedAt, hinted.due));
      // A hint revealed after solving does not make the solve hard.
      expect(scheduleReview((await history('fe-easy', { hintsRevealedAt: [at('2025-03-01T09:30:00Z')] })), now, 'UTC')!.log[0]!.rating).toBe('good');
    });

    it('treats three failed submits before the first pass as a hard solve', async () => {
      for (const minute of [10, 20, 30]) await t.addSubmission({ userId, exerciseId: 'fe-easy', at: `2025-03-01T09:${minute}:00Z`, status: 'fail' });
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T09:40:00Z' });
      expect(scheduleReview((await history()), at('2025-03-01T10:00:00Z'), 'UTC')!.log[0]!.rating).toBe('hard');
    });

    it('spaces successful reviews further apart and shortens the gap after a failed one', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T09:00:00Z' });
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-02T09:00:00Z' }); // review 1: pass
      const afterOne = scheduleReview((await history()), at('2025-03-02T10:00:00Z'), 'UTC')!;
      const gap1 = afterOne.due.getTime() - at('2025-03-02T09:00:00Z').getTime();
      expect(gap1).toBeGreaterThanOrEqual(3 * DAY);
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: afterOne.due }); // review 2: pass
      const afterTwo = scheduleReview((await history()), afterOne.due, 'UTC')!;
      expect(afterTwo.due.getTime() - afterOne.due.getTime()).toBeGreaterThan(gap1);
      expect(afterTwo.log.map((entry) => `${entry.kind}:${entry.rating}`)).toEqual(['first-solve:good', 'review:good', 'review:good']);

      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: afterTwo.due, status: 'fail' }); // review 3: fail
      const lapsed = scheduleReview((await history()), afterTwo.due, 'UTC')!;
      expect(lapsed.log.at(-1)).toMatchObject({ kind: 'review', rating: 'again' });
      expect(lapsed.lapses).toBe(1);
      expect(lapsed.due.getTime() - afterTwo.due.getTime()).toBeLessThanOrEqual(DAY);
    });

    it('ignores practice submits before the due day', async () => {
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T09:00:00Z' });
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T15:00:00Z', status: 'fail' });
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T16:00:00Z' });
      const review = scheduleReview((await history()), at('2025-03-01T17:00:00Z'), 'UTC')!;
      expect(review.log).toHaveLength(1);
      expect(review.lapses).toBe(0);
    });

    it('counts a review as due from local midnight of its due day, in the user’s zone', async () => {
      // Solved 20:00 UTC on 1 March: due 20:00 UTC on 2 March, which is 3 March 07:00 in Sydney.
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T20:00:00Z' });
      const morningUtc = at('2025-03-02T08:00:00Z');
      const inUtc = computeProgress(CATALOG, await loadExerciseHistories(t.db, userId), morningUtc, 'UTC').get('fe-easy')!;
      expect(inUtc.status).toBe('due');
      const inSydney = computeProgress(CATALOG, await loadExerciseHistories(t.db, userId), morningUtc, 'Australia/Sydney').get('fe-easy')!;
      expect(inSydney.status).toBe('solved');
      expect(inSydney.review!.dueDay).toBe('2025-03-03');
      // A submit early on the due day (before the due hour) is the review.
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-02T06:00:00Z' });
      const reviewed = scheduleReview((await history()), at('2025-03-02T07:00:00Z'), 'UTC')!;
      expect(reviewed.log.map((entry) => entry.kind)).toEqual(['first-solve', 'review']);
    });

    it('queues due reviews most overdue first and lists upcoming ones, for this user only', async () => {
      const other = await t.addUser('someone-else');
      await t.addSubmission({ userId: other, exerciseId: 'dd-easy', at: '2025-02-01T09:00:00Z' });
      await t.addSubmission({ userId, exerciseId: 'fe-easy', at: '2025-03-01T09:00:00Z' });
      await t.addSubmission({ userId, exerciseId: 'fe-medium', at: '2025-03-03T09:00:00Z' });
      await t.addSubmission({ userId, exerciseId: 'dd-hard', at: '2025-03-05T09:00:00Z' });
      const now = at('2025-03-05T12:00:00Z');
      const progress = computeProgress(CATALOG, await loadExerciseHistories(t.db, userId), now, 'UTC');
      const queue = buildReviewQueue(CATALOG, progress, now, 'UTC');
      expect(queue.due.map((item) => item.exercise.id)).toEqual(['fe-easy', 'fe-medium']);
      expect(queue.upcoming.map((item) => item.exercise.id)).toEqual(['dd-hard']);
      expect(queue.due[0]).toMatchObject({ exercise: byId('fe-easy'), reviews: 1, lastRating: 'good' });
      expect(progress.get('dd-easy')!.status).toBe('not-started');
    });
  });
});
