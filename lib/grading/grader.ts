import path from 'node:path';
import { getEnv } from '@/lib/env';
import { gradingLimits } from '@/lib/limits';
import { buildGraderArtifacts } from './build-grader-artifacts';
import { bwrapArgs, detectConfinement, graderReadOnlyPaths, type Confinement } from './confinement';
import { GraderPool } from './grader-pool';

export interface Grader {
  pool: GraderPool;
  confinement: Confinement;
}

/** Kept on globalThis so a dev-server reload does not start a second pool. */
const store = globalThis as typeof globalThis & { __grader?: Promise<Grader> };

async function startGrader(): Promise<Grader> {
  const env = getEnv();
  const artifacts = await buildGraderArtifacts();
  const artifactsDir = path.dirname(artifacts.runtimeFile);
  const readOnly = graderReadOnlyPaths(artifactsDir);
  const confinement = detectConfinement(env.GRADER_SANDBOX, readOnly);
  const log = confinement.kind === 'bwrap' ? console.info : console.warn;
  log(`[grader] confinement: ${confinement.description}`);

  const node = [process.execPath, '--no-node-snapshot', '--max-old-space-size=512', artifacts.workerFile, artifacts.runtimeFile, artifactsDir];
  // No core dumps, few files, no file larger than 1 MB written.
  const limits = ['prlimit', '--core=0', '--nofile=256', '--fsize=1048576', '--'];
  const command =
    confinement.kind === 'bwrap'
      ? { file: 'bwrap', args: [...bwrapArgs(readOnly), ...limits, ...node] }
      : { file: 'prlimit', args: [...limits.slice(1), ...node] };
  const pool = new GraderPool({
    size: env.GRADER_WORKERS,
    limits: gradingLimits(),
    runsPerWorker: env.GRADER_RUNS_PER_WORKER,
    command: { ...command, env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', NODE_ENV: 'production' } },
    log: (message) => console.warn(`[grader] ${message}`),
  });
  await pool.ready();
  return { pool, confinement };
}

/** The grader pool, started on first use (or at server start by instrumentation.ts). */
export function getGrader(): Promise<Grader> {
  store.__grader ??= startGrader().catch((error: unknown) => {
    store.__grader = undefined;
    throw error;
  });
  return store.__grader;
}

/** Stops the pool (tests, benchmarks). */
export async function stopGrader(): Promise<void> {
  const grader = store.__grader;
  store.__grader = undefined;
  if (grader) await (await grader).pool.stop();
}

export type GraderState =
  | { state: 'not-started' }
  | { state: 'starting' }
  | { state: 'ready'; confinement: Confinement; workers: number; busy: number; queued: number; networkReachable?: boolean }
  | { state: 'failed'; error: string };

/** What the grader is doing, without starting it. */
export async function describeGrader(): Promise<GraderState> {
  const pending = store.__grader;
  if (!pending) return { state: 'not-started' };
  const settled = await Promise.race([pending.then((g) => ({ g }), (error: unknown) => ({ error })), new Promise<undefined>((r) => setTimeout(r, 50))]);
  if (!settled) return { state: 'starting' };
  if ('error' in settled) return { state: 'failed', error: settled.error instanceof Error ? settled.error.message : String(settled.error) };
  const { pool, confinement } = settled.g;
  return { state: 'ready', confinement, ...pool.stats(), networkReachable: pool.lastConfinementCheck?.network };
}
