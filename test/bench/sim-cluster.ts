/**
 * `npm run sim:cluster [-- --runs <n per client> --skip-build --web-ports 3107,3108 --pg-port 5442]`:
 * the several-machines setup on this one machine. Starts a throwaway PostgreSQL (Debian's
 * postgresql, installed when missing and running as root), two production web servers in queue
 * mode (127.0.0.1 only) and grader workers, then drives the grading benchmark's 8 concurrent
 * clients (each its own loopback address) through both web servers: first with 1 worker, then
 * with 3, then with 3 of which one is killed with SIGKILL mid-run. Prints submissions per second,
 * p95, jobs retried, jobs lost and duplicate records. Bounded in count and time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { buildApp, startAppServer, type AppServer } from '../support/app-server';
import { startGraderWorker, type GraderWorkerProcess } from '../support/grader-worker-process';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { percentile, submitFrom } from '../support/submit-from';

const CLIENTS = 8;
const TIME_LIMIT_MS = 20 * 60_000;
/**
 * A client waits as long as a web server may (GRADER_QUEUE_WAIT_SECONDS, 120 s by default, plus the
 * job's own deadline) and more: a client that gave up first would count a job as lost that was not.
 */
const CLIENT_TIMEOUT_MS = 10 * 60_000;
/** Each worker a process with one grader: the figures compare 1 and 3 graders on different "machines". */
const WORKER_ENV = { GRADER_WORKERS: '1' };

interface Phase {
  name: string;
  rate: number;
  p95: number;
  submitted: number;
  graded: number;
  failures: string[];
}

/** Every client submits `runs` times in a row, client c through web server c % 2; `onProgress` after each answer. */
async function driveClients(servers: AppServer[], exerciseId: string, code: string, phase: string, runs: number, onProgress: (done: number) => void): Promise<Phase> {
  const startedAt = performance.now();
  let done = 0;
  const replies = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      let cookie: string | undefined;
      const out: { ms: number; ok: boolean; status: string }[] = [];
      for (let i = 0; i < runs; i += 1) {
        // Each submission's code is its own, so a submission recorded twice shows as a repeated code.
        const unique = `${code}\n// ${phase}: client ${client}, run ${i}\n`;
        const reply = await submitFrom(servers[client % servers.length]!.url, { localAddress: `127.0.0.${10 + client}`, exerciseId, code: unique, cookie, timeoutMs: CLIENT_TIMEOUT_MS });
        cookie = reply.cookie;
        out.push({ ms: reply.ms, ok: reply.status === 200 && reply.verdict === 'pass', status: `${reply.status} ${reply.verdict ?? ''}` });
        onProgress(++done);
      }
      return out;
    }),
  );
  const all = replies.flat();
  const seconds = (performance.now() - startedAt) / 1000;
  return { name: phase, rate: all.length / seconds, p95: percentile(all.map((r) => r.ms), 95), submitted: all.length, graded: all.filter((r) => r.ok).length, failures: all.filter((r) => !r.ok).map((r) => r.status) };
}

/** What the database says: jobs retried or not completed, and submissions recorded more than once. */
async function countOutcomes(url: string): Promise<{ retried: number; notCompleted: number; jobs: number; records: number; duplicates: number }> {
  const sql = new Pool({ connectionString: url, max: 1 });
  try {
    const jobs = (await sql.query<{ retried: number; not_completed: number; jobs: number }>("SELECT count(*) FILTER (WHERE retry_count > 0)::int AS retried, count(*) FILTER (WHERE state <> 'completed')::int AS not_completed, count(*)::int AS jobs FROM pgboss.job WHERE name = 'grading'")).rows[0]!;
    const records = (await sql.query<{ records: number; duplicates: number }>('SELECT count(*)::int AS records, (count(*) - count(DISTINCT code))::int AS duplicates FROM submissions')).rows[0]!;
    return { retried: jobs.retried, notCompleted: jobs.not_completed, jobs: jobs.jobs, ...records };
  } finally {
    await sql.end();
  }
}

