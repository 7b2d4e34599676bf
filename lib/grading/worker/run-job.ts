import { isDeepStrictEqual } from 'node:util';
import ivm from 'isolated-vm';
import type { TrainingCurve } from '../training-curve';
import type { CaseJob, CaseOutcome, GradeJob, JobOutcome, LoadFailure, ThrownError } from './job';
import { SandboxStock, type PreparedIsolate } from './sandbox-stock';

const MEMORY_LIMIT_MESSAGE = /memory limit/i;
/** Errors V8 throws when an allocation does not fit: the submission ran out of memory. */
const ALLOCATION_FAILED = /^(Array buffer allocation failed|Invalid string length)$/;
/**
 * A run stopped by the clock while its isolate held at least this share of the submission's memory
 * budget was filling memory (an array pushed to in a loop fills slower than the clock runs out):
 * it is reported as memory, not as a timeout. The heap is read after the call has unwound: when the
 * clock stopped a run just as it neared its limit, the collection isolated-vm runs after the call
 * for V8's memory pressure signal may already have freed it, and the run counts as a timeout.
 */
const MEMORY_BOMB_SHARE = 0.5;
/**
 * The watchdog waits this long past the deadline, so that a call running synchronous code is
 * stopped by isolated-vm's own timeout, which leaves the isolate readable for `timeUpReason`.
 */
const WATCHDOG_GRACE_MS = 100;
const MAX_NAME_CHARS = 200;
const MAX_MESSAGE_CHARS = 2_000;

type RunOnceResult =
  | { kind: 'loaded-failed'; failure: LoadFailure }
  | { kind: 'ran'; output: unknown; error?: ThrownError; tensorsLeaked: number; durationMs: number; logs: LogBuffer; training?: TrainingCurve }
  | { kind: 'stopped'; reason: 'timeout' | 'memory'; phase: 'load' | 'run'; durationMs: number; logs: LogBuffer };

/** Console output of one test, capped; counts what was cut. */
export class LogBuffer {
  text = '';
  truncatedBytes = 0;
  constructor(private readonly capBytes: number) {}
  push(line: unknown): void {
    const value = `${typeof line === 'string' ? line : String(line)}\n`;
    const room = this.capBytes - this.text.length;
    if (value.length <= room) this.text += value;
    else {
      this.text += value.slice(0, Math.max(0, room));
      this.truncatedBytes += value.length - Math.max(0, room);
    }
  }
}

/**
 * Why a run that the clock stopped ran out of time: 'memory' when its isolate (still readable after
 * isolated-vm's own timeout) holds at least MEMORY_BOMB_SHARE of the submission's budget, besides
 * the contexts still prepared for later tests, since what it was doing was filling memory;
 * otherwise 'timeout'.
 */
async function timeUpReason(sandbox: PreparedIsolate, memoryMb: number): Promise<'timeout' | 'memory'> {
  const { isolate } = sandbox;
  if (isolate.isDisposed) return 'timeout';
  try {
    const heap = await isolate.getHeapStatistics();
    const heldMb = (heap.used_heap_size + heap.externally_allocated_size) / (1024 * 1024) - sandbox.reservedMb;
    return heldMb >= memoryMb * MEMORY_BOMB_SHARE ? 'memory' : 'timeout';
  } catch {
    return 'timeout';
  }
}

function submissionPosition(stack: string): { line?: number; column?: number } {
  const match = /submission\.js:(\d+):(\d+)/.exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : {};
}

function toThrown(error: { name: string; message: string; stack?: string }): ThrownError {
  return {
    name: String(error.name).slice(0, MAX_NAME_CHARS),
    // Compile errors end with their position, " [submission.js:2:10]": it is reported separately.
    message: String(error.message).replace(/ \[[^\]\n]*:\d+:\d+\]$/, '').slice(0, MAX_MESSAGE_CHARS),
    ...submissionPosition(error.stack ?? ''),
  };
}

/** The harness's finding about a model the test needs, kept next to the error it threw. */
function withModelCheck(error: ThrownError, modelCheck: unknown): ThrownError {
  return typeof modelCheck === 'string' ? { ...error, modelCheck: modelCheck.slice(0, MAX_MESSAGE_CHARS) } : error;
}

