import type { Pool, PoolClient } from 'pg';
import type { PgBoss } from 'pg-boss';
import { AppError } from '@/lib/errors';
import type { PoolLimits } from '../grader-pool';
import { BOSS_SCHEMA, GRADING_QUEUE, toQueue, type QueuedGradeJob } from './grading-queue';

/** One admission at a time across every web server, so two cannot both take the last place. */
const ADMISSION_LOCK = "hashtext('ml-practice-studio grading admission')";

interface Held {
  /** The client's jobs waiting or in a worker. */
  client: number;
  /** Jobs waiting for a worker, all clients together. */
  waiting: number;
}

/** What the queue holds now, read from pg-boss's own job table: its jobs are the one record of who waits. */
async function countHeld(tx: PoolClient, client: string): Promise<Held> {
  const { rows } = await tx.query<{ client: number; waiting: number }>(
    `SELECT count(*) FILTER (WHERE group_id = $2)::int AS client, count(*) FILTER (WHERE state < 'active')::int AS waiting
       FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state < 'completed'`,
    [GRADING_QUEUE, client],
  );
  return rows[0] ?? { client: 0, waiting: 0 };
}

function refuseBeyondLimitsOrThrow(held: Held, limits: PoolLimits): void {
  if (held.client >= limits.runningPerClient + limits.queuedPerClient) {
    throw new AppError('rate_limited', `${held.client} submissions from your address are being graded or waiting. Wait for their results, then try again.`, {
      retryAfterSeconds: limits.busyRetrySeconds,
    });
  }
  if (held.waiting >= limits.queueLimit) {
    throw new AppError('rate_limited', `The grader is busy: ${held.waiting} submissions are waiting. Try again in a few seconds.`, {
      retryAfterSeconds: limits.queueFullRetrySeconds,
    });
  }
}

/**
 * Puts a grading job on the queue under `id`, in one transaction with the count it was admitted on,
 * so the caps hold across every web server. Per-client fairness: the job is in the client's group
 * (workers run at most `runningPerClient` of a group at once, counted in the database) and its
 * priority falls with each job the client already has, so every client's next job comes before
 * anyone's one after. Throws a 429 AppError when the client or the queue is at its cap.
 */
export async function enqueueGradeJobOrThrow(boss: PgBoss, pool: Pool, id: string, data: QueuedGradeJob, limits: PoolLimits): Promise<void> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await tx.query(`SELECT pg_advisory_xact_lock(${ADMISSION_LOCK})`);
    const held = await countHeld(tx, data.client);
    refuseBeyondLimitsOrThrow(held, limits);
    await boss.send(GRADING_QUEUE, toQueue(data), {
      id,
      priority: -held.client,
      group: { id: data.client },
      expireInSeconds: Math.ceil(data.deadlineMs / 1000) + 30,
      db: { executeSql: (text, values) => tx.query(text, values) },
    });
    await tx.query('COMMIT');
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
