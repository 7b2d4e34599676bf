import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const projectDir = path.resolve(__dirname, '..', '..');
const OUTPUT_CAP = 20_000;

/** A `grader:worker` process: what `npm run grader:worker` starts, as one process (so SIGKILL takes it whole). */
export interface GraderWorkerProcess {
  pid: number;
  output(): string;
  /** Kills it at once, the way a machine or process dies mid-job; its grader processes exit with it. */
  kill(): Promise<void>;
  /** Asks it to finish its jobs and stop (SIGTERM), killing it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** The environment a worker gets: the test runner's, minus vitest's own, plus `env`. */
function workerEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'TEST' && key !== 'NODE_ENV') base[key] = value;
  }
  return { ...base, NODE_ENV: 'production', ...env };
}

/**
 * Starts lib/cli/grader-worker.ts with node and tsx's loader (no tsx wrapper process in between)
 * and resolves once it says it is grading. `env` must hold DATABASE_URL.
 */
export async function startGraderWorker(env: Record<string, string>, timeoutMs = 120_000): Promise<GraderWorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('lib', 'cli', 'grader-worker.ts')], {
    cwd: projectDir,
    env: workerEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_CAP);
      if (output.includes('[grader:worker] pid')) resolve();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code, signal) => reject(new Error(`the grader worker exited before it was ready (${code ?? signal}):\n${output}`)));
  });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the grader worker was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
  });
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    pid: child.pid!,
    output: () => output,
    kill,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(force);
    },
  };
}
