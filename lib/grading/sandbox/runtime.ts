/**
 * The trusted runtime installed in every sandbox context before the submission's code runs.
 * It gives the submission `require('@tensorflow/tfjs')`, a capped console, timers and a seeded
 * Math.random, and gives the grader `loadSubmission`, `runCase` and `fireTimer`, which the host
 * takes as references and removes from the global scope before any submission code runs.
 */
import type * as Core from '@tensorflow/tfjs-core';
import type * as Layers from '@tensorflow/tfjs-layers';
import { describeThrown } from './describe-thrown';
import { formatLogArgs } from './format-log';
import { inheritsFrom, intrinsics as I, put } from './intrinsics';
import { toPlain, type TensorAccess } from './to-plain';
import { mulberry32 } from '../../seeded-random';
import { installModelCosts } from './model-costs';
import { installTrainingLog } from './training-log';
import { createBoundary } from './submission-boundary';
import { modelCheckProperty, verifiedModelBuilder } from './verify-model';
import { lockDownBuiltIns, lockDownLibrary, submissionNamespace } from './lock-down-realm';
import { removeUnmeteredGlobals } from './global-scope';
import { self as tfjsGlobals } from './tfjs-global-namespace';

/** What one test case sets when it takes a prepared context (plain data from the host). */
interface CaseConfig {
  seed: number;
  driver: string;
  logCapBytes: number;
}

/** Timers one test may have pending at once. */
const MAX_TIMERS = 1_000;

type HostLog = (line: string) => void;
/** A host callback (fire and forget) that calls `fireTimer(id)` back after `ms`. */
type HostTimer = (id: number, ms: number) => void;
type Disposable = { dispose(): unknown };
type Driver = (user: unknown, input: unknown, h: unknown) => unknown;

const PromisePrototype = Promise.prototype;
const TFJS_MODULES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];

/**
 * Installs the runtime into the snapshot every sandbox context is made from: nothing here depends
 * on the job or on the host. A context, once made, is opened (`open`: the lock-down completed, the
 * host's console and timer callbacks connected); the test's settings (seed, driver, console cap)
 * arrive with `loadSubmission`.
 */
