import type { SourceMapConsumer } from 'source-map-js';
import { CheckFailure, Checker } from './check';
import { executionOrder } from './execution-order';
import { describeFailure, HIDDEN_TEST_THREW, memoryAdvice, timeoutAdvice, withTruncationNote } from './format-messages';
import type { PoolResult } from './grader-pool';
import type { LoadedCase } from './load-test-suite';
import { RESULT_VERSION, type GradeResult, type SubmissionStatus, type TestResult } from './result';
import { readTrainingCurve } from './training-curve';
import { originalPosition } from './transpile';
import type { CaseOutcome, LoadFailure, ThrownError } from './worker/job';

/** Below this, wall-clock ratios are noise: a latency budget only applies to slower runs. */
const LATENCY_FLOOR_MS = 5;

export interface JudgeContext {
  cases: LoadedCase[];
  timeoutMs: (testCase: LoadedCase) => number;
  memoryMb: number;
  tolerance: number;
  sourceMap: SourceMapConsumer;
  startedAt: number;
  /** Reports a broken exercise test (not the learner's fault) to the server log. */
  onTestBug?: (caseId: string, error: unknown) => void;
}

export function describeThrown(error: ThrownError, map: SourceMapConsumer): { text: string; location?: { line: number; column: number } } {
  const location = error.line !== undefined ? originalPosition(map, error.line, error.column ?? 1) : undefined;
  const where = location ? ` (line ${location.line} of your code)` : '';
  return { text: `${error.name}: ${error.message}${where}`, location };
}

/** What a load failure needs to be told: the source map, the limits, and when grading started. */
export interface LoadFailureContext {
  sourceMap: SourceMapConsumer;
  memoryMb: number;
  /** The time budget the module had to load in (the first case's). */
  loadTimeoutMs: number;
  startedAt: number;
}

/** Nothing ran: the code did not compile, threw while loading, lacks an export, or ran out of time or memory loading. */
export function loadFailureResult(failure: LoadFailure, ctx: LoadFailureContext): GradeResult {
  const base = { version: RESULT_VERSION, tests: [] as TestResult[], durationMs: Math.round(performance.now() - ctx.startedAt) };
  switch (failure.kind) {
    case 'compile': {
      const { line, column } = failure.error;
      const location = line !== undefined ? originalPosition(ctx.sourceMap, line, column ?? 1) : undefined;
      const where = location ? ` (line ${location.line}, column ${location.column})` : '';
      const text = `${failure.error.name}: ${failure.error.message}`;
      // V8 runs out of stack parsing deeply nested expressions.
      const message = failure.error.name === 'RangeError' ? `Your code is nested too deeply to compile (${text}).` : `Your code does not compile: ${text}${where}`;
      return { ...base, status: 'error', message, location };
    }
    case 'threw': {
      const { text, location } = describeThrown(failure.error, ctx.sourceMap);
      return { ...base, status: 'error', message: `Your code threw while it was loading: ${text}`, location };
    }
    case 'missing_exports': {
      const list = failure.missing.map((m) => `"${m.name}" (found ${m.found === 'nothing' ? 'nothing' : `a ${m.found}`})`).join(', ');
      const first = failure.missing[0]?.name ?? 'name';
      return { ...base, status: 'error', message: `Your code must export the function${failure.missing.length > 1 ? 's' : ''} ${list}. Write \`export function ${first}(...)\`.` };
    }
    case 'timeout':
      return { ...base, status: 'timeout', message: `Your code did not finish loading. ${timeoutAdvice(ctx.loadTimeoutMs)} Check code at the top level of the file.` };
    case 'memory':
      return { ...base, status: 'memory', message: `Your code ran out of memory while loading. ${memoryAdvice(ctx.memoryMb)}` };
  }
}

