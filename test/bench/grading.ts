/**
 * `npm run bench:grading [-- --exercise <slug> [--exercise <slug> ...] | --all] [--runs <n>] [--skip-build]`:
 * grading latency and throughput on this machine, for each exercise named (default: the first in
 * the catalog), each figure next to its target and its ratio to the bare run:
 * the same drivers run bare in Node (no sandbox), the sandboxed grade in process and its overhead,
 * the resident size of each grader process with its prepared stock, the first grade after a cold
 * start, warm end-to-end p50/p95 through the API, and 8 concurrent clients.
 * `--all` runs the whole catalog (without the concurrent clients) and ends with the slowest p95.
 * Starts its own production server on 127.0.0.1 (built first unless `--skip-build`). Bounded in count and time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import { getGrader, stopGrader } from '@/lib/grading/grader';
import { loadTestSuite, type LoadedCase } from '@/lib/grading/load-test-suite';
import type { GraderMemory } from '@/lib/grading/worker/job';
import { buildApp, startAppServer } from '../support/app-server';
import { percentile, submitFrom } from '../support/submit-from';
import { runCaseBare } from '../support/host-harness';

const WARMUP_RUNS = 5;
const CLIENTS = 8;
const RUNS_PER_CLIENT = 10;

/** The targets of the grading-speed work (idle machine). */
const TARGETS = {
  warmP95Ms: 120,
  overheadP50Ms: 30,
  overheadStretchMs: 10,
  coldFirstGradeMs: 1_000,
  /** Submissions per second with 8 clients, as a multiple of the figure before prepared sandboxes. */
  throughputFactor: 2,
};

/**
 * Submissions per second with 8 clients before prepared sandboxes, on the idle 2-core machine:
 * detect-drift from the grading-speed issue (main at 14e3e93), fix-tensor-leak from the README's
 * table (Node 24, isolated-vm 6, before the frozen realm).
 */
const THROUGHPUT_BEFORE: Record<string, number> = {
  'detect-drift-and-trigger-retraining': 4.0,
  'fix-tensor-leak-in-predict': 5.5,
};

const ms = (value: number) => `${value.toFixed(1)} ms`;
const times = (value: number, base: number) => `${(value / base).toFixed(1)}x`;
const verdict = (met: boolean, by: string) => (met ? 'met' : `missed by ${by}`);

interface Timing {
  p50: number;
  p95: number;
}

const timing = (values: number[]): Timing => ({ p50: percentile(values, 50), p95: percentile(values, 95) });

interface ExerciseFigures {
  exercise: Exercise;
  tests: number;
  bare: Timing;
  sandboxed: Timing;
  memory: GraderMemory[];
  warm?: Timing;
  clients?: { rate: number; under: Timing; errors: string[]; fact: string };
  facts: string[];
}

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

/** The same drivers against the same code, in this process, without any sandbox. */
async function measureBare(exercise: Exercise, cases: LoadedCase[], runs: number): Promise<{ timing: Timing; fact: string }> {
  const user = (await import(exercise.solutionFile)) as unknown;
  const bare: number[] = [];
  let results = 0;
  for (let i = 0; i < runs + WARMUP_RUNS; i += 1) {
    const startedAt = performance.now();
    for (const testCase of cases) if ((await runCaseBare(user, testCase)) !== undefined) results += 1;
    if (i >= WARMUP_RUNS) bare.push(performance.now() - startedAt);
  }
  return { timing: timing(bare), fact: `bare: ${results} of ${(runs + WARMUP_RUNS) * cases.length} test drivers returned a result` };
}

/** The grading pipeline without HTTP and the database; then what each grader process holds. */
async function measureSandboxed(exercise: Exercise, code: string, tests: number, runs: number) {
  const sandboxed: number[] = [];
  let passedTests = 0;
  for (let i = 0; i < runs + WARMUP_RUNS; i += 1) {
    const startedAt = performance.now();
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    if (result.status !== 'pass') throw new Error(`reference solution of ${exercise.meta.slug} did not pass: ${JSON.stringify(result).slice(0, 400)}`);
    if (i >= WARMUP_RUNS) sandboxed.push(performance.now() - startedAt);
    passedTests += result.tests.filter((t) => t.status === 'pass').length;
  }
  // Let the stock fill as it would between submissions, then read what the processes report with their next job.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await gradeSubmission({ exercise, code, mode: 'submit' });
  const memory = (await getGrader()).pool.memory();
  const total = runs + WARMUP_RUNS;
  return { timing: timing(sandboxed), memory, fact: `sandboxed: ${total} of ${total} verdicts pass, ${passedTests} of ${total * tests} tests passed` };
}

