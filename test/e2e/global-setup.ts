import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp, startAppServer } from '../support/app-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the production server the browser tests drive. */
    baseUrl: string;
    /** Its SQLite file, for tests that move stored times (e.g. "come back the next day"). */
    databasePath: string;
  }
}

const LOG_DIR = path.resolve(__dirname, '..', '..', 'test-results');

/**
 * Builds the app (`E2E_SKIP_BUILD=1` reuses an existing build) and starts `next start` on a free
 * loopback port with a temporary database, for the whole browser suite.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const buildStarted = Date.now();
  const build = buildApp({ skipIfBuilt: process.env.E2E_SKIP_BUILD === '1' });
  if (build.skipped) {
    console.log('[e2e] E2E_SKIP_BUILD=1: using the existing .next build');
  } else {
    fs.writeFileSync(path.join(LOG_DIR, 'e2e-build.log'), build.output);
    console.log(`[e2e] next build took ${((Date.now() - buildStarted) / 1000).toFixed(1)} s (log: test-results/e2e-build.log)`);
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-e2e-'));
  const databasePath = path.join(dataDir, 'app.db');
  // Every browser of the suite connects from 127.0.0.1, one client to the server: its per-client
  // allowances are raised so that the suite's many guests, accounts and grades are not refused.
  const env = { GUESTS_PER_CLIENT_PER_HOUR: '100000', SIGN_UPS_PER_CLIENT_PER_HOUR: '100000', GRADER_QUEUED_PER_CLIENT: '1000' };
  const server = await startAppServer({ databasePath, env }).catch((error: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  console.log(`[e2e] next start answered on ${server.url} after ${Math.round(server.startupMs)} ms`);
  project.provide('baseUrl', server.url);
  project.provide('databasePath', databasePath);

  return async () => {
    await server.stop();
    fs.writeFileSync(path.join(LOG_DIR, 'e2e-server.log'), server.output());
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
