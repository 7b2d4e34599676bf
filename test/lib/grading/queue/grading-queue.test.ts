/**
 * Queue mode (GRADER_MODE=queue) against a throwaway PostgreSQL: web-tier calls in this process,
 * real `grader:worker` processes (tsx, the real sandbox) beside it, one fresh database per test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import type { PoolLimits } from '@/lib/grading/grader-pool';
import { startGraderWorker, type GraderWorkerProcess } from '@/test/support/grader-worker-process';
import { startPostgresCluster, type PostgresCluster } from '@/test/support/postgres-cluster';

const CATALOG = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'catalog');
/** Spins until the pool's watchdog or the case timeout stops it: a job that is surely mid-grading for seconds. */
const SPINS = "import * as tf from '@tensorflow/tfjs';\nexport function double(values: number[]): number[] {\n  for (;;) {}\n}\nexport function doubleTensor(x: tf.Tensor): tf.Tensor {\n  for (;;) {}\n}\n";

let cluster: PostgresCluster;
let exercise: Exercise;
const read = (file: string) => fs.readFileSync(path.join(exercise.dir, file), 'utf8');

beforeAll(async () => {
  cluster = await startPostgresCluster();
  exercise = loadCatalogOrThrow(CATALOG).find((e) => e.meta.slug === 'double-the-values')!;
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('grading through the queue', () => {
  let url: string;
  let sql: Pool;
  const workers: GraderWorkerProcess[] = [];
  const startWorker = async () => {
    const worker = await startGraderWorker({ DATABASE_URL: url, GRADER_WORKERS: '1', GRADER_PREPARED_CONTEXTS: '0' });
    workers.push(worker);
    return worker;
  };
  const jobRow = async (id: string) => (await sql.query<{ state: string; retry_count: number }>('SELECT state, retry_count FROM pgboss.job WHERE id = $1', [id])).rows[0];
  const waitForJob = async (id: string, done: (row: { state: string; retry_count: number }) => boolean) => {
    await vi.waitFor(async () => expect(done((await jobRow(id)) ?? { state: 'none', retry_count: -1 })).toBe(true), { timeout: 60_000, interval: 50 });
  };
  /** The web tier of this process, fresh for the test's settings. */
  const webTier = async () => ({
    ...(await import('@/lib/grading/grade-submission')),
    ...(await import('@/lib/submissions/record-submission')),
    db: await (await import('@/db/app-db')).getAppDb(),
  });

  beforeEach(async () => {
    url = await cluster.createDatabase();
    sql = new Pool({ connectionString: url, max: 2 });
    vi.stubEnv('DATABASE_URL', url);
    vi.stubEnv('GRADER_MODE', 'queue');
    vi.resetModules();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
    await (await import('@/lib/grading/queue/grade-on-queue')).stopWebBoss();
    await (await import('@/db/app-db')).closeAppDb();
    await sql.end();
    vi.unstubAllEnvs();
  });

  it('grades on a worker with the verdicts of in-process grading: the reference passes every test, the starter fails', async () => {
    await startWorker();
    const { gradeSubmission } = await webTier();
    const passing = await gradeSubmission({ exercise, code: read('.meta/solution.ts'), mode: 'submit', jobId: crypto.randomUUID() });
    expect(passing.status).toBe('pass');
    expect(passing.tests.map((t) => `${t.id}:${t.status}`)).toEqual(['doubles-small-list:pass', 'doubles-a-tensor:pass', 'keeps-empty-list-empty:pass', 'doubles-negative-values:pass']);
    const jobId = crypto.randomUUID();
    const failing = await gradeSubmission({ exercise, code: read('starter.ts'), mode: 'submit', jobId });
    expect(failing.status).toBe('fail');
    expect(await jobRow(jobId)).toEqual({ state: 'completed', retry_count: 0 });
  }, 180_000);

  it('gives an error verdict by the deadline when no worker answers, and cancels the job so none grades it late', async () => {
    vi.stubEnv('GRADER_QUEUE_WAIT_SECONDS', '2');
    const { gradeSubmission } = await webTier();
    const jobId = crypto.randomUUID();
    const result = await gradeSubmission({ exercise, code: read('.meta/solution.ts'), mode: 'submit', jobId });
    expect(result).toMatchObject({ status: 'error', tests: [], message: expect.stringMatching(/^No grading worker answered within \d+ seconds/) });
    expect((await jobRow(jobId))?.state).toBe('cancelled');
  }, 60_000);

  it('retries the job of a worker killed mid-job once, on another worker, and records its submission once', async () => {
    const first = await startWorker();
    const { gradeSubmission, recordSubmission, db } = await webTier();
    const jobId = crypto.randomUUID();
    const grading = gradeSubmission({ exercise, code: SPINS, mode: 'submit', jobId });
    await waitForJob(jobId, (row) => row.state === 'active');
    await first.kill();
    await startWorker();
    const result = await grading;
    expect(result.status).toBe('timeout');
    expect(await jobRow(jobId)).toEqual({ state: 'completed', retry_count: 1 });

    await db.insert((await import('@/db/pg-schema')).users).values({ id: 'learner' });
    const row = { id: jobId, userId: 'learner', exerciseId: exercise.meta.uuid, mode: 'submit' as const, code: SPINS, result };
    expect(await recordSubmission(db, row)).toBe(jobId);
    expect(await recordSubmission(db, row)).toBe(jobId);
    expect((await sql.query('SELECT id FROM submissions')).rows).toEqual([{ id: jobId }]);
  }, 180_000);

  it('gives an error verdict when the workers of both attempts die', async () => {
    const first = await startWorker();
    const { gradeSubmission } = await webTier();
    const jobId = crypto.randomUUID();
    const grading = gradeSubmission({ exercise, code: SPINS, mode: 'submit', jobId });
    await waitForJob(jobId, (row) => row.state === 'active');
    await first.kill();
    const second = await startWorker();
    await waitForJob(jobId, (row) => row.state === 'active' && row.retry_count === 1);
    await second.kill();
    expect(await grading).toMatchObject({ status: 'error', tests: [], message: expect.stringMatching(/^The grading workers stopped twice/) });
    expect((await jobRow(jobId))?.state).toBe('failed');
  }, 180_000);
});

describe('admission to the queue', () => {
  const LIMITS: PoolLimits = { queueLimit: 5, runningPerClient: 1, queuedPerClient: 2, queueFullRetrySeconds: 5, busyRetrySeconds: 2 };
  const job = (client: string) => ({ job: { code: '', exports: [], cases: [], memoryMb: 64, seed: 1, logCapBytes: 1024 }, deadlineMs: 5_000, client });
  /** One web server: its own pg-boss and its own connection pool. */
  const servers: { boss: PgBoss; pool: Pool }[] = [];

  beforeEach(async () => {
    const url = await cluster.createDatabase();
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