async function measureWarm(url: string, exercise: Exercise, code: string, tests: number, runs: number): Promise<{ timing: Timing; fact: string }> {
  let cookie: string | undefined;
  const warm: number[] = [];
  const warmRuns: Awaited<ReturnType<typeof submit>>[] = [];
  for (let i = 0; i < runs + WARMUP_RUNS; i += 1) {
    const r = await submit(url, exercise, code, cookie);
    cookie = r.cookie;
    if (!r.ok) throw new Error(`warm run of ${exercise.meta.slug} failed: ${r.status}`);
    if (i >= WARMUP_RUNS) {
      warm.push(r.ms);
      warmRuns.push(r);
    }
  }
  return { timing: timing(warm), fact: `warm API: ${gradedFact(warmRuns, tests)}` };
}

async function measureClients(url: string, exercise: Exercise, code: string, tests: number): Promise<NonNullable<ExerciseFigures['clients']>> {
  const startedAt = performance.now();
  const results = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      let cookie: string | undefined;
      const out: Awaited<ReturnType<typeof submit>>[] = [];
      for (let i = 0; i < RUNS_PER_CLIENT; i += 1) {
        const r = await submit(url, exercise, code, cookie, `127.0.0.${10 + client}`).catch((error: unknown) => ({ ms: 0, ok: false, status: String(error), cookie, testsPassed: 0 }));
        cookie = r.cookie;
        out.push(r);
      }
      return out;
    }),
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  const all = results.flat();
  const errors = all.filter((r) => !r.ok).map((r) => r.status);
  return { rate: all.length / elapsed, under: timing(all.map((r) => r.ms)), errors, fact: `${CLIENTS} clients: ${gradedFact(all, tests)}` };
}

function printFigures(f: ExerciseFigures, cold: { ms: number; fact: string } | undefined): void {
  const bare = f.bare.p50;
  const overhead = f.sandboxed.p50 - bare;
  console.log(`\n${f.exercise.relDir} (${f.tests} tests, reference solution, submit mode)`);
  console.log(`  ${'figure'.padEnd(34)}${'measured'.padEnd(30)}${'target'.padEnd(44)}ratio to bare p50`);
  const row = (figure: string, measured: string, target: string, ratio: string) => console.log(`  ${figure.padEnd(34)}${measured.padEnd(30)}${target.padEnd(43)} ${ratio}`);
  row('bare Node p50 / p95', `${ms(f.bare.p50)} / ${ms(f.bare.p95)}`, '', '1.0x');
  row('sandboxed p50 / p95 (in process)', `${ms(f.sandboxed.p50)} / ${ms(f.sandboxed.p95)}`, '', times(f.sandboxed.p50, bare));
  row(
    'sandbox overhead p50',
    ms(overhead),
    `<= ${TARGETS.overheadP50Ms} ms (stretch ${TARGETS.overheadStretchMs}): ${verdict(overhead <= TARGETS.overheadP50Ms, ms(overhead - TARGETS.overheadP50Ms))}`,
    times(overhead, bare),
  );
  if (f.warm) {
    row(
      'warm API p50 / p95',
      `${ms(f.warm.p50)} / ${ms(f.warm.p95)}`,
      `p95 <= ${TARGETS.warmP95Ms} ms: ${verdict(f.warm.p95 <= TARGETS.warmP95Ms, ms(f.warm.p95 - TARGETS.warmP95Ms))}`,
      times(f.warm.p95, bare),
    );
  }
  if (cold) {
    row('first grade after a cold start', ms(cold.ms), `<= ${TARGETS.coldFirstGradeMs} ms: ${verdict(cold.ms <= TARGETS.coldFirstGradeMs, ms(cold.ms - TARGETS.coldFirstGradeMs))}`, times(cold.ms, bare));
  }
  if (f.clients) {
    const before = THROUGHPUT_BEFORE[f.exercise.meta.slug];
    const wanted = before === undefined ? undefined : before * TARGETS.throughputFactor;
    const target =
      wanted === undefined
        ? 'no earlier figure recorded'
        : `>= ${wanted.toFixed(1)}/s (${TARGETS.throughputFactor}x ${before}/s), 0 errors: ${verdict(f.clients.rate >= wanted && f.clients.errors.length === 0, `${(wanted - f.clients.rate).toFixed(1)}/s`)}`;
    row(`${CLIENTS} concurrent clients`, `${f.clients.rate.toFixed(1)}/s, ${f.clients.errors.length} errors`, target, '');
    row('  latency under load p50 / p95', `${ms(f.clients.under.p50)} / ${ms(f.clients.under.p95)}`, '', times(f.clients.under.p95, bare));
    if (f.clients.errors.length > 0) console.log(`    errors: ${[...new Set(f.clients.errors)].join(', ')}`);
  }
  const memory = f.memory.map((m, i) => `process ${i + 1}: ${(m.residentBytes / 2 ** 20).toFixed(0)} MB resident with ${m.preparedContexts} contexts prepared`);
  console.log(`  grader processes as a job arrives: ${memory.join('; ') || 'none reported'}`);
  console.log(`  work done: ${[...f.facts, ...(cold ? [cold.fact] : []), ...(f.clients ? [f.clients.fact] : [])].join('; ')}`);
}