function judgeCase(testCase: LoadedCase, outcome: CaseOutcome, ctx: JudgeContext, stoppedBy: string | undefined): TestResult {
  const base = {
    id: testCase.id,
    name: testCase.name,
    visible: testCase.visible,
    // A hidden test's console output could print its input: never shown.
    output: testCase.visible ? withTruncationNote(outcome.logs, outcome.logsTruncatedBytes) : '',
    // Its time too: code can spend time in proportion to the hidden input.
    ...(testCase.visible ? { durationMs: Math.round(outcome.durationMs * 10) / 10 } : {}),
    // How many tensors a hidden test left behind could follow its input (an oracle): its message says only that some were.
    ...(testCase.visible ? { tensorsLeaked: outcome.tensorsLeaked } : {}),
    // Its loss curve too: a hidden test's would follow its data.
    ...(testCase.visible && readTrainingCurve(outcome.training) ? { training: readTrainingCurve(outcome.training) } : {}),
  };
  const result = (status: SubmissionStatus, message?: string): TestResult => ({ ...base, status, ...(message ? { message } : {}) });
  switch (outcome.status) {
    case 'timeout':
      return result('timeout', timeoutAdvice(ctx.timeoutMs(testCase)));
    case 'memory':
      return result('memory', memoryAdvice(ctx.memoryMb));
    case 'not_run':
      return result('error', `Not run: grading stopped after "${stoppedBy ?? 'an earlier test'}" did not finish.`);
    case 'threw': {
      const { modelCheck, message } = outcome.error!;
      // A model the test needs failed the harness's check: a wrong answer, told like any failed check.
      if (modelCheck !== undefined) return result('fail', describeFailure(new CheckFailure(modelCheck, { visibleProperty: message }), testCase.input, testCase.visible));
      return result('error', testCase.visible ? `Your code threw ${describeThrown(outcome.error!, ctx.sourceMap).text}` : HIDDEN_TEST_THREW);
    }
    case 'ok':
      break;
  }
  const checker = new Checker({ tensorsLeaked: outcome.tensorsLeaked, durationMs: outcome.durationMs }, ctx.tolerance);
  try {
    testCase.check(outcome.output as never, checker);
    if (testCase.checkLeaks !== false && outcome.tensorsLeaked > 0) {
      const advice = 'wrap tensor work in tf.tidy() or dispose() tensors you no longer need';
      // How many is shown for visible tests only: a count that follows the hidden input would be an oracle.
      throw new CheckFailure(`leaked tensors: ${advice}`, {
        visibleProperty: `leaked ${outcome.tensorsLeaked} tensor${outcome.tensorsLeaked === 1 ? '' : 's'}: ${advice}`,
        expected: '0 tensors left behind',
        actual: `${outcome.tensorsLeaked} left behind`,
      });
    }
    if (testCase.latency && outcome.referenceDurationMs && outcome.durationMs > LATENCY_FLOOR_MS) {
      const ratio = outcome.durationMs / outcome.referenceDurationMs;
      if (ratio > testCase.latency.maxRatio) {
        throw new CheckFailure(`took longer than the reference solution's time budget on the same input`, {
          visibleProperty: `took ${ratio.toFixed(1)}x as long as the reference solution on the same input (budget ${testCase.latency.maxRatio}x)`,
          expected: `<= ${testCase.latency.maxRatio}x the reference time`,
          actual: `${ratio.toFixed(1)}x`,
        });
      }
    }
    return result('pass');
  } catch (error) {
    if (error instanceof CheckFailure) return result('fail', describeFailure(error, testCase.input, testCase.visible));
    ctx.onTestBug?.(testCase.id, error);
    return result('error', 'This test could not check your answer (a problem on our side). Your code was not at fault for this test.');
  }
}

function overallStatus(tests: TestResult[]): SubmissionStatus {
  if (tests.some((t) => t.status === 'timeout')) return 'timeout';
  if (tests.some((t) => t.status === 'memory')) return 'memory';
  if (tests.some((t) => t.status !== 'pass')) return 'fail';
  return 'pass';
}

/** The verdict and message when the grader process itself stopped (memory, the deadline, a crash). */
export function describeCrash(reason: Extract<PoolResult, { kind: 'crashed' }>['reason'], memoryMb: number): { status: SubmissionStatus; message: string } {
  if (reason === 'memory') return { status: 'memory', message: `Your code was stopped: it used more memory than the grader allows. ${memoryAdvice(memoryMb)}` };
  if (reason === 'deadline') return { status: 'timeout', message: 'Grading took too long and was stopped. Look for an infinite loop or work that grows too fast.' };
  return { status: 'error', message: 'The grader process stopped unexpectedly while running your code. Try again; if it happens again, look for very large allocations.' };
}

/** The name of the test after which grading stopped (the last one to run before the first not run), in the order the tests ran. */
function stoppingTest(ran: CaseOutcome[], cases: LoadedCase[]): string | undefined {
  const firstNotRun = ran.findIndex((c) => c.status === 'not_run');
  const stopper = firstNotRun > 0 ? ran[firstNotRun - 1] : undefined;
  return stopper && cases.find((c) => c.id === stopper.id)?.name;
}

/** Turns what the grader process reported into the result contract. Verdicts are decided here, on the host. */
export function judgeOutcome(pool: PoolResult, ctx: JudgeContext): GradeResult {
  const durationMs = () => Math.round(performance.now() - ctx.startedAt);
  if (pool.kind === 'crashed') return { version: RESULT_VERSION, ...describeCrash(pool.reason, ctx.memoryMb), tests: [], durationMs: durationMs() };
  const { outcome } = pool;
  // The first test to run is the one that loads the module.
  if (outcome.load) return loadFailureResult(outcome.load, { ...ctx, loadTimeoutMs: ctx.timeoutMs(executionOrder(ctx.cases)[0]!) });
  const byId = new Map(outcome.cases.map((c) => [c.id, c]));
  const stoppedBy = stoppingTest(outcome.cases, ctx.cases);
  const tests = ctx.cases.map((testCase) => {
    const caseOutcome = byId.get(testCase.id) ?? { id: testCase.id, status: 'not_run' as const, logs: '', logsTruncatedBytes: 0, durationMs: 0, tensorsLeaked: 0 };
    return judgeCase(testCase, caseOutcome, ctx, stoppedBy);
  });
  return { version: RESULT_VERSION, status: overallStatus(tests), tests, durationMs: durationMs() };
}
