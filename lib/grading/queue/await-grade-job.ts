import { setTimeout as sleep } from 'node:timers/promises';
import type { PgBoss } from 'pg-boss';
import { fromQueue, GRADING_QUEUE, type QueuedGradeOutput } from './grading-queue';

/** How often a waiting web server reads the job's state. */
const POLL_MS = 100;

export type JobAnswer =
  | { kind: 'answered'; result: QueuedGradeOutput }
  /** No worker answered before the deadline (none running, all busy): the job is cancelled. */
  | { kind: 'no_worker'; waitedMs: number }
  /** Workers took it and failed it on every attempt (each died or could not grade). */
  | { kind: 'failed'; detail: string };

async function readJob(boss: PgBoss, id: string) {
  const [job] = await boss.findJobs<unknown>(GRADING_QUEUE, { id });
  return job;
}

/** The job's final answer, if it has one yet. */
async function settled(boss: PgBoss, id: string): Promise<JobAnswer | undefined> {
  const job = await readJob(boss, id);
  if (!job) return { kind: 'failed', detail: 'the job is no longer on the queue' };
  if (job.state === 'completed') {
    try {
      return { kind: 'answered', result: fromQueue<QueuedGradeOutput>(job.output) };
    } catch (error) {
      return { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
    }
  }
  if (job.state === 'failed') return { kind: 'failed', detail: JSON.stringify(job.output).slice(0, 500) };
  if (job.state === 'cancelled') return { kind: 'failed', detail: 'the job was cancelled' };
  return undefined;
}

/**
 * Waits until a worker completes job `id` or gives up on it (its retry included), or until
 * `deadlineMs` has passed; then cancels it so no worker starts it late, and answers no_worker
 * unless it completed in the meantime.
 */
export async function awaitGradeJob(boss: PgBoss, id: string, deadlineMs: number): Promise<JobAnswer> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < deadlineMs) {
    const answer = await settled(boss, id);
    if (answer) return answer;
    await sleep(POLL_MS);
  }
  await boss.cancel(GRADING_QUEUE, id);
  const answer = await settled(boss, id);
  return answer?.kind === 'answered' ? answer : { kind: 'no_worker', waitedMs: Date.now() - startedAt };
}