export function installRuntime(core: typeof Core, layers: typeof Layers): void {
  const g = globalThis as Record<string, unknown>;
  let hostLog: HostLog | undefined;
  let hostTimer: HostTimer | undefined;

  core.setPlatform('isolate', {
    fetch: () => Promise.reject(new Error('Network access is not available in the grader.')),
    now: () => I.dateNow(),
    encode: (text: string) => new TextEncoderLite().encode(text),
    decode: (bytes: Uint8Array) => new TextEncoderLite().decode(bytes),
    isTypedArray: (a: unknown): a is Float32Array | Int32Array | Uint8Array | Uint8ClampedArray =>
      a instanceof Float32Array || a instanceof Int32Array || a instanceof Uint8Array || a instanceof Uint8ClampedArray,
  } as unknown as Parameters<typeof core.setPlatform>[1]);
  core.setBackend('cpu');
  const engine = core.engine() as unknown as Record<string, (...args: unknown[]) => unknown>;

  // Count live tensors through hooks the submission cannot replace or reach. Every tensor the
  // engine tracks is also remembered in `made`: that, not duck typing, is what makes a returned
  // value a tensor for the harness.
  const live = new I.Set<unknown>();
  // Tensors made during the current test case and still alive: what a case leaks is counted from
  // these only, so disposing tensors that existed before it cannot hide a leak.
  let madeInCase = new I.Set<unknown>();
  const made = new I.WeakSet<object>();
  const TensorPrototype = core.Tensor.prototype as object;
  const dataSync = core.Tensor.prototype.dataSync;
  const inheritsTensor = (value: unknown): boolean => inheritsFrom(value, TensorPrototype, 8);
  const track = engine.trackTensor!;
  const dispose = engine.disposeTensor!;
  I.defineProperty(engine, 'trackTensor', {
    value: (tensor: unknown, backend: unknown) => {
      I.setAdd(live, tensor);
      I.setAdd(madeInCase, tensor);
      if (inheritsTensor(tensor)) I.weakSetAdd(made, tensor as object);
      return I.apply(track, engine, [tensor, backend]);
    },
    writable: false,
    configurable: false,
  });
  I.defineProperty(engine, 'disposeTensor', {
    value: (tensor: unknown) => {
      I.setDelete(live, tensor);
      I.setDelete(madeInCase, tensor);
      return I.apply(dispose, engine, [tensor]);
    },
    writable: false,
    configurable: false,
  });

  // Count the backend's data buffers the same way: a tensor made around a buffer without the
  // engine's knowledge (new tf.Tensor(..., backend.write(...))) still holds one.
  let buffersMadeInCase = new I.Set<unknown>();
  const storage = I.getPrototypeOf((core.backend() as unknown as { data: object }).data) as Record<string, (...args: unknown[]) => unknown>;
  const storageSet = storage.set!;
  const storageDelete = storage.delete!;
  I.defineProperty(storage, 'set', {
    value: function setCounted(this: object, dataId: unknown, value: unknown) {
      I.setAdd(buffersMadeInCase, dataId);
      return I.apply(storageSet, this, [dataId, value]);
    },
  });
  I.defineProperty(storage, 'delete', {
    value: function deleteCounted(this: object, dataId: unknown) {
      I.setDelete(buffersMadeInCase, dataId);
      return I.apply(storageDelete, this, [dataId]);
    },
  });

  const isTensor = (v: unknown): v is Core.Tensor => typeof v === 'object' && v !== null && I.weakSetHas(made, v);
  const tensorAccess: TensorAccess = I.freeze({
    isTensor,
    isLive: (v: unknown) => I.setHas(live, v),
    readFlat: (v: unknown) => I.apply(dataSync, v, []),
  });
  const tf = submissionNamespace([core, layers]);
  /**
   * What `require('@tensorflow/tfjs')` gives: an empty frozen object inheriting the namespace.
   * esbuild's `import * as tf` copies the module's own properties into a new object, one getter
   * each (about 1,300 for tfjs), in every test; with none of its own, the copy only inherits them.
   */
  const tfModule = I.freeze(I.create(tf)) as Record<string, unknown>;

  const costs = installModelCosts(core, layers, isTensor);
  const trainingLog = installTrainingLog(layers);
  const clone = core.clone;
  const { rebuildModel, isLayersModel } = verifiedModelBuilder(core, layers);

  // Console: capped here, and again on the host.
  let logCapBytes = 0;
  let logBytes = 0;
  let droppedBytes = 0;
  const log = (...args: unknown[]) => {
    const line = formatLogArgs(args, isTensor);
    if (logBytes >= logCapBytes) {
      droppedBytes += line.length + 1;
      return;
    }
    const room = logCapBytes - logBytes;
    if (line.length + 1 > room) {
      droppedBytes += line.length + 1 - room;
      logBytes = logCapBytes;
      hostLog!(I.stringSlice(line, 0, room));
    } else {
      logBytes += line.length + 1;
      hostLog!(line);
    }
  };
  g.console = I.freeze({ log, info: log, warn: log, error: log, debug: log, trace: log, table: log, dir: log });

  // Timers: the host keeps the clock and calls `fireTimer` when one is due, so every call into
  // the sandbox starts on the host, which sees how it ended (an exception, a rejection left
  // unhandled) and stops calling once the test is over.
  interface Timer {
    callback: (...args: unknown[]) => unknown;
    args: unknown[];
    delay: number;
    repeat: boolean;
  }
  let nextTimer = 1;
  const timers = new I.Map<number, Timer>();
  const schedule = (callback: unknown, ms: unknown, args: unknown[], repeat: boolean): number => {
    if (typeof callback !== 'function') throw new TypeError('setTimeout needs a function');
    if (I.mapSize(timers) >= MAX_TIMERS) throw new Error(`More than ${MAX_TIMERS} timers are pending; clear timers you no longer need.`);
    const id = nextTimer++;
    const requested = I.Number(ms) || 0;
    const delay = requested < 0 ? 0 : requested > 60_000 ? 60_000 : requested;
    I.mapSet(timers, id, { callback: callback as Timer['callback'], args, delay, repeat });
    hostTimer!(id, delay);
    return id;
  };
  /** Runs timer `id` if it is still set; says what it threw, if anything. */
  const fireTimer = (id: number) => {
    const timer = I.mapGet(timers, id) as Timer | undefined;
    if (timer === undefined) return undefined;
    if (timer.repeat) hostTimer!(id, timer.delay);
    else I.mapDelete(timers, id);
    try {
      I.apply(timer.callback, undefined, timer.args);
    } catch (error) {
      return { error: describeThrown(error) };
    }
    return undefined;
  };
  g.setTimeout = (callback: unknown, ms?: unknown, ...args: unknown[]) => schedule(callback, ms, args, false);
  g.setInterval = (callback: unknown, ms?: unknown, ...args: unknown[]) => schedule(callback, ms, args, true);
  g.clearTimeout = g.clearInterval = (id: unknown) => {
    I.mapDelete(timers, id as number);
  };
  g.queueMicrotask = (callback: () => void) => {
    Promise.resolve().then(callback);
  };
  // Seeded by the test case (`configure`); the function itself is fixed before the lock-down.
  let nextRandom = mulberry32(0);
  Math.random = function random() {
    return nextRandom();
  };

  let driver: Driver | undefined;
  let submission: Record<string, unknown> | undefined;

  /** Takes the test case's settings; runs once per context, before any submission code. */
  const configure = (config: CaseConfig) => {
    if (driver) throw new Error('This sandbox context has already served a test case.');
    nextRandom = mulberry32(config.seed);
    logCapBytes = config.logCapBytes;
    // Strict, as it was in the test module it came from; a strict caller is also invisible to the
    // submission's functions (their `caller` is null), so the harness cannot be reached that way.
    driver = I.indirectEval(`'use strict'; (${config.driver})`) as Driver;
  };

  /** Configures the context for its test case, then runs the submission's module body; returns its exports' types or the error it threw. */
  const loadSubmission = (config: CaseConfig) => {
    configure(config);
    const factory = g.__submission as (module: unknown, exports: unknown, require: unknown) => void;
    delete g.__submission;
    const commonJs = { exports: {} as Record<string, unknown> };
    const require = (id: string) => {
      if (TFJS_MODULES.includes(id)) return tfModule;
      throw new Error(`Cannot import "${id}": submissions can import only @tensorflow/tfjs.`);
    };
    try {
      factory(commonJs, commonJs.exports, require);
    } catch (error) {
      return { error: describeThrown(error) };
    }
    submission = commonJs.exports;
    const exportTypes: Record<string, string> = {};
    try {
      const keys = I.ownKeys(submission);
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i];
        // esbuild's CommonJS exports are getters: read through them (under the load's time limit).
        if (typeof key === 'string') put(exportTypes, key, typeof submission[key]);
      }
    } catch (error) {
      return { error: describeThrown(error) };
    }
    return { exports: exportTypes };
  };

  /** Runs the test's driver against the submission; returns plain data only. */
  const runCase = async (input: unknown) => {
    const owned: Disposable[] = [];
    const own = <T extends Disposable>(value: T): T => {
      put(owned, owned.length, value);
      return value;
    };
    // Tensors that crossed the boundary: the receiver got a clone; the original is the sender's
    // answer, freed after the case (not a leak). Kept in `owned` too, in the order they came, so
    // a model the submission built around the driver's base is freed before that base.
    const boundary = createBoundary({
      isTensor: (v: unknown) => isTensor(v) && I.setHas(live, v),
      cloneTensor: (tensor: object) => {
        put(owned, owned.length, tensor);
        return own(I.apply(clone, undefined, [tensor]) as Core.Tensor);
      },
      crossedOpaque: (value: object) => {
        if (isLayersModel(value)) put(owned, owned.length, value);
      },
    });
    const helpers = I.freeze({
      tf,
      own,
      now: () => I.dateNow(),
      tensor: (values: Core.TensorLike, shape?: number[], dtype?: 'float32' | 'int32' | 'bool') => own(core.tensor(values, shape, dtype)),
      loadModel: async (artifacts: { modelTopology: unknown; weightSpecs: { name: string; shape: number[]; dtype: string }[]; weightData: number[] }) => {
        const buffer = new ArrayBuffer(artifacts.weightData.length * 4);
        const floats = new Float32Array(buffer);
        const ints = new Int32Array(buffer);
        let offset = 0;
        for (let s = 0; s < artifacts.weightSpecs.length; s += 1) {
          const spec = artifacts.weightSpecs[s]!;
          const size = spec.shape.reduce((a, b) => a * b, 1);
          for (let i = 0; i < size; i += 1) {
            const value = artifacts.weightData[offset + i] ?? 0;
            if (spec.dtype === 'int32') ints[offset + i] = value;
            else floats[offset + i] = value;
          }
          offset += size;
        }
        const model = await layers.loadLayersModel(
          core.io.fromMemory({ modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs as Core.io.WeightsManifestEntry[], weightData: buffer }),
        );
        return own(model);
      },
      countPredictCalls: (model: Layers.LayersModel) => costs.countForwardPasses(model),
      modelSize: (model: Layers.LayersModel) => costs.modelSize(model),
      model: async (candidate: unknown) => own(await rebuildModel(candidate)),
      lend: boundary.lend,
    });

    madeInCase = new I.Set<unknown>();
    buffersMadeInCase = new I.Set<unknown>();
    trainingLog.start();
    let output: unknown;
    let error: (ReturnType<typeof describeThrown> & { modelCheck?: string }) | undefined;
    try {
      // A driver that returns at once is read at once: no microtask of the submission's runs in between.
      const returned = driver!(boundary.exportsForDriver(submission!), input, helpers);
      const value = typeof returned === 'object' && returned !== null && I.getPrototypeOf(returned) === PromisePrototype ? await returned : returned;
      output = toPlain(value, tensorAccess);
      disposeTensorsIn(value, isTensor);
    } catch (thrown) {
      error = describeThrown(thrown);
      // A model the test needs failed the harness's check: a finding about the answer, not an error of the submission's.
      const modelCheck = modelCheckProperty(thrown);
      if (modelCheck !== undefined) put(error, 'modelCheck', modelCheck);
    }
    // Newest first: a model built around an owned model (a new head on a loaded base) goes before its parts.
    for (let i = owned.length - 1; i >= 0; i -= 1) {
      try {
        owned[i]!.dispose();
      } catch {
        // Already disposed by the submission: nothing to free.
      }
    }
    const tensorsLeft = I.setSize(madeInCase);
    const buffersLeft = I.setSize(buffersMadeInCase);
    const leaked = tensorsLeft > buffersLeft ? tensorsLeft : buffersLeft;
    return { output, error, tensorsLeaked: leaked, droppedLogBytes: droppedBytes, training: trainingLog.take() };
  };

  lockDownLibrary(g, [tf], {
    engine,
    backend: core.backend(),
    globals: tfjsGlobals,
    classNameMap: core.serialization.SerializationMap.getMap().classNameMap as Record<string, unknown>,
  });
  /** Readies a context made from the snapshot: once, before anything else runs in it. */
  const open = (log: HostLog, timer: HostTimer) => {
    if (hostLog) throw new Error('This sandbox context is already open.');
    removeUnmeteredGlobals(g);
    g.performance = I.freeze({ now: () => I.dateNow() });
    lockDownBuiltIns(g);
    hostLog = log;
    hostTimer = timer;
  };
  g.__grader_runtime = { open, loadSubmission, runCase, fireTimer };
}

