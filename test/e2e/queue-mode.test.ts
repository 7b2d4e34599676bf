/**
 * The several-machines configuration in a browser: a production server on a throwaway PostgreSQL
 * (DATABASE_URL) in queue mode (GRADER_MODE=queue), its grading done by a separate grader:worker
 * process, and a learner's Submit going all the way through it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { startAppServer, type AppServer } from '../support/app-server';
import { startGraderWorker, type GraderWorkerProcess } from '../support/grader-worker-process';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { externalRequests, launchBrowser, openPage } from './browser';
import { fetchCatalog } from './public-catalog';
import { grade, setEditorCode, solutionOf, waitForMonaco } from './workspace-page';

let cluster: PostgresCluster;
let url: string;
let server: AppServer;
let worker: GraderWorkerProcess;
let browser: Browser;
let exercise: PublicExercise;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-e2e-queue-'));

beforeAll(async () => {
  cluster = await startPostgresCluster();
  url = await cluster.createDatabase();
  server = await startAppServer({ databasePath: path.join(dataDir, 'unused.db'), env: { DATABASE_URL: url, GRADER_MODE: 'queue' }, waitForGrader: false });
  worker = await startGraderWorker({ DATABASE_URL: url, GRADER_WORKERS: '1' });
  browser = await launchBrowser();
  exercise = (await fetchCatalog(server.url))[0]!;
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await server?.stop();
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the app on PostgreSQL with grading workers', () => {
  it('grades a Submit on a worker, records it once in PostgreSQL and shows the exercise solved after a reload', async () => {
    const { context, page, requests } = await openPage(browser);
    await page.goto(`${server.url}${exercise.url}`);
    await waitForMonaco(page);
    await setEditorCode(page, solutionOf(exercise));
    expect(await grade(page, 'Submit')).toBe('Passed');
    await page.getByRole('status').filter({ hasText: 'Solved!' }).waitFor();
    await page.reload();
    await page.locator('#solution').getByText('You solved this exercise').waitFor();
    expect(externalRequests(requests, server.url)).toEqual([]);
    await context.close();

    // The grade came from the worker's queue job, and the submission kept that job's id.
    const sql = new Pool({ connectionString: url, max: 1 });
    try {
      const { rows } = await sql.query<{ state: string; recorded: boolean }>(
        "SELECT j.state, EXISTS (SELECT 1 FROM submissions s WHERE s.id = j.id::text AND s.status = 'pass') AS recorded FROM pgboss.job j WHERE j.name = 'grading'",
      );
      expect(rows).toEqual([{ state: 'completed', recorded: true }]);
    } finally {
      await sql.end();
    }
  });
});
