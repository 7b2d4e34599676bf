import type { PgBoss } from 'pg-boss';
import { getAppDb } from '@/db/app-db';
import { getEnv } from '@/lib/env';
import { gradingLimits } from '@/lib/limits';
import type { GradeJob } from '../worker/job';
import { awaitGradeJob, type JobAnswer } from './await-grade-job';
import { enqueueGradeJobOrThrow } from './enqueue-grade-job';
import { openGradingBoss } from './grading-queue';

/** Connections a web server's pg-boss keeps (its waits are short reads; admissions use the app's pool). */
const WEB_BOSS_CONNECTIONS = 4;

/** Kept on globalThis so a dev-server reload does not connect twice; a failed start is retried by the next caller. */
const store = globalThis as typeof globalThis & { __gradingBoss?: Promise<PgBoss> };

function getWebBoss(url: string): Promise<PgBoss> {
  store.__gradingBoss ??= openGradingBoss(url, WEB_BOSS_CONNECTIONS).catch((error: unknown) => {
    store.__gradingBoss = undefined;
    throw error;
  });
  return store.__gradingBoss;
}

/** Disconnects this server from the queue (tests, shutdown). */
export async function stopWebBoss(): Promise<void> {
  const boss = store.__gradingBoss;
  store.__gradingBoss = undefined;
  if (boss) await (await boss.catch(() => undefined))?.stop({ graceful: false, close: true });
}

/**
 * Grades `job` on a grader worker through the queue (GRADER_MODE=queue) under job id `id`, waiting
 * up to GRADER_QUEUE_WAIT_SECONDS on top of the job's own deadline. Throws a 429 AppError when the
 * client or the queue is at its cap, across every web server.
 */
export async function gradeOnQueue(id: string, job: GradeJob, deadlineMs: number, client: string): Promise<JobAnswer> {
  const env = getEnv();
  if (!env.DATABASE_URL) throw new Error('GRADER_MODE=queue needs DATABASE_URL');
  const [boss, db] = await Promise.all([getWebBoss(env.DATABASE_URL), getAppDb()]);
  await enqueueGradeJobOrThrow(boss, db.$client, id, { job, deadlineMs, client }, gradingLimits());
  return awaitGradeJob(boss, id, env.GRADER_QUEUE_WAIT_SECONDS * 1000 + deadlineMs);
}
