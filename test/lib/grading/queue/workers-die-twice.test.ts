/**
 * Queue mode (GRADER_MODE=queue) against the unit suite's PostgreSQL: when the workers of both
 * attempts of a job die, the job ends with an error verdict.
 */
import { describe, expect, it } from 'vitest';
import { SPINS, useQueueGrading } from './use-queue-grading';

describe('two workers that die on the same job', () => {
  const queue = useQueueGrading();

  it('gives an error verdict when the workers of both attempts die', async () => {
    const first = await queue.startWorker();
    const { gradeSubmission } = await queue.webTier();
    const jobId = crypto.randomUUID();
    const grading = gradeSubmission({ exercise: queue.exercise(), code: SPINS, mode: 'submit', jobId });
    await queue.waitForJob(jobId, (row) => row.state === 'active');
    await first.kill();
    const second = await queue.startWorker();
    await queue.waitForJob(jobId, (row) => row.state === 'active' && row.retry_count === 1);
    await second.kill();
    expect(await grading).toMatchObject({ status: 'error', tests: [], message: expect.stringMatching(/^The grading workers stopped twice/) });
    expect((await queue.jobRow(jobId))?.state).toBe('failed');
  }, 180_000);
});
