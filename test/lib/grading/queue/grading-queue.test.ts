/**
 * Queue mode (GRADER_MODE=queue) against the unit suite's PostgreSQL: the verdicts of a worker,
 * the deadline when none answers, and admission to the queue across web servers. A worker that
 * dies mid-job has files of its own, so that their waits for pg-boss's heartbeat overlap.
 */
import { Pool } from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PoolLimits } from '@/lib/grading/grader-pool';
import { createPostgresTestDatabase } from '@/test/helpers/postgres-test-database';
import { useQueueGrading } from './use-queue-grading';

describe('grading through the queue', () => {
  const queue = useQueueGrading();

  it('grades on a worker with the verdicts of in-process grading: the reference passes every test, the starter fails', async () => {
    await queue.startWorker();
    const { gradeSubmission } = await queue.webTier();
    const passing = await gradeSubmission({ exercise: queue.exercise(), code: queue.read('.meta/solution.ts'), mode: 'submit', jobId: crypto.randomUUID() });
    expect(passing.status).toBe('pass');
    expect(passing.tests.map((t) => `${t.id}:${t.status}`)).toEqual(['doubles-small-list:pass', 'doubles-a-tensor:pass', 'keeps-empty-list-empty:pass', 'doubles-negative-values:pass']);
    const jobId = crypto.randomUUID();
    const failing = await gradeSubmission({ exercise: queue.exercise(), code: queue.read('starter.ts'), mode: 'submit', jobId });
    expect(failing.status).toBe('fail');
    expect(await queue.jobRow(jobId)).toEqual({ state: 'completed', retry_count: 0 });
  }, 180_000);

  it('keeps NaN and ±Infinity, which JSON cannot hold, in what a submission returns, as in-process grading does', async () => {
    await queue.startWorker();
    const { gradeSubmission } = await queue.webTier();
    const code = "import * as tf from '@tensorflow/tfjs';\nexport function double(values: number[]): number[] {\n  return [NaN, Infinity, -Infinity, -0].slice(0, values.length);\n}\nexport function doubleTensor(x: tf.Tensor): tf.Tensor {\n  return tf.tidy(() => x.mul(2));\n}\n";
    const result = await gradeSubmission({ exercise: queue.exercise(), code, mode: 'run', jobId: crypto.randomUUID() });
    expect(result.tests[0]!.message).toContain('actual:   [NaN, Infinity, -Infinity]');
  }, 180_000);

  it('gives an error verdict by the deadline when no worker answers, and cancels the job so none grades it late', async () => {
    vi.stubEnv('GRADER_QUEUE_WAIT_SECONDS', '2');
    const { gradeSubmission } = await queue.webTier();
    const jobId = crypto.randomUUID();
    const result = await gradeSubmission({ exercise: queue.exercise(), code: queue.read('.meta/solution.ts'), mode: 'submit', jobId });
    expect(result).toMatchObject({ status: 'error', tests: [], message: expect.stringMatching(/^No grading worker answered within \d+ seconds/) });
    expect((await queue.jobRow(jobId))?.state).toBe('cancelled');
  }, 60_000);
});

describe('admission to the queue', () => {
  const LIMITS: PoolLimits = { queueLimit: 5, runningPerClient: 1, queuedPerClient: 2, queueFullRetrySeconds: 5, busyRetrySeconds: 2 };
  const job = (client: string) => ({ job: { code: '', exports: [], cases: [], memoryMb: 64, seed: 1, logCapBytes: 1024 }, deadlineMs: 5_000, client });
  /** One web server: its own pg-boss and its own connection pool. */
  const servers: { boss: PgBoss; pool: Pool }[] = [];

  beforeEach(async () => {
    const url = await createPostgresTestDatabase({ empty: true });
    const { openGradingBoss } = await import('@/lib/grading/queue/grading-queue');
    for (let i = 0; i < 2; i += 1) servers.push({ boss: await openGradingBoss(url, 2), pool: new Pool({ connectionString: url, max: 4 }) });
  });
  afterEach(async () => {
    for (const { boss, pool } of servers.splice(0)) {
      await boss.stop({ graceful: false, close: true });
      await pool.end();
    }
  });

  it('holds a client’s cap and the queue’s across two web servers, and takes clients in turn', async () => {
    const { enqueueGradeJobOrThrow } = await import('@/lib/grading/queue/enqueue-grade-job');
    const { GRADING_QUEUE } = await import('@/lib/grading/queue/grading-queue');
    const enqueue = (server: number, id: string, client: string) => enqueueGradeJobOrThrow(servers[server]!.boss, servers[server]!.pool, id, job(client), LIMITS).then(() => id);

    const ids = Array.from({ length: 8 }, () => crypto.randomUUID());
    const flood = await Promise.allSettled(ids.map((id, i) => enqueue(i % 2, id, 'a')));
    const admitted = flood.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(admitted).toHaveLength(LIMITS.runningPerClient + LIMITS.queuedPerClient);
    expect(flood.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual(Array(5).fill(expect.objectContaining({ code: 'rate_limited', message: expect.stringMatching(/^3 submissions from your address/) })));

    const b = await enqueue(1, crypto.randomUUID(), 'b');
    const c = await enqueue(0, crypto.randomUUID(), 'c');
    await expect(enqueue(1, crypto.randomUUID(), 'd')).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^The grader is busy: 5 submissions are waiting/) });

    // Every client's first job before anyone's second: a flood waits behind one job of each other client.
    const { rows } = await servers[0]!.pool.query<{ id: string; priority: number }>('SELECT id, priority FROM pgboss.job WHERE name = $1 AND group_id = $2 ORDER BY priority DESC', [GRADING_QUEUE, 'a']);
    const [a1, a2, a3] = rows.map((r) => r.id);
    const taken: string[] = [];
    for (let i = 0; i < 5; i += 1) taken.push(...(await servers[i % 2]!.boss.fetch(GRADING_QUEUE)).map((j) => j.id));
    expect(taken).toEqual([a1, b, c, a2, a3]);
  }, 60_000);
});