/**
 * Tensors the driver returned are the submission's answer, not a leak: free them, in arrays and
 * plain objects too (own data properties only: no getter runs).
 */
function disposeTensorsIn(value: unknown, isTensor: (v: unknown) => v is Core.Tensor, depth = 0): void {
  if (depth > 3 || value === null || typeof value !== 'object') return;
  if (isTensor(value)) {
    value.dispose();
    return;
  }
  if (I.isArray(value)) {
    for (let i = 0; i < value.length && i < 1000; i += 1) disposeTensorsIn(I.getOwnPropertyDescriptor(value, i)?.value, isTensor, depth + 1);
    return;
  }
  const keys = I.ownKeys(value);
  for (let i = 0; i < keys.length && i < 1000; i += 1) {
    const descriptor = I.getOwnPropertyDescriptor(value, keys[i]!);
    if (descriptor && 'value' in descriptor) disposeTensorsIn(descriptor.value, isTensor, depth + 1);
  }
}

/** UTF-8 without TextEncoder (absent in the isolate). */
class TextEncoderLite {
  encode(text: string): Uint8Array {
    return Uint8Array.from(unescape(encodeURIComponent(text)), (c) => c.charCodeAt(0));
  }
  decode(bytes: Uint8Array): string {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]!);
    return decodeURIComponent(escape(binary));
  }
}
