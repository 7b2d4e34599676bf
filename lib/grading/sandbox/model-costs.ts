/**
 * Deterministic cost measurements of the models a driver hands to a submission: forward passes
 * (`h.countPredictCalls`), the FLOPs those passes executed, and a model's size (`h.modelSize`).
 * Installed before any submission code runs, from captured built-ins only.
 */
import type * as Core from '@tensorflow/tfjs-core';
import type * as Layers from '@tensorflow/tfjs-layers';
import { intrinsics as I, put } from './intrinsics';
import { readTensorShape } from './to-plain';

export interface ForwardPassStats {
  /** Forward passes of the model (predict, predictOnBatch, execute, apply, call). */
  calls: number;
  /** The batch size of each pass. */
  batchSizes: number[];
  /** Floating-point operations its matrix multiplications and convolutions executed (2 per multiply-add). */
  flops: number;
}

export interface ModelSize {
  parameters: number;
  /** Bytes of its weights as stored (4 per float32 or int32 value). */
  bytes: number;
}

/** An engine-made tensor's checked shape, or undefined. */
function shapeOf(value: unknown, isTensor: (v: unknown) => boolean): number[] | undefined {
  return isTensor(value) ? readTensorShape(value as object) : undefined;
}

const product = (dims: number[], from = 0, to = dims.length) => {
  let p = 1;
  for (let i = from; i < to; i += 1) p *= dims[i]!;
  return p;
};

/** FLOPs of one kernel call, from its inputs' and output's shapes; 0 for kernels it does not cost. */
function kernelFlops(name: string, inputs: Record<string, unknown>, attrs: Record<string, unknown> | undefined, output: unknown, isTensor: (v: unknown) => boolean): number {
  const input = (key: string) => shapeOf(I.getOwnPropertyDescriptor(inputs, key)?.value, isTensor);
  if (name === 'BatchMatMul' || name === '_FusedMatMul') {
    const a = input('a');
    const b = input('b');
    if (!a || !b || a.length < 2 || b.length < 2) return 0;
    const transposeA = I.getOwnPropertyDescriptor(attrs ?? {}, 'transposeA')?.value === true;
    const k = transposeA ? a[a.length - 2]! : a[a.length - 1]!;
    const out = shapeOf(output, isTensor);
    return out ? 2 * k * product(out) : 0;
  }
  if (name === 'Conv2D' || name === 'FusedConv2D' || name === 'DepthwiseConv2dNative' || name === 'FusedDepthwiseConv2D') {
    const filter = input('filter');
    const out = shapeOf(output, isTensor);
    if (!filter || filter.length !== 4 || !out) return 0;
    // Each output value takes filterHeight * filterWidth * (input channels, or 1 per depthwise channel) multiply-adds.
    const depthwise = name.includes('Depthwise');
    return 2 * filter[0]! * filter[1]! * (depthwise ? 1 : filter[2]!) * product(out);
  }
  return 0;
}

interface LayerPasses {
  stats: ForwardPassStats;
  passes: number;
  active: boolean;
}

