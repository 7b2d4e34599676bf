/**
 * Queue mode (GRADER_MODE=queue) for a test file: a fresh empty database of the unit suite's
 * PostgreSQL cluster per test, the web tier of this process configured for it, and real
 * `grader:worker` processes (tsx, the real sandbox) started on demand and killed after each test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { createPostgresTestDatabase } from '@/test/helpers/postgres-test-database';
import { startGraderWorker, type GraderWorkerProcess } from '@/test/support/grader-worker-process';

const CATALOG = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'catalog');
/** Spins until the pool's watchdog or the case timeout stops it: a job that is surely mid-grading for seconds. */
export const SPINS = "import * as tf from '@tensorflow/tfjs';\nexport function double(values: number[]): number[] {\n  for (;;) {}\n}\nexport function doubleTensor(x: tf.Tensor): tf.Tensor {\n  for (;;) {}\n}\n";

interface JobRow {
  state: string;
  retry_count: number;
}

export interface QueueGrading {
  /** The fixture exercise every job grades. */
  exercise(): Exercise;
  /** A file of the exercise's folder, e.g. `.meta/solution.ts`. */
  read(file: string): string;
  /** SQL on the test's database. */
  sql(): Pool;
  /** Starts a worker on the test's database: one grader process, no prepared stock. */
  startWorker(): Promise<GraderWorkerProcess>;
  /** The job's row in pg-boss's table. */
  jobRow(id: string): Promise<JobRow | undefined>;
  waitForJob(id: string, done: (row: JobRow) => boolean): Promise<void>;
  /** The web tier of this process, loaded fresh for the test's settings. */
  webTier(): Promise<typeof import('@/lib/grading/grade-submission') & typeof import('@/lib/submissions/record-submission') & { db: Awaited<ReturnType<typeof import('@/db/app-db').getAppDb>> }>;
}

export function useQueueGrading(): QueueGrading {
  let exercise: Exercise;
  let url: string;
  let sql: Pool;
  const workers: GraderWorkerProcess[] = [];

  beforeAll(() => {
    exercise = loadCatalogOrThrow(CATALOG).find((e) => e.meta.slug === 'double-the-values')!;
  });
  beforeEach(async () => {
    url = await createPostgresTestDatabase({ empty: true });
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

  const jobRow = async (id: string) => (await sql.query<JobRow>('SELECT state, retry_count FROM pgboss.job WHERE id = $1', [id])).rows[0];
  return {
    exercise: () => exercise,
    read: (file) => fs.readFileSync(path.join(exercise.dir, file), 'utf8'),
    sql: () => sql,
    async startWorker() {
      const worker = await startGraderWorker({ DATABASE_URL: url, GRADER_WORKERS: '1', GRADER_PREPARED_CONTEXTS: '0' });
      workers.push(worker);
      return worker;
    },
    jobRow,
    async waitForJob(id, done) {
      await vi.waitFor(async () => expect(done((await jobRow(id)) ?? { state: 'none', retry_count: -1 })).toBe(true), { timeout: 60_000, interval: 50 });
    },
    async webTier() {
      return {
        ...(await import('@/lib/grading/grade-submission')),
        ...(await import('@/lib/submissions/record-submission')),
        db: await (await import('@/db/app-db')).getAppDb(),
      };
    },
  };
}