/**
 * Something the submission did that surfaced as the failure of a call into its context rather than
 * as a value: isolated-vm fails the call when a promise rejection was left unhandled during it
 * (reporting the rejected value), and a timer callback can throw. The submission's error, not the
 * grader's: it becomes the test's error.
 */
class SubmissionFault {
  constructor(readonly error: ThrownError) {}

  /** A call into the context failed with `thrown`. */
  static fromFailedCall(thrown: unknown): SubmissionFault {
    if (thrown instanceof Error) {
      if (/could not be cloned|non-transferable/i.test(thrown.message)) {
        return new SubmissionFault({ name: 'ResultShapeError', message: 'The returned value could not be copied out of the sandbox; return plain data (numbers, arrays, plain objects).' });
      }
      return new SubmissionFault(toThrown({ name: 'Unhandled promise rejection', message: `${thrown.name}: ${thrown.message}`, stack: thrown.stack }));
    }
    let text: string;
    try {
      text = typeof thrown === 'string' ? JSON.stringify(thrown) : String(thrown);
    } catch {
      text = '[a value that could not be read]';
    }
    return new SubmissionFault({ name: 'Unhandled promise rejection', message: text.slice(0, MAX_MESSAGE_CHARS) });
  }

  /** A timer callback threw (described inside the sandbox). */
  static fromTimer(error: { name: string; message: string; stack: string }): SubmissionFault {
    return new SubmissionFault(toThrown({ ...error, name: `Uncaught ${String(error.name)}`.slice(0, MAX_NAME_CHARS) }));
  }

  /** The line shown in the test's console output when it happens. */
  get logLine(): string {
    return `${this.error.name}: ${this.error.message}`;
  }
}

function isAllocationFailure(error: { name: string; message: string } | undefined): boolean {
  return error?.name === 'RangeError' && ALLOCATION_FAILED.test(error.message);
}

/**
 * The submission body runs as the body of this function; it starts on line 1 of submission.js.
 * A leading `#!` line (esbuild keeps it) would be a syntax error there: it becomes a comment.
 */
function wrapModule(code: string): string {
  const body = code.startsWith('#!') ? `//${code.slice(2)}` : code;
  return `globalThis.__submission = function (module, exports, require) {${body}\n};`;
}

/**
 * Grades one job in a fresh isolate: a fresh context per test case, each with tfjs and the
 * trusted runtime loaded before the submission's code (prepared ahead by the stock when it can).
 * Lives in a disposable grader process.
 */
export class JobRunner {
  constructor(private readonly stock: SandboxStock) {}

  async run(job: GradeJob): Promise<JobOutcome> {
    const sandbox = await this.stock.take(job.memoryMb);
    const { isolate } = sandbox;
    try {
      let user: ivm.Script;
      try {
        user = await isolate.compileScript(wrapModule(job.code), { filename: 'submission.js' });
      } catch (error) {
        // V8 rejected code esbuild accepted (a bad regular expression, nesting too deep to parse).
        if (error instanceof Error && (error.name === 'SyntaxError' || error.name === 'RangeError')) {
          return { load: { kind: 'compile', error: toThrown(error) }, cases: [] };
        }
        throw error;
      }
      const reference = job.referenceCode ? await isolate.compileScript(wrapModule(job.referenceCode), { filename: 'reference.js' }) : undefined;
      const cases: CaseOutcome[] = [];
      for (const [index, testCase] of job.cases.entries()) {
        const first = await this.runOnce(sandbox, user, testCase, job);
        if (first.kind === 'loaded-failed') return { load: first.failure, cases: [] };
        // Only the first case says whether the module loads; a later stop belongs to its own case.
        if (first.kind === 'stopped' && first.phase === 'load' && index === 0) return { load: { kind: first.reason }, cases: [] };
        const outcome: CaseOutcome = {
          id: testCase.id,
          status: first.kind === 'ran' ? (first.error ? 'threw' : 'ok') : first.reason,
          output: first.kind === 'ran' ? first.output : undefined,
          error: first.kind === 'ran' ? first.error : undefined,
          logs: first.logs.text,
          logsTruncatedBytes: first.logs.truncatedBytes,
          durationMs: first.durationMs,
          tensorsLeaked: first.kind === 'ran' ? first.tensorsLeaked : 0,
          ...(first.kind === 'ran' && first.training ? { training: first.training } : {}),
        };
        if (outcome.status === 'ok' && testCase.latencyRepeats && reference) {
          Object.assign(outcome, await this.measureLatency(sandbox, user, reference, testCase, job, { durationMs: first.durationMs, output: outcome.output }));
        }
        cases.push(outcome);
        if (isolate.isDisposed) {
          for (const rest of job.cases.slice(index + 1)) {
            cases.push({ id: rest.id, status: 'not_run', logs: '', logsTruncatedBytes: 0, durationMs: 0, tensorsLeaked: 0 });
          }
          break;
        }
      }
      return { cases };
    } finally {
      sandbox.dispose();
    }
  }

