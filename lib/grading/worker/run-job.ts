import ivm from 'isolated-vm';
import type { CaseJob, CaseOutcome, GradeJob, JobOutcome, LoadFailure, ThrownError } from './job';

const MAX_TIMERS = 1_000;
const MEMORY_LIMIT_MESSAGE = /memory limit/i;

type RunOnceResult =
  | { kind: 'loaded-failed'; failure: LoadFailure }
  | { kind: 'ran'; output: unknown; error?: ThrownError; tensorsLeaked: number; durationMs: number; logs: LogBuffer }
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

function submissionPosition(stack: string): { line?: number; column?: number } {
  const match = /submission\.js:(\d+):(\d+)/.exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : {};
}

function toThrown(error: { name: string; message: string; stack: string }): ThrownError {
  return { name: error.name, message: error.message.slice(0, 2_000), ...submissionPosition(error.stack) };
}

/** The submission body runs as the body of this function; it starts on line 1 of submission.js. */
function wrapModule(code: string): string {
  return `globalThis.__submission = function (module, exports, require) {${code}\n};`;
}

/**
 * Grades one job in a fresh isolate: a fresh context per test case, each with tfjs and the
 * trusted runtime loaded before the submission's code. Lives in a disposable grader process.
 */
export class JobRunner {
  private cachedData: ivm.ExternalCopy<ArrayBuffer> | undefined;

  constructor(private readonly runtimeCode: string) {}

  private async compileRuntime(isolate: ivm.Isolate): Promise<ivm.Script> {
    if (this.cachedData) {
      const script = (await isolate.compileScript(this.runtimeCode, { filename: 'grader-runtime.js', cachedData: this.cachedData })) as ivm.Script & {
        cachedDataRejected?: boolean;
      };
      if (!script.cachedDataRejected) return script;
    }
    const script = (await isolate.compileScript(this.runtimeCode, { filename: 'grader-runtime.js', produceCachedData: true })) as ivm.Script &
      ivm.CachedDataResult;
    this.cachedData = script.cachedData;
    return script;
  }

