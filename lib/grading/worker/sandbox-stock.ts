import ivm from 'isolated-vm';

/** How long loading tfjs and the runtime into one context may take. */
const PREPARE_TIMEOUT_MS = 10_000;
/** Heap one prepared context holds (tfjs and the runtime, measured about 1 MB): added to the isolate's limit per context prepared ahead, so the submission keeps its full budget. */
const PREPARED_CONTEXT_MB = 1;

/**
 * Where a prepared context's host callbacks go. A context is prepared before its test exists, so
 * its console and timer callbacks write here, and the test points them at its own log and timers
 * when it takes the context.
 */
export interface HostSink {
  log: (line: unknown) => void;
  timer: (id: unknown, ms: unknown) => void;
}

/** A context with tfjs and the trusted runtime loaded and locked down, serving exactly one test. */
export interface PreparedContext {
  context: ivm.Context;
  sink: HostSink;
  loadSubmission: ivm.Reference<(config: unknown) => unknown>;
  runCase: ivm.Reference<(input: unknown) => Promise<unknown>>;
  fireTimer: ivm.Reference<(id: number) => unknown>;
}

const dropLog = () => undefined;

/**
 * A fresh isolate for one submission and the contexts prepared in it, one per test. Contexts are
 * made ahead (`fill`, while the process would otherwise wait) or on demand (`take`); each is
 * handed out once.
 */
export class PreparedIsolate {
  readonly isolate: ivm.Isolate;
  private readonly ready: PreparedContext[] = [];
  private filling: Promise<void> | undefined;
  private stopFilling = false;

  constructor(
    readonly memoryMb: number,
    private readonly stockSize: number,
    private readonly runtime: RuntimeCode,
  ) {
    this.isolate = new ivm.Isolate({ memoryLimit: memoryMb + stockSize * PREPARED_CONTEXT_MB });
  }

  /** Prepares contexts until the stock is full or the isolate is taken. */
  fill(): Promise<void> {
    this.filling ??= (async () => {
      while (!this.stopFilling && this.ready.length < this.stockSize && !this.isolate.isDisposed) {
        this.ready.push(await this.prepare());
      }
    })().catch(() => {
      // A stock isolate that fails to prepare (disposed, out of memory) is replaced when taken.
    });
    return this.filling;
  }

  /** Stops filling: the isolate now belongs to a submission, which makes its remaining contexts on demand. */
  async claim(): Promise<void> {
    this.stopFilling = true;
    await this.filling;
  }

  /** How many contexts are ready now. */
  get stock(): number {
    return this.ready.length;
  }

  /** A context for the next test: a prepared one, or one made now. */
  async take(): Promise<PreparedContext> {
    return this.ready.shift() ?? (await this.prepare());
  }

  private async prepare(): Promise<PreparedContext> {
    const context = await this.isolate.createContext();
    const sink: HostSink = { log: dropLog, timer: dropLog };
    const global = context.global;
    await global.set('__grader_log', new ivm.Callback((line: unknown) => sink.log(line)));
    await global.set('__grader_timer', new ivm.Callback((id: unknown, ms: unknown) => sink.timer(id, ms), { ignored: true }));
    await (await this.runtime.compile(this.isolate)).run(context, { timeout: PREPARE_TIMEOUT_MS });
    const api = await global.get('__grader_runtime', { reference: true });
    const [loadSubmission, runCase, fireTimer] = await Promise.all(['loadSubmission', 'runCase', 'fireTimer'].map((name) => api.get(name, { reference: true })));
    await global.delete('__grader_runtime');
    return { context, sink, loadSubmission: loadSubmission!, runCase: runCase!, fireTimer: fireTimer! } as PreparedContext;
  }

  dispose(): void {
    this.stopFilling = true;
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

/** The runtime bundle, compiled once per isolate from V8's code cache. */
export class RuntimeCode {
  private cachedData: ivm.ExternalCopy<ArrayBuffer> | undefined;
  private readonly compiled = new WeakMap<ivm.Isolate, Promise<ivm.Script>>();

  constructor(private readonly code: string) {}

  compile(isolate: ivm.Isolate): Promise<ivm.Script> {
    let script = this.compiled.get(isolate);
    if (!script) {
      script = this.compileWithCache(isolate);
      this.compiled.set(isolate, script);
    }
    return script;
  }

  private async compileWithCache(isolate: ivm.Isolate): Promise<ivm.Script> {
    if (this.cachedData) {
      const script = (await isolate.compileScript(this.code, { filename: 'grader-runtime.js', cachedData: this.cachedData })) as ivm.Script & { cachedDataRejected?: boolean };
      if (!script.cachedDataRejected) return script;
    }
    const script = (await isolate.compileScript(this.code, { filename: 'grader-runtime.js', produceCachedData: true })) as ivm.Script & ivm.CachedDataResult;
    this.cachedData = script.cachedData;
    return script;
  }
}

/**
 * The grader process's stock: the isolate its next submission will get, with up to `contextsPerIsolate`
 * test contexts prepared in it. Taking it starts preparing the next one at once (on another thread,
 * while the submission runs), so every submission gets a fresh isolate with its contexts ready.
 * A job whose memory limit differs from the stock's gets an isolate of its own, and the stock
 * follows the latest limit asked for.
 */
export class SandboxStock {
  private next: PreparedIsolate | undefined;
  private memoryMb = 128;

  constructor(
    private readonly runtime: RuntimeCode,
    private readonly contextsPerIsolate: number,
  ) {}

  /** Starts preparing the next isolate, if none is. */
  refill(): void {
    if (this.next && !this.next.isolate.isDisposed) return;
    this.next = new PreparedIsolate(this.memoryMb, this.contextsPerIsolate, this.runtime);
    void this.next.fill();
  }

  /** A fresh isolate for a submission with this memory limit; the stock starts again behind it. */
  async take(memoryMb: number): Promise<PreparedIsolate> {
    const stocked = this.next;
    this.next = undefined;
    this.memoryMb = memoryMb;
    let taken: PreparedIsolate;
    if (stocked && stocked.memoryMb === memoryMb && !stocked.isolate.isDisposed) {
      await stocked.claim();
      taken = stocked;
    } else {
      stocked?.dispose();
      taken = new PreparedIsolate(memoryMb, this.contextsPerIsolate, this.runtime);
    }
    if (this.contextsPerIsolate > 0) this.refill();
    return taken;
  }

  /** Contexts ready in the stock now. */
  get readyContexts(): number {
    return this.next?.stock ?? 0;
  }

  /** Waits until the stock is full (start-up, tests). */
  async filled(): Promise<void> {
    this.refill();
    await this.next?.fill();
  }
}
