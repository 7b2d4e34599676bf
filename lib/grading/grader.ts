import path from 'node:path';
import { getEnv } from '@/lib/env';
import { gradingLimits } from '@/lib/limits';
import { buildGraderArtifacts, type GraderArtifacts } from './build-grader-artifacts';
import { bwrapArgs, ConfinementError, detectConfinement, graderReadOnlyPaths, readOnlyMounts, type Confinement } from './confinement';
import { confinementProblems, GRADER_ENV, GRADER_LIMITS, limitProblems, summarizeReport, type ConfinementReport, type ConfinementSummary } from './confinement-report';
import { GraderPool, type PoolOptions } from './grader-pool';

export interface Grader {
  pool: GraderPool;
  confinement: Confinement;
  /** The host folders its processes may read (besides the system's). */
  readOnly: string[];
}

/**
 * Kept on globalThis so a dev-server reload does not start a second pool. A failed start is
 * forgotten (the next call tries again) but its message is kept for the health check.
 */
const store = globalThis as typeof globalThis & { __grader?: Promise<Grader>; __graderFailure?: string };

/** How to start one grader process: node under prlimit, inside bubblewrap when confined. */
function graderCommand(artifacts: GraderArtifacts, confinement: Confinement, readOnly: string[], preparedContexts: number): PoolOptions['command'] {
  const artifactsDir = path.dirname(artifacts.runtimeFile);
  // The project folder is passed only so the process can check, at start, that it cannot see it.
  const node = [process.execPath, '--no-node-snapshot', '--max-old-space-size=512', artifacts.workerFile, artifacts.runtimeFile, artifactsDir, process.cwd(), String(preparedContexts)];
  const limits = ['prlimit', `--core=${GRADER_LIMITS.coreFileBytes}`, `--nofile=${GRADER_LIMITS.openFiles}`, `--fsize=${GRADER_LIMITS.fileSizeBytes}`, '--'];
  const command =
    confinement.kind === 'bwrap'
      ? { file: 'bwrap', args: [...bwrapArgs(readOnly), ...limits, ...node] }
      : { file: 'prlimit', args: [...limits.slice(1), ...node] };
  return { ...command, env: { ...GRADER_ENV } };
}

/** What a started grader process reported that its confinement should have prevented. */
function reportedProblems(confinement: Confinement, report: ConfinementReport | undefined, readOnly: string[]): string[] {
  if (!report) return ['sent no report of its confinement'];
  return confinement.kind === 'bwrap' ? confinementProblems(report, readOnlyMounts(readOnly)) : limitProblems(report.limits);
}

async function startGrader(): Promise<Grader> {
  const env = getEnv();
  const artifacts = await buildGraderArtifacts();
  const readOnly = graderReadOnlyPaths(path.dirname(artifacts.runtimeFile));
  const confinement = detectConfinement(env.GRADER_SANDBOX, readOnly);
  const log = confinement.kind === 'bwrap' ? console.info : console.warn;
  log(`[grader] confinement: ${confinement.description}`);

  const pool = new GraderPool({
    size: env.GRADER_WORKERS,
    limits: gradingLimits(),
    runsPerWorker: env.GRADER_RUNS_PER_WORKER,
    command: graderCommand(artifacts, confinement, readOnly, env.GRADER_PREPARED_CONTEXTS),
    log: (message) => console.warn(`[grader] ${message}`),
  });
  await pool.ready();
  // Checked from inside the first process: a grader that is less confined than asked never grades.
  const problems = reportedProblems(confinement, pool.confinementReport, readOnly);
  if (problems.length > 0) {
    await pool.stop();
    throw new ConfinementError(`A grader process (${confinement.description}) ${problems.join('; ')}. Check the bubblewrap and prlimit installation.`);
  }
  return { pool, confinement, readOnly };
}

/** The grader pool, started on first use (or at server start by instrumentation.ts). */
export function getGrader(): Promise<Grader> {
  store.__grader ??= startGrader().then(
    (grader) => {
      store.__graderFailure = undefined;
      return grader;
    },
    (error: unknown) => {
      store.__grader = undefined;
      store.__graderFailure = error instanceof Error ? error.message : String(error);
      throw error;
    },
  );
  return store.__grader;
}

/** Stops the pool (tests, benchmarks). */
export async function stopGrader(): Promise<void> {
  const grader = store.__grader;
  store.__grader = undefined;
  store.__graderFailure = undefined;
  if (grader) await (await grader).pool.stop();
}

export type GraderState =
  | { state: 'not-started' }
  | { state: 'starting' }
  | { state: 'ready'; confinement: Confinement & { verified: ConfinementSummary | null }; workers: number; busy: number; queued: number }
  | { state: 'failed'; error: string };

/** What the grader is doing, without starting it. */
export async function describeGrader(): Promise<GraderState> {
  const pending = store.__grader;
  if (!pending) return store.__graderFailure === undefined ? { state: 'not-started' } : { state: 'failed', error: store.__graderFailure };
  const settled = await Promise.race([pending.then((g) => ({ g }), () => ({ failed: true })), new Promise<undefined>((r) => setTimeout(r, 50))]);
  if (!settled) return { state: 'starting' };
  if ('failed' in settled) return { state: 'failed', error: store.__graderFailure ?? 'the grader failed to start' };
  const { pool, confinement, readOnly } = settled.g;
  // The latest process's own report, checked again: a replacement process is started the same way.
  const report = pool.confinementReport;
  const verified = report ? summarizeReport(report, reportedProblems(confinement, report, readOnly)) : null;
  return { state: 'ready', confinement: { ...confinement, verified }, ...pool.stats() };
}