function parseOptions() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'skip-build': { type: 'boolean' }, 'web-ports': { type: 'string' }, 'pg-port': { type: 'string' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('--runs takes a whole number from 1 to 50');
  const webPorts = values['web-ports']?.split(',').map(Number) ?? [];
  if (values['web-ports'] !== undefined && (webPorts.length !== 2 || !webPorts.every((p) => Number.isInteger(p) && p > 0))) throw new Error('--web-ports takes two ports, e.g. 3107,3108');
  return { runs, skipBuild: values['skip-build'] === true, webPorts, pgPort: values['pg-port'] === undefined ? undefined : Number(values['pg-port']) };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const installed = spawnSync('bash', ['test/support/ensure-system-packages.sh', 'postgresql', 'bubblewrap'], { stdio: 'inherit' });
  if (installed.status !== 0) throw new Error('PostgreSQL is needed and could not be installed (see above).');
  const exercise = loadCatalogOrThrow('exercises')[0]!;
  const code = fs.readFileSync(exercise.solutionFile, 'utf8');
  console.log(`Machine: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Exercise ${exercise.meta.slug}, reference solution; ${CLIENTS} clients x ${options.runs} submits per phase, through 2 web servers.`);
  buildApp({ skipIfBuilt: options.skipBuild });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cluster-'));
  let cluster: PostgresCluster | undefined;
  const servers: AppServer[] = [];
  const workers: GraderWorkerProcess[] = [];
  const limit = setTimeout(() => {
    console.error(`sim:cluster stopped: over its time limit of ${TIME_LIMIT_MS / 60_000} minutes`);
    void Promise.all([...servers.map((s) => s.stop()), ...workers.map((w) => w.kill()), cluster?.stop()]).finally(() => process.exit(1));
  }, TIME_LIMIT_MS);
  try {
    cluster = await startPostgresCluster({ port: options.pgPort });
    const url = await cluster.createDatabase('sim_cluster');
    const webEnv = { DATABASE_URL: url, GRADER_MODE: 'queue', SUBMISSIONS_PER_MINUTE: '10000' };
    for (let i = 0; i < 2; i += 1) servers.push(await startAppServer({ databasePath: path.join(dir, 'unused.db'), env: webEnv, waitForGrader: false, port: options.webPorts[i] }));
    const startWorker = async () => workers.push(await startGraderWorker({ DATABASE_URL: url, ...WORKER_ENV }));
    await startWorker();

    const phases: Phase[] = [];
    phases.push(await driveClients(servers, exercise.meta.uuid, code, '1 worker', options.runs, () => undefined));
    await startWorker();
    await startWorker();
    phases.push(await driveClients(servers, exercise.meta.uuid, code, '3 workers', options.runs, () => undefined));
    const half = Math.ceil((CLIENTS * options.runs) / 2);
    let killed: number | undefined;
    phases.push(
      await driveClients(servers, exercise.meta.uuid, code, '3 workers, 1 SIGKILLed mid-run', options.runs, (done) => {
        if (done !== half || killed !== undefined) return;
        killed = workers[0]!.pid;
        void workers[0]!.kill();
      }),
    );
    const outcomes = await countOutcomes(url);

    console.log(`\n${'phase'.padEnd(34)}${'submissions/s'.padEnd(16)}${'p95'.padEnd(12)}graded`);
    for (const p of phases) console.log(`${p.name.padEnd(34)}${p.rate.toFixed(2).padEnd(16)}${`${Math.round(p.p95)} ms`.padEnd(12)}${p.graded} of ${p.submitted} pass${p.failures.length ? ` (${[...new Set(p.failures)].join(', ')})` : ''}`);
    const submitted = phases.reduce((n, p) => n + p.submitted, 0);
    const graded = phases.reduce((n, p) => n + p.graded, 0);
    console.log(`\nworker killed with SIGKILL: pid ${killed ?? 'none'} after ${half} answers of the last phase`);
    console.log(`jobs: ${outcomes.jobs}; retried: ${outcomes.retried}; not completed: ${outcomes.notCompleted}`);
    console.log(`jobs lost (submitted, no graded verdict): ${submitted - graded} (must be 0)`);
    console.log(`records: ${outcomes.records} submissions for ${submitted} submits; duplicate records: ${outcomes.duplicates} (must be 0)`);
    console.log(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    if (submitted !== graded || outcomes.duplicates !== 0 || outcomes.records !== submitted) process.exitCode = 1;
  } finally {
    clearTimeout(limit);
    await Promise.all([...servers.map((s) => s.stop()), ...workers.map((w) => w.kill())]);
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
