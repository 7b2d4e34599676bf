/**
 * A model the submission hands to a test is verified, not believed: the harness checks that it is
 * a tfjs LayersModel (its prototype chain reaches the library's own, frozen, prototype), saves it
 * through the library's own `save`, and builds a new model of its own from that topology and
 * those weights, with only the layer classes the library registered before the submission ran.
 * Which weights the original would train is copied onto the rebuild (`save` keeps only the
 * layers' flags). Tests count the parameters of, and predict with, that rebuilt model: an object that only
 * answers like a model, or a model whose methods were replaced, measures as what it really is.
 */
import type * as Core from '@tensorflow/tfjs-core';
import type * as Layers from '@tensorflow/tfjs-layers';
import { inheritsFrom, intrinsics as I, put } from './intrinsics';
import { copyTrainableState, TrainableStateError } from './copy-trainable-state';

/** The property each model check found broken, by the error the harness threw: only errors found here are the harness's. */
const brokenProperties = new I.WeakMap<object, string>();

/**
 * A model the test needs could not be measured. `property` names what is wrong without any data
 * of the case (a hidden test shows only it); the message may add details for visible tests.
 */
export class ModelCheckError extends Error {
  override name = 'ModelCheckError';
  constructor(property: string, detail?: string) {
    super(detail ?? property);
    I.weakMapSet(brokenProperties, this, property);
  }
}

/** The property a model check found broken, when `thrown` is a ModelCheckError of the harness's (never one the submission made). */
export function modelCheckProperty(thrown: unknown): string | undefined {
  return typeof thrown === 'object' && thrown !== null ? (I.weakMapGet(brokenProperties, thrown) as string | undefined) : undefined;
}

/** Whether `key` names a method or accessor somewhere on the prototype chain of `target`. */
function inheritsBehaviour(target: object, key: PropertyKey): boolean {
  for (let proto = I.getPrototypeOf(target); proto !== null; proto = I.getPrototypeOf(proto)) {
    const descriptor = I.getOwnPropertyDescriptor(proto, key);
    if (descriptor) return !('value' in descriptor) || typeof descriptor.value === 'function';
  }
  return false;
}

/**
 * The model and its layers (and theirs) use the library's methods: an own property that shadows
 * one (`model.getWeights = ...`, `layer.call = ...`) means the object does not behave as its
 * class says, and the model is refused.
 */
function assertMethodsIntact(target: object, depth: number): void {
  if (depth > 8) return;
  const keys = I.ownKeys(target);
  for (let k = 0; k < keys.length; k += 1) {
    if (inheritsBehaviour(target, keys[k]!)) {
      throw new ModelCheckError(
        'a method of the returned model was replaced on the object itself, so it cannot be measured',
        `The model's method "${I.String(keys[k]!.toString())}" was replaced on the object itself: it cannot be measured.`,
      );
    }
  }
  const list = I.getOwnPropertyDescriptor(target, 'layers')?.value as unknown;
  if (!I.isArray(list)) return;
  for (let i = 0; i < list.length; i += 1) {
    const layer = I.getOwnPropertyDescriptor(list, i)?.value as unknown;
    if (typeof layer === 'object' && layer !== null) assertMethodsIntact(layer, depth + 1);
  }
}

/** A model's topology (as JSON text) and the bytes of each of its weights, in the order `save` writes them. */
interface ModelAsItIs {
  topology: string;
  weights: Uint8Array[];
}

const UNSAVED = 'the returned model could not be saved, so it cannot be measured';
const CHANGED = 'the returned model changed after it was returned (code of yours still ran while it was measured), so it cannot be measured';
const UNBUILT = "the returned model could not be rebuilt from its own topology and weights (only tfjs's built-in layers can be measured)";

