import { randomUUID } from 'node:crypto';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { AppError } from '@/lib/errors';
import { CONSOLE_LIMITS } from '@/lib/limits';
import { exerciseSeed } from './exercise-seed';
import { DEADLINE_SLACK_MS, LOG_CAP_BYTES, MAX_CODE_BYTES } from './grade-submission';
import { describeCrash, describeThrown, loadFailureResult } from './judge-outcome';
import { memoryAdvice, timeoutAdvice, withTruncationNote } from './format-messages';
import { renderConsoleValue } from './render-console-value';
import { describeUnanswered, runGradeJob } from './run-grade-job';
import { CompileError, transpileSubmission, type TranspiledCode } from './transpile';
import type { CaseOutcome } from './worker/job';

/** The function the console's expression becomes, added after the learner's code. */
const CONSOLE_EXPORT = '__consoleCall';
/** The trusted driver: calls that function and hands back what it returned (plain data, tensors as TensorData). */
const CONSOLE_DRIVER = `async (user) => user.${CONSOLE_EXPORT}()`;

export const CONSOLE_STATUSES = ['ok', 'error', 'timeout', 'memory'] as const;

/** What a console call gives back: the value it returned or why there is none, and its console output. */
export interface ConsoleResult {
  status: (typeof CONSOLE_STATUSES)[number];
  /** The returned value as text (see renderConsoleValue); set when the call returned. */
  value?: string;
  /** The value was too long and was cut. */
  valueTruncated?: boolean;
  /** Why there is no value: a compile error, what was thrown, the time or memory limit. */
  message?: string;
  /** Where in the learner's code it went wrong, when it did there. */
  location?: { line: number; column: number };
  /** console.log output of the call (and of the module loading), capped with a note. */
  output: string;
  durationMs: number;
  tensorsLeaked: number;
}

export interface ConsoleCallInput {
  exercise: Exercise;
  code: string;
  /** One TypeScript expression, evaluated inside the sandbox after the learner's code, e.g. `double([1, 2])`. */
  expression: string;
  client?: string;
}

/** The console's expression as the body of an exported async function; `tf` is always in scope. */
function consoleFunction(expression: string): string {
  return `import * as __consoleTf from '@tensorflow/tfjs';\nexport async function ${CONSOLE_EXPORT}() {\nconst tf = __consoleTf;\nreturn (\n${expression}\n);\n}\n`;
}
/** Lines of consoleFunction before the expression's first. */
const LINES_BEFORE_EXPRESSION = 4;

/**
 * The learner's code with the expression appended as the body of an exported async function:
 * the expression sees the file's own imports and functions and `tf`, may `await`, and runs in the
 * same sandbox realm as the code (nothing of the host's). Its syntax is checked on its own first,
 * so an error in it is told as one, with its own line numbers.
 */
async function transpileConsoleModule(code: string, expression: string): Promise<TranspiledCode> {
  try {
    await transpileSubmission(consoleFunction(expression));
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    const detail = error.message
      .split('\n')[0]!
      .replace(/^Your code does not compile: /, '')
      .replace(/ \(line (\d+), column (\d+)\)$/, (_all, line: string, column: string) => ` (line ${Number(line) - LINES_BEFORE_EXPRESSION}, column ${column})`);
    throw new CompileError(`Your console call is not one expression that compiles: ${detail}. Write a call such as \`myFunction([1, 2, 3])\`.`);
  }
  return transpileSubmission(`${code}\n;${consoleFunction(expression)}`);
}

function sizeCheckOrThrow(code: string, expression: string): void {
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > MAX_CODE_BYTES) throw new AppError('payload_too_large', `Your code is ${Math.ceil(bytes / 1024)} KB; the limit is ${MAX_CODE_BYTES / 1024} KB. Remove unused code or data.`);
  if (expression.length > CONSOLE_LIMITS.expressionChars) {
    throw new AppError('payload_too_large', `The console call is ${expression.length} characters; the limit is ${CONSOLE_LIMITS.expressionChars}. Build large inputs inside your code instead.`);
  }
}