function chooseExercises(catalog: Exercise[], slugs: string[] | undefined, all: boolean | undefined): Exercise[] {
  if (all) return catalog;
  if (!slugs?.length) return catalog.slice(0, 1);
  return slugs.map((slug) => {
    const exercise = catalog.find((e) => e.meta.slug === slug);
    if (!exercise) throw new Error(`no exercise ${slug} in the catalog`);
    return exercise;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { exercise: { type: 'string', multiple: true }, all: { type: 'boolean' }, runs: { type: 'string', default: '60' }, 'skip-build': { type: 'boolean' } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  const exercises = chooseExercises(loadCatalogOrThrow('exercises'), values.exercise, values.all);
  console.log(`Machine: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${exercises.length} exercise(s), ${runs} measured runs each after ${WARMUP_RUNS} warm-up runs${values.all ? ' (no concurrent clients with --all)' : ''}`);

  const figures: ExerciseFigures[] = [];
  for (const exercise of exercises) {
    const code = fs.readFileSync(exercise.solutionFile, 'utf8');
    const cases = await loadTestSuite(exercise);
    const bare = await measureBare(exercise, cases, runs);
    const sandboxed = await measureSandboxed(exercise, code, cases.length, runs);
    figures.push({ exercise, tests: cases.length, bare: bare.timing, sandboxed: sandboxed.timing, memory: sandboxed.memory, facts: [bare.fact, sandboxed.fact] });
  }
  await stopGrader();

  buildApp({ skipIfBuilt: values['skip-build'] });
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-grading-'));
  let cold: { ms: number; fact: string } | undefined;
  try {
    // Cold: a fresh server; grade as soon as it answers HTTP, grader possibly still warming.
    const first = figures[0]!;
    const coldServer = await startAppServer({ databasePath: path.join(dbDir, 'cold.db'), waitForGrader: false });
    try {
      const reply = await submit(coldServer.url, first.exercise, fs.readFileSync(first.exercise.solutionFile, 'utf8'));
      cold = { ms: reply.ms, fact: `cold start (server answering after ${ms(coldServer.startupMs)}): ${reply.status}, ${gradedFact([reply], first.tests)}` };
    } finally {
      await coldServer.stop();
    }

    // One benchmark client submits far more than a person would: lift the per-user rate limit.
    const server = await startAppServer({ databasePath: path.join(dbDir, 'warm.db'), env: { SUBMISSIONS_PER_MINUTE: '10000' } });
    try {
      for (const f of figures) {
        const code = fs.readFileSync(f.exercise.solutionFile, 'utf8');
        const warm = await measureWarm(server.url, f.exercise, code, f.tests, runs);
        f.warm = warm.timing;
        f.facts.push(warm.fact);
        if (!values.all) f.clients = await measureClients(server.url, f.exercise, code, f.tests);
      }
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dbDir, { recursive: true, force: true });
  }

  figures.forEach((f, i) => printFigures(f, i === 0 ? cold : undefined));
  const slowest = figures.reduce((a, b) => ((b.warm?.p95 ?? 0) > (a.warm?.p95 ?? 0) ? b : a));
  console.log(
    `\nSlowest warm API p95: ${ms(slowest.warm!.p95)} (${slowest.exercise.meta.slug}); target <= ${TARGETS.warmP95Ms} ms: ${verdict(slowest.warm!.p95 <= TARGETS.warmP95Ms, ms(slowest.warm!.p95 - TARGETS.warmP95Ms))}`,
  );
  console.log(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await stopGrader();
    process.exit(1);
  },
);