export function verifiedModelBuilder(core: typeof Core, layers: typeof Layers) {
  const LayersModelPrototype = layers.LayersModel.prototype as object;
  const save = layers.LayersModel.prototype.save;
  const toJSON = layers.LayersModel.prototype.toJSON;
  // Protected in the typings; `save` reads the weights through it.
  const getNamedWeights = (layers.LayersModel.prototype as unknown as { getNamedWeights: (config?: unknown) => unknown }).getNamedWeights;
  const dataSync = core.Tensor.prototype.dataSync;

  /** The topology and weight bytes `save` writes, read synchronously, through the library's own prototype methods. */
  const modelAsItIs = (model: Layers.LayersModel): ModelAsItIs => {
    const topology = I.jsonStringify(I.apply(toJSON, model, [null, false]));
    const named = I.apply(getNamedWeights, model, []) as { tensor: Core.Tensor }[];
    const weights: Uint8Array[] = [];
    for (let i = 0; i < named.length; i += 1) {
      const values = I.apply(dataSync, named[i]!.tensor, []) as Float32Array | Int32Array | Uint8Array;
      put(weights, i, I.uint8Slice(new I.Uint8Array(I.typedArrayBuffer(values), I.typedArrayByteOffset(values), I.typedArrayByteLength(values))));
    }
    return { topology, weights };
  };

  /** Whether what `save` wrote is the model as it was handed over: the same topology, the same bytes of every weight. */
  const isModelAsItWas = (saved: Core.io.ModelArtifacts, handedOver: ModelAsItIs): boolean => {
    if (I.jsonStringify(saved.modelTopology) !== handedOver.topology) return false;
    const data = saved.weightData;
    if (!(data instanceof I.ArrayBuffer)) return false;
    const bytes = new I.Uint8Array(data);
    let offset = 0;
    for (let w = 0; w < handedOver.weights.length; w += 1) {
      const weight = handedOver.weights[w]!;
      for (let i = 0; i < weight.length; i += 1) if (bytes[offset + i] !== weight[i]) return false;
      offset += weight.length;
    }
    return offset === bytes.length;
  };
  const withSaveHandler = core.io.withSaveHandler;
  const fromMemory = core.io.fromMemory;
  const loadLayersModel = layers.loadLayersModel;

  const isLayersModel = (value: unknown): boolean => inheritsFrom(value, LayersModelPrototype, 16);

  const rebuildModel = async (candidate: unknown): Promise<Layers.LayersModel> => {
    if (!isLayersModel(candidate)) {
      throw new ModelCheckError('the returned value is not a tfjs model built in the grader (tf.sequential, tf.model or tf.loadLayersModel), so it cannot be measured');
    }
    assertMethodsIntact(candidate as object, 0);
    // The model as it was handed over, read before anything else can run: `save` awaits, and
    // code the submission queued (a microtask, a timer) would run meanwhile and could change it.
    const handedOver = modelAsItIs(candidate as Layers.LayersModel);
    let saved: Core.io.ModelArtifacts | undefined;
    try {
      await I.apply(save, candidate, [
        withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
        }),
      ]);
    } catch (error) {
      throw new ModelCheckError(UNSAVED, `${UNSAVED}: ${I.String((error as { message?: unknown })?.message ?? error)}`);
    }
    if (saved === undefined) throw new ModelCheckError(UNSAVED);
    if (!isModelAsItWas(saved, handedOver)) throw new ModelCheckError(CHANGED);
    let rebuilt: Layers.LayersModel;
    try {
      rebuilt = await loadLayersModel(fromMemory(saved));
    } catch (error) {
      throw new ModelCheckError(UNBUILT, `${UNBUILT}: ${I.String((error as { message?: unknown })?.message ?? error)}`);
    }
    try {
      copyTrainableState(candidate as object, rebuilt);
    } catch (error) {
      rebuilt.dispose();
      if (error instanceof TrainableStateError) throw new ModelCheckError('which weights the returned model trains cannot be read, so it cannot be measured', error.message);
      throw error;
    }
    return rebuilt;
  };
  return { rebuildModel, isLayersModel };
}
