/**
 * `npm run bench:abuse [-- --exercise <slug> --runs <n> --seconds <n> --abuser-concurrency <n>]`:
 * can one abusive client take grading away from everyone else?
 *
 * Starts a production server on 127.0.0.1 (built first if needed) with the default limits, then
 * measures 8 honest users (each from its own loopback address, keeping its guest cookie,
 * submitting the reference solution one submission after another) twice in one run: alone, and
 * next to one abusive client (one address, a fresh guest for every request, code that only
 * sleeps, as many requests at once as it is allowed sockets). Prints the honest users' p50/p95,
 * their 429 and 5xx counts and the verdicts seen, for both runs, and what the abuser got.
 * Bounded in count (runs per user, abuser requests) and in time (--seconds per phase).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { buildApp, startAppServer } from '../support/app-server';
import { percentile, submitFrom, type SubmitReply } from '../support/submit-from';

const HONEST_USERS = 8;
const ABUSER_ADDRESS = '127.0.0.200';
const ABUSER_MAX_REQUESTS = 5_000;

type Outcome = Pick<SubmitReply, 'ms' | 'status' | 'verdict'>;

/** The honest users: each submits `runs` times in a row from its own address, until done or `deadline`. */
async function honestUsers(url: string, exercise: Exercise, code: string, runs: number, deadline: number): Promise<Outcome[]> {
  const perUser = await Promise.all(
    Array.from({ length: HONEST_USERS }, async (_, i) => {
      const address = `127.0.0.${10 + i}`;
      const outcomes: Outcome[] = [];
      let cookie: string | undefined;
      for (let run = 0; run < runs && Date.now() < deadline; run += 1) {
        const reply = await submitFrom(url, { localAddress: address, exerciseId: exercise.meta.uuid, code, cookie });
        cookie = reply.cookie;
        outcomes.push(reply);
      }
      return outcomes;
    }),
  );
  return perUser.flat();
}

/** The abuser: `concurrency` requests in flight at all times, each without a cookie, until `stop()`. */
function startAbuser(url: string, exercise: Exercise, concurrency: number, deadline: number) {
  const sleeper = exercise.meta.exports.map((name) => `export async function ${name}() { await new Promise((r) => setTimeout(r, 600_000)); }`).join('\n');
  const outcomes: Outcome[] = [];
  let stopped = false;
  let sent = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (!stopped && Date.now() < deadline && sent < ABUSER_MAX_REQUESTS) {
      sent += 1;
      outcomes.push(await submitFrom(url, { localAddress: ABUSER_ADDRESS, exerciseId: exercise.meta.uuid, code: sleeper }));
      // A refused request costs it nothing; it comes straight back.
    }
  });
  return {
    outcomes,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
    },
  };
}

function summary(label: string, outcomes: Outcome[]): string {
  const ms = outcomes.map((o) => o.ms);
  const count = (test: (o: Outcome) => boolean) => outcomes.filter(test).length;
  const verdicts = new Map<string, number>();
  for (const o of outcomes) if (o.verdict) verdicts.set(o.verdict, (verdicts.get(o.verdict) ?? 0) + 1);
  return [
    `${label}: ${outcomes.length} requests`,
    `  latency p50 ${percentile(ms, 50).toFixed(0)} ms  p95 ${percentile(ms, 95).toFixed(0)} ms`,
    `  429: ${count((o) => o.status === 429)}  5xx: ${count((o) => o.status >= 500)}  no answer: ${count((o) => o.status === 0)}`,
    `  verdicts seen: ${[...verdicts].map(([v, n]) => `${v} ${n}`).join(', ') || 'none'}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      exercise: { type: 'string', default: 'fix-tensor-leak-in-predict' },
      runs: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '180' },
      'abuser-concurrency': { type: 'string', default: '64' },
    },
  });
  const exercise = loadCatalogOrThrow('exercises').find((e) => e.meta.slug === values.exercise);
  if (!exercise) throw new Error(`no exercise ${values.exercise} in the catalog`);
  const code = fs.readFileSync(exercise.solutionFile, 'utf8');
  const runs = Number(values.runs);
  const phaseMs = Number(values.seconds) * 1000;
  const concurrency = Number(values['abuser-concurrency']);

  console.log(`Exercise: ${exercise.relDir}; ${HONEST_USERS} honest users x ${runs} submits each; abuser ${concurrency} at once (at most ${ABUSER_MAX_REQUESTS} requests)`);
  console.log(`Machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}\n`);

  buildApp({ skipIfBuilt: true });
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-abuse-'));
  // Default limits, except the per-user rate: the honest users submit back to back, faster than a person.
  const server = await startAppServer({ databasePath: path.join(dbDir, 'app.db'), env: { SUBMISSIONS_PER_MINUTE: '10000' } });
  try {
    // Warm up: every honest user gets its guest, the grader its code caches.
    await honestUsers(server.url, exercise, code, 1, Date.now() + phaseMs);

    const alone = await honestUsers(server.url, exercise, code, runs, Date.now() + phaseMs);
    console.log(summary('Honest users, alone', alone));

    const deadline = Date.now() + phaseMs;
    const abuser = startAbuser(server.url, exercise, concurrency, deadline);
    // Let the abuser fill whatever it can before the honest users start.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const loaded = await honestUsers(server.url, exercise, code, runs, deadline);
    await abuser.stop();
    console.log(summary('\nHonest users, next to the abuser', loaded));
    console.log(summary('\nThe abuser', abuser.outcomes));

    const p95 = (o: Outcome[]) => percentile(o.map((x) => x.ms), 95);
    console.log(`\nHonest p95 with the abuser / alone: ${(p95(loaded) / p95(alone)).toFixed(2)}x (target at most 2x; no 5xx; no honest 429)`);
  } finally {
    await server.stop();
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
