/**
 * Queue mode (GRADER_MODE=queue) against the unit suite's PostgreSQL: a worker killed mid-job
 * (SIGKILL) hands its job to another, once, and the submission is recorded once.
 */
import { describe, expect, it } from 'vitest';
import { SPINS, useQueueGrading } from './use-queue-grading';

describe('a worker that dies mid-job', () => {
  const queue = useQueueGrading();

  it('retries the job of a worker killed mid-job once, on another worker, and records its submission once', async () => {
    const first = await queue.startWorker();
    const { gradeSubmission, recordSubmission, db } = await queue.webTier();
    const jobId = crypto.randomUUID();
    const grading = gradeSubmission({ exercise: queue.exercise(), code: SPINS, mode: 'submit', jobId });
    await queue.waitForJob(jobId, (row) => row.state === 'active');
    await first.kill();
    await queue.startWorker();
    const result = await grading;
    expect(result.status).toBe('timeout');
    expect(await queue.jobRow(jobId)).toEqual({ state: 'completed', retry_count: 1 });

    await db.insert((await import('@/db/pg-schema')).users).values({ id: 'learner' });
    const row = { id: jobId, userId: 'learner', exerciseId: queue.exercise().meta.uuid, mode: 'submit' as const, code: SPINS, result };
    expect(await recordSubmission(db, row)).toBe(jobId);
    expect(await recordSubmission(db, row)).toBe(jobId);
    expect((await queue.sql().query('SELECT id FROM submissions')).rows).toEqual([{ id: jobId }]);
  }, 180_000);
});
