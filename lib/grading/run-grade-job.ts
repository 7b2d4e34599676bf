import { getEnv } from '@/lib/env';
import type { PoolResult } from './grader-pool';
import { getGrader } from './grader';
import type { JobAnswer } from './queue/await-grade-job';
import { gradeOnQueue } from './queue/grade-on-queue';
import type { GradeJob } from './worker/job';

/** A grading job's answer: the pool's result, or why no worker gave one (queue mode only). */
export type GradeAnswer = PoolResult | Exclude<JobAnswer, { kind: 'answered' }>;

/**
 * Where the web tier asks for a grade: this server's own pool (GRADER_MODE=in-process), or a
 * grader worker through the queue (GRADER_MODE=queue), with the same plain-data job either way.
 * `jobId` names the job on the queue (the submission it becomes keeps the same id).
 * Throws a 429 AppError when the client or the queue is at its cap, a 503 one when no grader can run.
 */
export async function runGradeJob(job: GradeJob, deadlineMs: number, client: string, jobId: string): Promise<GradeAnswer> {
  if (getEnv().GRADER_MODE === 'queue') {
    const answer = await gradeOnQueue(jobId, job, deadlineMs, client);
    if (answer.kind !== 'answered') console.warn(`[grading queue] job ${jobId} got no answer: ${answer.kind === 'failed' ? answer.detail : `no worker within ${answer.waitedMs} ms`}`);
    return answer.kind === 'answered' ? answer.result : answer;
  }
  const { pool } = await getGrader();
  return pool.run(job, deadlineMs, client);
}

/** The error verdict of a job no worker answered: nothing of the learner's code was judged. */
export function describeUnanswered(answer: Exclude<GradeAnswer, PoolResult>): { status: 'error'; message: string } {
  if (answer.kind === 'no_worker') {
    return { status: 'error', message: `No grading worker answered within ${Math.round(answer.waitedMs / 1000)} seconds, so your code was not graded. The graders are busy or stopped: try again in a minute.` };
  }
  return { status: 'error', message: 'The grading workers stopped twice while grading your code, so it was not graded. Try again; if it happens again, look for very large allocations.' };
}