/** The call ran: its value, or what it threw, the clock or the memory limit. */
function judgeCall(outcome: CaseOutcome, transpiled: TranspiledCode, codeLines: number, base: { output: string; durationMs: number; tensorsLeaked: number }, limits: { timeoutMs: number; memoryMb: number }): ConsoleResult {
  switch (outcome.status) {
    case 'ok': {
      const { text, truncated } = renderConsoleValue(outcome.output);
      return { ...base, status: 'ok', value: text, ...(truncated ? { valueTruncated: true } : {}) };
    }
    case 'threw': {
      const { text, location } = describeThrown(outcome.error!, transpiled.map);
      // A position past the learner's lines is inside the console expression.
      if (location && location.line > codeLines) return { ...base, status: 'error', message: `The call threw ${text.replace(/ \(line \d+ of your code\)$/, '')}` };
      return { ...base, status: 'error', message: `The call threw ${text}`, ...(location ? { location } : {}) };
    }
    case 'timeout':
      return { ...base, status: 'timeout', message: timeoutAdvice(limits.timeoutMs) };
    case 'memory':
      return { ...base, status: 'memory', message: memoryAdvice(limits.memoryMb) };
    case 'not_run':
      return { ...base, status: 'error', message: 'The call did not run. Try again.' };
  }
}

/**
 * Runs one console call: the learner's code and their expression, in the grader's sandbox with
 * the exercise's time and memory limits, through the same queue as Run and Submit. No test runs
 * and nothing is judged: the value returned, the console output and any error come back.
 * Throws AppError when the request is too large, the client is over its share of the queue, or
 * no grader can run.
 */
export async function runConsoleCall({ exercise, code, expression, client = 'local' }: ConsoleCallInput): Promise<ConsoleResult> {
  const startedAt = performance.now();
  sizeCheckOrThrow(code, expression);
  const elapsed = () => Math.round(performance.now() - startedAt);
  const empty = { output: '', tensorsLeaked: 0 };
  let transpiled: TranspiledCode;
  try {
    transpiled = await transpileConsoleModule(code, expression);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    return { ...empty, status: 'error', message: error.message, ...(error.location ? { location: error.location } : {}), durationMs: elapsed() };
  }

  const { timeoutMs, memoryMb } = exercise.meta.grader;
  const result = await runGradeJob(
    {
      code: transpiled.code,
      exports: [CONSOLE_EXPORT],
      cases: [{ id: 'console', driver: CONSOLE_DRIVER, input: null, timeoutMs }],
      memoryMb,
      seed: exerciseSeed(exercise.meta.uuid),
      logCapBytes: LOG_CAP_BYTES,
    },
    timeoutMs + DEADLINE_SLACK_MS,
    client,
    randomUUID(),
  );
  if (result.kind === 'no_worker' || result.kind === 'failed') return { ...empty, ...describeUnanswered(result), durationMs: elapsed() };
  if (result.kind === 'crashed') {
    const { status, message } = describeCrash(result.reason, memoryMb);
    return { ...empty, status: status === 'pass' || status === 'fail' ? 'error' : status, message, durationMs: elapsed() };
  }
  const { outcome } = result;
  if (outcome.load) {
    const failed = loadFailureResult(outcome.load, { sourceMap: transpiled.map, memoryMb, loadTimeoutMs: timeoutMs, startedAt });
    return { ...empty, status: failed.status === 'timeout' || failed.status === 'memory' ? failed.status : 'error', message: failed.message, ...(failed.location ? { location: failed.location } : {}), durationMs: elapsed() };
  }
  const call = outcome.cases[0];
  if (!call) return { ...empty, status: 'error', message: 'The call did not run. Try again.', durationMs: elapsed() };
  const base = { output: withTruncationNote(call.logs, call.logsTruncatedBytes), durationMs: Math.round(call.durationMs * 10) / 10, tensorsLeaked: call.tensorsLeaked };
  return judgeCall(call, transpiled, code.split('\n').length, base, { timeoutMs, memoryMb });
}
