import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the production server the browser tests drive. */
    baseUrl: string;
  }
}

const ROOT = path.resolve(__dirname, '..', '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const LOG_DIR = path.join(ROOT, 'test-results');
const START_TIMEOUT_MS = 60_000;

/** The environment of the build and the server: production, no telemetry, nothing from vitest. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'TEST' && key !== 'NODE_ENV') env[key] = value;
  }
  return { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

function buildOrThrow(): void {
  const skip = process.env.E2E_SKIP_BUILD === '1' && fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'));
  if (skip) {
    console.log('[e2e] E2E_SKIP_BUILD=1: using the existing .next build');
    return;
  }
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, env: serverEnv({}), encoding: 'utf8' });
  const log = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  fs.writeFileSync(path.join(LOG_DIR, 'e2e-build.log'), log);
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status ?? result.signal}):\n${log.split('\n').slice(-40).join('\n')}`);
  }
  console.log(`[e2e] next build took ${((Date.now() - started) / 1000).toFixed(1)} s (log: test-results/e2e-build.log)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      const body = await response.text();
      if (!response.ok) console.warn(`[e2e] /api/health answered ${response.status}: ${body}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`next start did not answer /api/health within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

function stopServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.pid === undefined) return resolve();
    const pid = server.pid;
    // The server leads its own process group (detached), so this also ends any grader processes it started.
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-pid, name);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => signal('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signal('SIGTERM');
  });
}

/** Builds the app (unless told not to), starts `next start` on a free port with a temporary database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildOrThrow();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-e2e-'));
  const server = spawn(process.execPath, [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: serverEnv({ DATABASE_PATH: path.join(dataDir, 'app.db'), PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);

  const started = Date.now();
  try {
    await waitForHealth(baseUrl, server, () => output);
  } catch (error) {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  console.log(`[e2e] next start answered on ${baseUrl} after ${Date.now() - started} ms`);
  project.provide('baseUrl', baseUrl);

  return async () => {
    await stopServer(server);
    fs.mkdirSync(LOG_DIR, { recursive: true });
    fs.writeFileSync(path.join(LOG_DIR, 'e2e-server.log'), output);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
