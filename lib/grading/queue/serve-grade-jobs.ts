import type { PgBoss } from 'pg-boss';
import type { GraderPool } from '../grader-pool';
import { fromQueue, GRADING_QUEUE, toQueue, type OnTheQueue, type QueuedGradeJob } from './grading-queue';

/** How often an idle worker looks for jobs when no notification woke it. */
const POLL_SECONDS = 2;

/**
 * Takes grading jobs off the queue into `pool`, as many at a time as it has grader processes, and
 * completes each with the pool's result (a verdict for the web server to judge, crashes and
 * deadlines included). pg-boss keeps each job's heartbeat while it grades: a worker that dies
 * leaves its jobs to be retried once by another. At most `runningPerClient` jobs of one client are
 * in workers at once, counted in the database across every worker.
 */
export function serveGradeJobs(boss: PgBoss, pool: GraderPool, options: { graders: number; runningPerClient: number }): Promise<string> {
  return boss.work<OnTheQueue, OnTheQueue>(
    GRADING_QUEUE,
    {
      localConcurrency: options.graders,
      groupConcurrency: options.runningPerClient,
      pollingIntervalSeconds: POLL_SECONDS,
    },
    async ([job]) => {
      if (!job) throw new Error('pg-boss handed the worker an empty batch');
      const { job: gradeJob, deadlineMs, client } = fromQueue<QueuedGradeJob>(job.data);
      return toQueue(await pool.run(gradeJob, deadlineMs, client));
    },
  );
}
