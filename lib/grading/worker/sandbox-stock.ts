import ivm from 'isolated-vm';

/** How long opening one context (completing its lock-down) may take. */
const PREPARE_TIMEOUT_MS = 10_000;
/** Heap one prepared context holds (tfjs and the runtime: about 1.6 MB measured), rounded up: added to the isolate's limit per context prepared ahead, so the submission keeps its full budget. */
const PREPARED_CONTEXT_MB = 2;

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
    private readonly snapshot: ivm.ExternalCopy<ArrayBuffer>,
  ) {
    this.isolate = new ivm.Isolate({ memoryLimit: memoryMb + stockSize * PREPARED_CONTEXT_MB, snapshot });
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

  /** Heap the contexts still ready hold (not the submission's): up to 40 of them hold as much as half a 128 MB budget. */
  get reservedMb(): number {
    return this.ready.length * PREPARED_CONTEXT_MB;
  }

  /** A context for the next test: a prepared one, or one made now. */
  async take(): Promise<PreparedContext> {
    this.taken += 1;
    return this.ready.shift() ?? (await this.prepare());
  }

  /** Contexts handed out so far. */
  taken = 0;

  /** A context made from the snapshot, opened (lock-down completed, host callbacks connected), its runtime taken off the global scope. */
  private async prepare(): Promise<PreparedContext> {
    const context = await this.isolate.createContext();
    const sink: HostSink = { log: dropLog, timer: dropLog };
    const global = context.global;
    const api = await global.get('__grader_runtime', { reference: true });
    await global.delete('__grader_runtime');
    const [open, loadSubmission, runCase, fireTimer] = await Promise.all(['open', 'loadSubmission', 'runCase', 'fireTimer'].map((name) => api.get(name, { reference: true })));
    const log = new ivm.Callback((line: unknown) => sink.log(line));
    const timer = new ivm.Callback((id: unknown, ms: unknown) => sink.timer(id, ms), { ignored: true });
    await open!.apply(undefined, [log, timer], { timeout: PREPARE_TIMEOUT_MS });
    return { context, sink, loadSubmission: loadSubmission!, runCase: runCase!, fireTimer: fireTimer! } as PreparedContext;
  }

  dispose(): void {
    this.stopFilling = true;
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

/**
 * Runs once, in a throw-away context, while the snapshot is made: a small submission and test that
 * reach the paths every grade takes (opening a context, loading a submission, tensors, tidy, a
 * layers model's predict, copying the result out), so V8 keeps their compiled code in the snapshot
 * and no isolate compiles them again. Nothing it makes is kept: V8 snapshots the context as it was
 * before the warm-up.
 */
const WARM_UP = `
const api = globalThis.__grader_runtime;
delete globalThis.__grader_runtime;
api.open(() => undefined, () => undefined);
globalThis.__submission = function (module, exports, require) {
  const tf = require('@tensorflow/tfjs');
  exports.predict = (rows) => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
    const out = tf.tidy(() => {
      const x = tf.tensor2d(rows, [rows.length, 3]);
      const scaled = x.sub(x.mean(0)).div(x.max().sub(x.min()).add(tf.scalar(1e-6)));
      return model.predict(scaled).arraySync();
    });
    model.dispose();
    return { out, total: rows.flat().reduce((a, b) => a + b, 0), sorted: [...rows[0]].sort((a, b) => a - b) };
  };
};
api.loadSubmission({ seed: 1, driver: '(user, input, h) => { const t = h.tensor(input); const r = user.predict(input); return { r, sum: t.sum().dataSync()[0] }; }', logCapBytes: 1024 });
api.runCase([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
`;

/**
 * A V8 snapshot of a context with tfjs and the trusted runtime loaded, tfjs locked down, and the
 * paths of a grade compiled, made once per grader process: every sandbox context starts as a copy
 * of it, so no context runs the tfjs bundle or walks tfjs to freeze it again.
 */
export function snapshotRuntime(code: string): ivm.ExternalCopy<ArrayBuffer> {
  return ivm.Isolate.createSnapshot([{ code, filename: 'grader-runtime.js' }], WARM_UP);
}

/**
 * The grader process's stock: the isolate its next submission will get, with up to `contextsPerIsolate`
 * test contexts prepared in it. The process refills it once a submission's outcome is sent
 * (`refill`), so the next isolate is made and filled while the process waits, not on a
 * submission's critical path (making an isolate from the snapshot blocks the process's thread).
 * A job whose memory limit differs from the stock's gets an isolate of its own, and the stock
 * follows the latest limit asked for.
 */
export class SandboxStock {
  private next: PreparedIsolate | undefined;
  private last: PreparedIsolate | undefined;
  private memoryMb = 128;
  /** Contexts the latest submission used: the next stock prepares no more (unused contexts would be work thrown away). */
  private contextsWanted: number;

  constructor(
    private readonly snapshot: ivm.ExternalCopy<ArrayBuffer>,
    private readonly contextsPerIsolate: number,
  ) {
    this.contextsWanted = contextsPerIsolate;
  }

  /** Starts preparing the next isolate (sized by the latest submission), if none is and the setting asks for contexts ahead. */
  refill(): void {
    if (this.contextsPerIsolate === 0 || (this.next && !this.next.isolate.isDisposed)) return;
    if (this.last) this.contextsWanted = Math.max(1, this.last.taken);
    this.next = new PreparedIsolate(this.memoryMb, Math.min(this.contextsPerIsolate, this.contextsWanted), this.snapshot);
    void this.next.fill();
  }

  /** A fresh isolate for a submission with this memory limit: the stocked one, or one made now. */
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
      taken = new PreparedIsolate(memoryMb, this.contextsPerIsolate, this.snapshot);
    }
    this.last = taken;
    return taken;
  }

  /** Contexts ready in the stock now. */
  get readyContexts(): number {
    return this.next?.stock ?? 0;
  }
}