export function installModelCosts(core: typeof Core, layers: typeof Layers, isTensor: (v: unknown) => boolean) {
  /** Per counted model, and per layer of it: its stats, and how many passes that layer has run. */
  const stats = new I.WeakMap<object, ForwardPassStats>();
  const layerPasses = new I.WeakMap<object, LayerPasses>();
  /** The stats of the model-level pass running now; nested calls (predict → execute, Sequential → inner model) count once. */
  let current: ForwardPassStats | undefined;

  const engine = core.engine() as unknown as Record<string, (...args: unknown[]) => unknown>;
  const runKernel = engine.runKernel!;
  I.defineProperty(engine, 'runKernel', {
    value: (name: unknown, inputs: unknown, attrs: unknown) => {
      const output = I.apply(runKernel, engine, [name, inputs, attrs]);
      if (current !== undefined && typeof name === 'string' && typeof inputs === 'object' && inputs !== null) {
        current.flops += kernelFlops(name, inputs as Record<string, unknown>, attrs as Record<string, unknown> | undefined, output, isTensor);
      }
      return output;
    },
    writable: false,
    configurable: false,
  });

  const batchSizeOf = (x: unknown): number => shapeOf(I.isArray(x) ? (x as unknown[])[0] : x, isTensor)?.[0] ?? 0;
  const startPass = (found: ForwardPassStats, input: unknown) => {
    found.calls += 1;
    put(found.batchSizes, found.batchSizes.length, batchSizeOf(input));
  };
  const runPass = (found: ForwardPassStats, run: () => unknown) => {
    current = found;
    try {
      return run();
    } finally {
      current = undefined;
    }
  };

  // Every layer of a counted model is registered: running the model layer by layer (layer.apply,
  // layer.call) is a forward pass too. A pass counts once however many layers it runs: the
  // model's pass count is the most passes any of its layers has run.
  const registerLayers = (model: object, found: ForwardPassStats, depth = 0) => {
    const list = I.getOwnPropertyDescriptor(model, 'layers')?.value as unknown;
    if (!I.isArray(list) || depth > 8) return;
    for (let i = 0; i < list.length; i += 1) {
      const layer = I.getOwnPropertyDescriptor(list, i)?.value as unknown;
      if (typeof layer !== 'object' || layer === null) continue;
      I.weakMapSet(layerPasses, layer, { stats: found, passes: found.calls, active: false });
      registerLayers(layer, found, depth + 1);
    }
  };
  const LayerPrototype = layers.layers.Layer.prototype as object;
  const countedLayerCall = (original: (...args: unknown[]) => unknown) =>
    function countedLayerCall(this: object, ...args: unknown[]) {
      const entry = I.weakMapGet(layerPasses, this) as LayerPasses | undefined;
      // Symbolic inputs build a model; only engine tensors run one. A layer's `apply` runs its own `call`: one pass.
      if (entry === undefined || entry.active || !isTensor(I.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0])) return I.apply(original, this, args);
      entry.active = true;
      try {
        entry.passes += 1;
        if (current !== undefined || entry.passes <= entry.stats.calls) return I.apply(original, this, args);
        startPass(entry.stats, args[0]);
        return runPass(entry.stats, () => I.apply(original, this, args));
      } finally {
        entry.active = false;
      }
    };
  // `call` of every layer class the library registers, and `apply` of the base class.
  const classes = core.serialization.SerializationMap.getMap().classNameMap as Record<string, [unknown, unknown]>;
  const layerPrototypes: object[] = [LayerPrototype];
  for (const name of Object.keys(classes)) {
    const cls = classes[name]![0] as { prototype?: object };
    let proto: object | null = cls.prototype ?? null;
    while (proto !== null && proto !== LayerPrototype) proto = I.getPrototypeOf(proto);
    if (proto === LayerPrototype && cls.prototype) layerPrototypes.push(cls.prototype);
  }
  for (const proto of layerPrototypes) {
    for (const name of proto === LayerPrototype ? ['apply', 'call'] : ['call']) {
      const original = I.getOwnPropertyDescriptor(proto, name)?.value as ((...args: unknown[]) => unknown) | undefined;
      if (typeof original !== 'function') continue;
      I.defineProperty(proto, name, { value: countedLayerCall(original), writable: true, configurable: true });
    }
  }

  // A Sequential runs an inner LayersModel that it makes when it is built: register that one too.
  const registerInner = (sequential: object, found: ForwardPassStats) => {
    const inner = I.getOwnPropertyDescriptor(sequential, 'model')?.value as unknown;
    if (typeof inner === 'object' && inner !== null) {
      I.weakMapSet(stats, inner, found);
      registerLayers(inner, found);
    }
    registerLayers(sequential, found);
  };
  const SequentialPrototype = layers.Sequential.prototype as unknown as Record<string, unknown>;
  const build = I.getOwnPropertyDescriptor(SequentialPrototype, 'build')?.value as (...args: unknown[]) => unknown;
  I.defineProperty(SequentialPrototype, 'build', {
    value: function buildAndRegister(this: object, ...args: unknown[]) {
      const result = I.apply(build, this, args);
      const found = I.weakMapGet(stats, this) as ForwardPassStats | undefined;
      if (found !== undefined) registerInner(this, found);
      return result;
    },
    writable: true,
    configurable: true,
  });

  // Every public way to run a whole model goes through one of these methods. They are wrapped on
  // the prototypes, so calling a prototype's method directly is counted too. Layers run inside a
  // model-level pass add to their own pass counts, so a later layer-by-layer pass counts anew.
  for (const proto of [layers.LayersModel.prototype, SequentialPrototype] as unknown as Record<string, unknown>[]) {
    for (const name of ['predict', 'predictOnBatch', 'execute', 'apply', 'call']) {
      const original = I.getOwnPropertyDescriptor(proto, name)?.value as ((...args: unknown[]) => unknown) | undefined;
      if (typeof original !== 'function') continue;
      I.defineProperty(proto, name, {
        value: function countedForwardPass(this: object, ...args: unknown[]) {
          const found = current !== undefined ? undefined : (I.weakMapGet(stats, this) as ForwardPassStats | undefined);
          if (found === undefined) return I.apply(original, this, args);
          startPass(found, args[0]);
          return runPass(found, () => I.apply(original, this, args));
        },
        writable: true,
        configurable: true,
      });
    }
  }

  const weightsGetter = I.getOwnPropertyDescriptor(layers.LayersModel.prototype, 'weights')?.get
    ?? I.getOwnPropertyDescriptor(I.getPrototypeOf(layers.LayersModel.prototype) as object, 'weights')?.get;
  const read = layers.LayerVariable.prototype.read;

  return {
    /** Counts forward passes of `model`, their batch sizes and FLOPs, from now on. */
    countForwardPasses(model: Layers.LayersModel): ForwardPassStats {
      const found: ForwardPassStats = { calls: 0, batchSizes: [], flops: 0 };
      I.weakMapSet(stats, model, found);
      registerInner(model, found);
      return found;
    },
    /** Parameters and bytes of the model's weights, read through the layers library's own getters. */
    modelSize(model: Layers.LayersModel): ModelSize {
      const weights = I.apply(weightsGetter!, model, []) as unknown[];
      let parameters = 0;
      let bytes = 0;
      for (let i = 0; i < weights.length; i += 1) {
        const tensor = I.apply(read, weights[i], []);
        const shape = shapeOf(tensor, isTensor);
        if (!shape) throw new Error('modelSize: a weight of this model is not a tensor.');
        const dtype = I.getOwnPropertyDescriptor(tensor as object, 'dtype')?.value as unknown;
        const size = product(shape);
        parameters += size;
        bytes += size * (dtype === 'bool' ? 1 : 4);
      }
      return { parameters, bytes };
    },
  };
}
