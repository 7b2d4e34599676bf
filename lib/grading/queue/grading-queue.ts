import { PgBoss, type Queue } from 'pg-boss';
import { parsePlain, stringifyPlain } from '../encode-plain';
import type { PoolResult } from '../grader-pool';
import type { GradeJob } from '../worker/job';

/**
 * The pg-boss queue grading jobs go through in queue mode (GRADER_MODE=queue): its name, its
 * settings and the one way to connect to it, shared by web servers and grader workers.
 */
export const GRADING_QUEUE = 'grading';
/** pg-boss keeps its tables in this PostgreSQL schema of the app's database. */
export const BOSS_SCHEMA = 'pgboss';
/** A worker that stops answering (killed, machine gone) is noticed after this long: pg-boss's shortest heartbeat. */
export const HEARTBEAT_SECONDS = 10;
/** How often expired heartbeats and jobs are looked for (by whichever instance claims the pass). */
const SUPERVISE_SECONDS = 2;

/** What a web server puts on the queue: the plain-data job of the in-process pool, its deadline and who asked. */
export interface QueuedGradeJob {
  job: GradeJob;
  deadlineMs: number;
  client: string;
}

/** What a worker answers: the pool's own result. */
export type QueuedGradeOutput = PoolResult;

/**
 * How a job and its answer travel on the queue: pg-boss stores them as JSON, which turns NaN and
 * ±Infinity into null and drops -0 and undefined, values tests pass and submissions return. So
 * both travel as plain-data text (encode-plain.ts), read back exactly as in-process grading sees them.
 */
export interface OnTheQueue {
  plain: string;
}

export function toQueue(value: QueuedGradeJob | QueuedGradeOutput): OnTheQueue {
  return { plain: stringifyPlain(value) };
}

export function fromQueue<T extends QueuedGradeJob | QueuedGradeOutput>(stored: unknown): T {
  const plain = (stored as Partial<OnTheQueue> | null)?.plain;
  if (typeof plain !== 'string') throw new Error('a grading job on the queue is not in the form this version writes');
  return parsePlain(plain) as T;
}

/**
 * Retried once (a worker that dies mid-job hands the job to another), then failed. A finished job
 * is kept an hour (its retries stay countable), then pg-boss deletes it.
 */
const QUEUE_OPTIONS: Omit<Queue, 'name'> = {
  retryLimit: 1,
  retryDelay: 0,
  heartbeatSeconds: HEARTBEAT_SECONDS,
  deleteAfterSeconds: 60 * 60,
  notify: true,
};

/** A started pg-boss on `url` whose grading queue exists; `max` connections of its own. */
export async function openGradingBoss(url: string, max: number): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: BOSS_SCHEMA,
    max,
    application_name: 'ml-practice-studio grading',
    useListenNotify: true,
    schedule: false,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
  });
  boss.on('error', (error: Error) => console.error(`[grading queue] ${error.message}`));
  await boss.start();
  await ensureGradingQueue(boss);
  return boss;
}

/** Creates the grading queue unless another server or worker did (they may start together). */
async function ensureGradingQueue(boss: PgBoss): Promise<void> {
  if (await boss.getQueue(GRADING_QUEUE)) return;
  try {
    await boss.createQueue(GRADING_QUEUE, QUEUE_OPTIONS);
  } catch (error) {
    if (!(await boss.getQueue(GRADING_QUEUE))) throw error;
  }
}