  private async measureLatency(
    sandbox: PreparedIsolate,
    user: ivm.Script,
    reference: ivm.Script,
    testCase: CaseJob,
    job: GradeJob,
    first: { durationMs: number; output: unknown },
  ): Promise<Partial<CaseOutcome>> {
    let referenceMs = Number.POSITIVE_INFINITY;
    let userMs = first.durationMs;
    for (let i = 0; i < (testCase.latencyRepeats ?? 1); i += 1) {
      const ref = await this.runOnce(sandbox, reference, testCase, job);
      if (ref.kind === 'ran' && !ref.error) referenceMs = Math.min(referenceMs, ref.durationMs);
      if (i === 0) continue;
      const again = await this.runOnce(sandbox, user, testCase, job);
      if (again.kind === 'stopped') return { status: again.reason, durationMs: again.durationMs };
      if (again.kind !== 'ran') return {};
      // A run again is timed only when it gave the judged run's answer: code can tell a later run
      // of the same isolate from the first (its functions are compiled by then) and answer nothing, fast.
      if (!again.error && isDeepStrictEqual(again.output, first.output)) userMs = Math.min(userMs, again.durationMs);
    }
    return Number.isFinite(referenceMs) ? { durationMs: userMs, referenceDurationMs: referenceMs } : {};
  }

  /**
   * An allocation failed inside the sandbox (a typed array or string too large for the memory
   * limit). The isolate is at its limit: stop it, as V8 would have if the heap had filled.
   */
  private outOfMemory(isolate: ivm.Isolate, phase: 'load' | 'run', durationMs: number, logs: LogBuffer): RunOnceResult {
    if (!isolate.isDisposed) isolate.dispose();
    return { kind: 'stopped', reason: 'memory', phase, durationMs, logs };
  }