  async run(job: GradeJob): Promise<JobOutcome> {
    const isolate = new ivm.Isolate({ memoryLimit: job.memoryMb });
    try {
      const runtime = await this.compileRuntime(isolate);
      const user = await isolate.compileScript(wrapModule(job.code), { filename: 'submission.js' });
      const reference = job.referenceCode ? await isolate.compileScript(wrapModule(job.referenceCode), { filename: 'reference.js' }) : undefined;
      const cases: CaseOutcome[] = [];
      for (const [index, testCase] of job.cases.entries()) {
        const first = await this.runOnce(isolate, runtime, user, testCase, job);
        if (first.kind === 'loaded-failed') return { load: first.failure, cases: [] };
        if (first.kind === 'stopped' && first.phase === 'load') return { load: { kind: first.reason }, cases: [] };
        const outcome: CaseOutcome = {
          id: testCase.id,
          status: first.kind === 'ran' ? (first.error ? 'threw' : 'ok') : first.reason,
          output: first.kind === 'ran' ? first.output : undefined,
          error: first.kind === 'ran' ? first.error : undefined,
          logs: first.logs.text,
          logsTruncatedBytes: first.logs.truncatedBytes,
          durationMs: first.durationMs,
          tensorsLeaked: first.kind === 'ran' ? first.tensorsLeaked : 0,
        };
        if (outcome.status === 'ok' && testCase.latencyRepeats && reference) {
          Object.assign(outcome, await this.measureLatency(isolate, runtime, user, reference, testCase, job, first.durationMs));
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
      if (!isolate.isDisposed) isolate.dispose();
    }
  }

  private async measureLatency(
    isolate: ivm.Isolate,
    runtime: ivm.Script,
    user: ivm.Script,
    reference: ivm.Script,
    testCase: CaseJob,
    job: GradeJob,
    firstUserMs: number,
  ): Promise<Partial<CaseOutcome>> {
    let referenceMs = Number.POSITIVE_INFINITY;
    let userMs = firstUserMs;
    for (let i = 0; i < (testCase.latencyRepeats ?? 1); i += 1) {
      const ref = await this.runOnce(isolate, runtime, reference, testCase, job);
      if (ref.kind === 'ran') referenceMs = Math.min(referenceMs, ref.durationMs);
      if (i === 0) continue;
      const again = await this.runOnce(isolate, runtime, user, testCase, job);
      if (again.kind === 'stopped') return { status: again.reason, durationMs: again.durationMs };
      if (again.kind !== 'ran') return {};
      userMs = Math.min(userMs, again.durationMs);
    }
    return Number.isFinite(referenceMs) ? { durationMs: userMs, referenceDurationMs: referenceMs } : {};
  }

  private async runOnce(isolate: ivm.Isolate, runtime: ivm.Script, module: ivm.Script, testCase: CaseJob, job: GradeJob): Promise<RunOnceResult> {
    const logs = new LogBuffer(job.logCapBytes);
    let watchdogFired = false;
    let startedAt = 0;
    let phase: 'load' | 'run' = 'load';
    const deadline = Date.now() + testCase.timeoutMs;
    const remaining = () => Math.max(1, deadline - Date.now());
    const watchdog = setTimeout(() => {
      watchdogFired = true;
      if (!isolate.isDisposed) isolate.dispose();
    }, testCase.timeoutMs);
    const elapsed = () => (startedAt === 0 ? 0 : performance.now() - startedAt);
    let context: ivm.Context | undefined;
    try {
      context = await isolate.createContext();
      const global = context.global;
      await global.set('__grader_config', new ivm.ExternalCopy({ seed: job.seed, driver: testCase.driver, logCapBytes: job.logCapBytes, maxTimers: MAX_TIMERS }).copyInto());
      await global.set('__grader_log', new ivm.Callback((line: unknown) => logs.push(line)));
      await global.set('__grader_sleep', new ivm.Reference((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, remaining())))));
      await runtime.run(context, { timeout: remaining() });
      const api = await global.get('__grader_runtime', { reference: true });
      const loadSubmission = (await api.get('loadSubmission', { reference: true })) as ivm.Reference<() => unknown>;
      const runCase = (await api.get('runCase', { reference: true })) as ivm.Reference<(input: unknown) => Promise<unknown>>;
      await global.delete('__grader_runtime');
      await module.run(context, { timeout: remaining() });

      startedAt = performance.now();
      const loaded = (await loadSubmission.apply(undefined, [], { result: { copy: true }, timeout: remaining() })) as {
        error?: { name: string; message: string; stack: string };
        exports?: Record<string, string>;
      };
      if (loaded.error) return { kind: 'loaded-failed', failure: { kind: 'threw', error: toThrown(loaded.error) } };
      const missing = job.exports
        .filter((name) => loaded.exports?.[name] !== 'function')
        .map((name) => ({ name, found: loaded.exports?.[name] ?? 'nothing' }));
      if (missing.length > 0) return { kind: 'loaded-failed', failure: { kind: 'missing_exports', missing } };

      phase = 'run';
      startedAt = performance.now();
      const result = (await runCase.apply(undefined, [new ivm.ExternalCopy(testCase.input).copyInto()], {
        result: { promise: true, copy: true },
        timeout: remaining(),
      })) as { output: unknown; error?: { name: string; message: string; stack: string }; tensorsLeaked: number; droppedLogBytes: number };
      const durationMs = performance.now() - startedAt;
      logs.truncatedBytes += result.droppedLogBytes;
      return {
        kind: 'ran',
        output: result.output,
        error: result.error ? toThrown(result.error) : undefined,
        tensorsLeaked: result.tensorsLeaked,
        durationMs,
        logs,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!watchdogFired && (MEMORY_LIMIT_MESSAGE.test(message) || isolate.isDisposed)) return { kind: 'stopped', reason: 'memory', phase, durationMs: elapsed(), logs };
      if (watchdogFired || /timed out/i.test(message)) {
        if (!isolate.isDisposed) isolate.dispose();
        return { kind: 'stopped', reason: 'timeout', phase, durationMs: elapsed(), logs };
      }
      throw error;
    } finally {
      clearTimeout(watchdog);
      if (context && !isolate.isDisposed) context.release();
    }
  }
}
