import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const projectDir = path.resolve(__dirname, '..', '..');
const nextBin = path.join(projectDir, 'node_modules', 'next', 'dist', 'bin', 'next');
const OUTPUT_CAP = 50_000;

export interface AppServer {
  url: string;
  /** ms from spawning the server to its first healthy answer. */
  startupMs: number;
  output(): string;
  stop(): Promise<void>;
}

/** The environment of the build and the server: production, no telemetry, nothing of the test runner's. */
function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'TEST' && key !== 'NODE_ENV') env[key] = value;
  }
  return { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `next build`, unless a production build exists and `skipIfBuilt` is set. Returns the build's
 * output; throws with its last lines when the build fails.
 */
export function buildApp(options: { skipIfBuilt?: boolean } = {}): { skipped: boolean; output: string } {
  if (options.skipIfBuilt && fs.existsSync(path.join(projectDir, '.next', 'BUILD_ID'))) return { skipped: true, output: '' };
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: projectDir,
    env: serverEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status ?? result.signal}):\n${output.split('\n').slice(-40).join('\n')}`);
  }
  return { skipped: false, output };
}

/** Starts the production server on a loopback port and waits until /api/health answers 200 (and the grader is warm). */
export async function startAppServer(options: {
  databasePath: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Also wait for the grader pool to be warm (default true). */
  waitForGrader?: boolean;
  /** `next dev` instead of `next start` (no build needed; pages compile on first visit). */
  dev?: boolean;
  /** Listen on this port of 127.0.0.1 (default: a free one). */
  port?: number;
}): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [nextBin, options.dev ? 'dev' : 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: projectDir,
    env: serverEnv({ DATABASE_PATH: options.databasePath, PORT: String(port), ...(options.dev ? { NODE_ENV: 'development' } : {}), ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: `next start` forks a server process that must stop with it.
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_CAP);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    const group = -child.pid!;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(group, signal);
      } catch {
        // The group is already gone.
      }
    };
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Whatever the server forked (its worker, grader processes) goes too.
    signalGroup('SIGKILL');
  };

  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited early (code ${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      const health = (await response.json()) as { grader?: { state?: string } };
      if (response.ok && (options.waitForGrader === false || health.grader?.state === 'ready')) {
        return { url, startupMs: performance.now() - startedAt, output: () => output, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the server did not become healthy within ${timeoutMs} ms:\n${output}`);
}