  private async runOnce(sandbox: PreparedIsolate, module: ivm.Script, testCase: CaseJob, job: GradeJob): Promise<RunOnceResult> {
    const { isolate } = sandbox;
    const logs = new LogBuffer(job.logCapBytes);
    let watchdogFired = false;
    /** Set when this case is over: nothing of its context runs again (its timers never fire). */
    let finished = false;
    /** The first thing the submission did wrong outside the value it returned (see SubmissionFault). */
    let fault: SubmissionFault | undefined;
    let startedAt = 0;
    let phase: 'load' | 'run' = 'load';
    const deadline = Date.now() + testCase.timeoutMs;
    const remaining = () => Math.max(1, deadline - Date.now());
    const watchdog = setTimeout(() => {
      watchdogFired = true;
      if (!isolate.isDisposed) isolate.dispose();
    }, testCase.timeoutMs + WATCHDOG_GRACE_MS);
    const elapsed = () => (startedAt === 0 ? 0 : performance.now() - startedAt);
    const stoppedByHost = (error: unknown) => watchdogFired || isolate.isDisposed || (error instanceof Error && /timed out|memory limit|disposed/i.test(error.message));
    const noteFault = (found: SubmissionFault) => {
      logs.push(found.logLine);
      fault ??= found;
    };
    /** Calls into the submission's context; a failure that is not the watchdog or the memory limit is the submission's. */
    const call = async <T>(run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        if (stoppedByHost(error)) throw error;
        throw SubmissionFault.fromFailedCall(error);
      }
    };
    const hostTimers = new Set<NodeJS.Timeout>();
    let fireTimer: ivm.Reference<(id: number) => unknown> | undefined;
    const armTimer = (id: unknown, ms: unknown) => {
      if (finished) return;
      const handle = setTimeout(() => {
        hostTimers.delete(handle);
        if (finished || isolate.isDisposed || !fireTimer) return;
        fireTimer.apply(undefined, [Number(id)], { result: { copy: true }, timeout: remaining() }).then(
          (result) => {
            const thrown = (result as { error?: { name: string; message: string; stack: string } } | undefined)?.error;
            if (thrown && !finished) noteFault(SubmissionFault.fromTimer(thrown));
          },
          (error: unknown) => {
            // A callback that runs too long is the watchdog's business; anything else is the submission's.
            if (!finished && !stoppedByHost(error)) noteFault(SubmissionFault.fromFailedCall(error));
          },
        );
      }, Math.min(Number(ms) || 0, remaining()));
      hostTimers.add(handle);
    };
    let context: ivm.Context | undefined;
    try {
      const prepared = await sandbox.take();
      context = prepared.context;
      prepared.sink.log = (line: unknown) => logs.push(line);
      prepared.sink.timer = armTimer;
      const { loadSubmission, runCase } = prepared;
      fireTimer = prepared.fireTimer;
      await module.run(context, { timeout: remaining() });

      startedAt = performance.now();
      const config = { seed: job.seed, driver: testCase.driver, logCapBytes: job.logCapBytes };
      const loaded = (await call(() => loadSubmission.apply(undefined, [config], { arguments: { copy: true }, result: { copy: true }, timeout: remaining() }))) as {
        error?: { name: string; message: string; stack: string };
        exports?: Record<string, string>;
      };
      if (isAllocationFailure(loaded.error)) return this.outOfMemory(isolate, 'load', 0, logs);
      if (loaded.error) return { kind: 'loaded-failed', failure: { kind: 'threw', error: toThrown(loaded.error) } };
      const missing = job.exports
        .filter((name) => loaded.exports?.[name] !== 'function')
        .map((name) => ({ name, found: loaded.exports?.[name] ?? 'nothing' }));
      if (missing.length > 0) return { kind: 'loaded-failed', failure: { kind: 'missing_exports', missing } };

      phase = 'run';
      startedAt = performance.now();
      const input = new ivm.ExternalCopy(testCase.input).copyInto();
      const result = (await call(() => runCase.apply(undefined, [input], { result: { promise: true, copy: true }, timeout: remaining() }))) as {
        output: unknown;
        error?: { name: string; message: string; stack: string; modelCheck?: string };
        tensorsLeaked: number;
        droppedLogBytes: number;
        training?: TrainingCurve;
      };
      const durationMs = performance.now() - startedAt;
      logs.truncatedBytes += result.droppedLogBytes;
      if (isAllocationFailure(result.error)) return this.outOfMemory(isolate, 'run', durationMs, logs);
      return {
        kind: 'ran',
        output: result.output,
        error: result.error ? withModelCheck(toThrown(result.error), result.error.modelCheck) : fault?.error,
        tensorsLeaked: result.tensorsLeaked,
        durationMs,
        logs,
        ...(result.training ? { training: result.training } : {}),
      };
    } catch (error) {
      if (error instanceof SubmissionFault) {
        if (phase === 'load') return { kind: 'loaded-failed', failure: { kind: 'threw', error: error.error } };
        return { kind: 'ran', output: undefined, error: error.error, tensorsLeaked: 0, durationMs: elapsed(), logs };
      }
      const message = error instanceof Error ? error.message : String(error);
      // isolated-vm says "memory limit" only when the limit stopped the run, even if the watchdog fired meanwhile (a collection near the limit can outlast the deadline).
      if (MEMORY_LIMIT_MESSAGE.test(message) || (!watchdogFired && isolate.isDisposed)) return { kind: 'stopped', reason: 'memory', phase, durationMs: elapsed(), logs };
      if (watchdogFired || /timed out/i.test(message)) {
        const reason = await timeUpReason(sandbox, job.memoryMb);
        if (!isolate.isDisposed) isolate.dispose();
        return { kind: 'stopped', reason, phase, durationMs: elapsed(), logs };
      }
      throw error;
    } finally {
      finished = true;
      clearTimeout(watchdog);
      for (const handle of hostTimers) clearTimeout(handle);
      if (context && !isolate.isDisposed) context.release();
    }
  }
}
