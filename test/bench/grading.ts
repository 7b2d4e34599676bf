/**
 * `npm run bench:grading [-- --exercise <slug>]`: grading latency and throughput on this machine.
 * Prints: warm end-to-end p50/p95 through the API, the same code run bare in Node (no sandbox)
 * and the sandbox overhead, the first grade after a cold start, and 8 concurrent clients.
 * Starts its own production server on 127.0.0.1 (builds it first if needed). Bounded in count and time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import { stopGrader } from '@/lib/grading/grader';
import { loadTestSuite } from '@/lib/grading/load-test-suite';
import { buildApp, startAppServer } from '../support/app-server';
import { percentile, submitFrom } from '../support/submit-from';
import { runCaseBare } from '../support/host-harness';

const WARM_RUNS = 60;
const CLIENTS = 8;
const RUNS_PER_CLIENT = 10;

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** One submit from `localAddress` (each benchmark client its own loopback address, as the server's per-client limits see clients). */
async function submit(url: string, exercise: Exercise, code: string, cookie?: string, localAddress = '127.0.0.1') {
  const reply = await submitFrom(url, { localAddress, exerciseId: exercise.meta.uuid, code, cookie, timeoutMs: 30_000 });
  return { ms: reply.ms, ok: reply.status === 200 && reply.verdict === 'pass', status: `${reply.status} ${reply.verdict ?? ''}`, cookie: reply.cookie, testsPassed: reply.testsPassed };
}

/** The fact that shows a batch of submissions was graded in full: verdicts and tests that passed. */
function gradedFact(runs: { ok: boolean; testsPassed: number }[], testsPerRun: number): string {
  const passed = runs.filter((r) => r.ok).length;
  const tests = runs.reduce((total, r) => total + r.testsPassed, 0);
  return `verdicts: ${passed} of ${runs.length} pass, ${tests} of ${runs.length * testsPerRun} tests passed`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { exercise: { type: 'string' } } });
  const catalog = loadCatalogOrThrow('exercises');
  const exercise = values.exercise ? catalog.find((e) => e.meta.slug === values.exercise) : catalog[0];
  if (!exercise) throw new Error(`no exercise ${values.exercise ?? ''} in the catalog`);
  const code = fs.readFileSync(exercise.solutionFile, 'utf8');
  const cases = await loadTestSuite(exercise);
  console.log(`Exercise: ${exercise.relDir} (${cases.length} tests, reference solution, submit mode)`);
  console.log(`Machine: ${os.cpus().length} cores, Node ${process.version}\n`);

  // Bare: the same drivers against the same code, in this process, without any sandbox.
  const user = (await import(exercise.solutionFile)) as unknown;
  const bare: number[] = [];
  let bareResults = 0;
  for (let i = 0; i < WARM_RUNS + 5; i += 1) {
    const startedAt = performance.now();
    for (const testCase of cases) if ((await runCaseBare(user, testCase)) !== undefined) bareResults += 1;
    if (i >= 5) bare.push(performance.now() - startedAt);
  }

  // Sandboxed, in process: the grading pipeline without HTTP and the database.
  const sandboxed: number[] = [];
  let sandboxedTests = 0;
  for (let i = 0; i < WARM_RUNS + 5; i += 1) {
    const startedAt = performance.now();
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    if (result.status !== 'pass') throw new Error(`reference solution did not pass: ${JSON.stringify(result).slice(0, 400)}`);
    if (i >= 5) sandboxed.push(performance.now() - startedAt);
    sandboxedTests += result.tests.filter((t) => t.status === 'pass').length;
  }
  const runs = WARM_RUNS + 5;
  await stopGrader();
  console.log('Sandbox overhead (in process, no HTTP):');
  console.log(`  bare Node, no sandbox   p50 ${ms(percentile(bare, 50))}  p95 ${ms(percentile(bare, 95))}`);
  console.log(`  sandboxed grade         p50 ${ms(percentile(sandboxed, 50))}  p95 ${ms(percentile(sandboxed, 95))}`);
  console.log(`  overhead                p50 ${ms(percentile(sandboxed, 50) - percentile(bare, 50))}  (ratio ${(percentile(sandboxed, 50) / percentile(bare, 50)).toFixed(1)}x)`);
  console.log(`  work done: bare ${bareResults} of ${runs * cases.length} test drivers returned a result; sandboxed ${runs} of ${runs} verdicts pass, ${sandboxedTests} of ${runs * cases.length} tests passed\n`);

  buildApp({ skipIfBuilt: true });
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-grading-'));

  // Cold: a fresh server; grade as soon as it answers HTTP, grader possibly still warming.
  const cold = await startAppServer({ databasePath: path.join(dbDir, 'cold.db'), waitForGrader: false });
  const first = await submit(cold.url, exercise, code);
  console.log('Cold start:');
  console.log(`  server answering after  ${ms(cold.startupMs)}`);
  console.log(`  first grade             ${ms(first.ms)} (${first.status}; ${gradedFact([first], cases.length)})\n`);
  await cold.stop();

  // One benchmark client submits far more than a person would: lift the per-user rate limit.
  const server = await startAppServer({ databasePath: path.join(dbDir, 'warm.db'), env: { SUBMISSIONS_PER_MINUTE: '10000' } });
  try {
    let cookie: string | undefined;
    const warm: number[] = [];
    const warmRuns: Awaited<ReturnType<typeof submit>>[] = [];
    for (let i = 0; i < WARM_RUNS + 5; i += 1) {
      const r = await submit(server.url, exercise, code, cookie);
      cookie = r.cookie;
      if (!r.ok) throw new Error(`warm run failed: ${r.status}`);
      if (i >= 5) {
        warm.push(r.ms);
        warmRuns.push(r);
      }
    }
    console.log(`Warm, end to end through POST /api/submissions (${WARM_RUNS} sequential):`);
    console.log(`  p50 ${ms(percentile(warm, 50))}  p95 ${ms(percentile(warm, 95))}  max ${ms(Math.max(...warm))}`);
    console.log(`  ${gradedFact(warmRuns, cases.length)}\n`);

    const startedAt = performance.now();
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        let clientCookie: string | undefined;
        const out: Awaited<ReturnType<typeof submit>>[] = [];
        for (let i = 0; i < RUNS_PER_CLIENT; i += 1) {
          const r = await submit(server.url, exercise, code, clientCookie, `127.0.0.${10 + client}`).catch((error: unknown) => ({ ms: 0, ok: false, status: String(error), cookie: clientCookie, testsPassed: 0 }));
          clientCookie = r.cookie;
          out.push(r);
        }
        return out;
      }),
    );
    const elapsed = (performance.now() - startedAt) / 1000;
    const all = results.flat();
    const errors = all.filter((r) => !r.ok);
    console.log(`${CLIENTS} concurrent clients x ${RUNS_PER_CLIENT} submissions:`);
    console.log(`  ${all.length} graded in ${elapsed.toFixed(2)} s = ${(all.length / elapsed).toFixed(1)} submissions/s`);
    console.log(`  latency under load p50 ${ms(percentile(all.map((r) => r.ms), 50))}  p95 ${ms(percentile(all.map((r) => r.ms), 95))}`);
    console.log(`  errors ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => e.status))].join(', ')})` : ''}`);
    console.log(`  ${gradedFact(all, cases.length)}`);
  } finally {
    await server.stop();
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await stopGrader();
    process.exit(1);
  },
);
