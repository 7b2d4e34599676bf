import * as tf from '@tensorflow/tfjs';

/** data/mpg-model.json's `card`: how the model's inputs were prepared in training. */
export interface MpgCard {
  features: string[];
  mean: number[];
  std: number[];
}

/** A listed car: its specification, by feature name. */
export type Car = Record<string, number | string>;

/** A model as the registry stores it: plain JSON. */
export interface RegistryRecord {
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[];
  weightValues: number[];
}

/** The model's inputs for a page of listings: features in card order, standardised. */
function standardise(cars: Car[], card: MpgCard): number[][] {
  return cars.map((car) => card.features.map((feature, k) => (Number(car[feature]) - card.mean[k]!) / card.std[k]!));
}

/**
 * Estimated miles per gallon for each car, in order. `predict` runs the model in inference mode:
 * Dropout passes values through and BatchNormalization uses its moving mean and variance, so an
 * estimate depends on its car only, and serving never changes the model.
 */
export function estimateMpg(model: tf.LayersModel, card: MpgCard, cars: Car[]): number[] {
  if (cars.length === 0) return [];
  return tf.tidy(() => {
    const output = model.predict(tf.tensor2d(standardise(cars, card))) as tf.Tensor;
    return Array.from(output.dataSync());
  });
}

/** The model as the registry stores it: `model.save` through an in-memory handler, every weight, exact float32 values. */
export async function toRegistryRecord(model: tf.LayersModel): Promise<RegistryRecord> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved?.weightSpecs === undefined || saved.weightData === undefined) throw new Error('model.save gave no weights');
  return {
    modelTopology: saved.modelTopology as object,
    weightSpecs: saved.weightSpecs.map((spec) => ({ name: spec.name, shape: spec.shape.slice(), dtype: spec.dtype as 'float32' | 'int32' })),
    weightValues: readValues(saved.weightSpecs, tf.io.CompositeArrayBuffer.join(saved.weightData)),
  };
}

/** Every weight's values as plain numbers, in spec order (float32 values are exact in a JS number). */
function readValues(specs: tf.io.WeightsManifestEntry[], buffer: ArrayBuffer): number[] {
  const values: number[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const view = spec.dtype === 'int32' ? new Int32Array(buffer, offset * 4, size) : new Float32Array(buffer, offset * 4, size);
    values.push(...view);
    offset += size;
  }
  return values;
}

/** Builds the model a record describes: same topology, every weight by name, strict loading. */
export async function fromRegistryRecord(record: RegistryRecord): Promise<tf.LayersModel> {
  const buffer = new ArrayBuffer(record.weightValues.length * 4);
  let offset = 0;
  for (const spec of record.weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const view = spec.dtype === 'int32' ? new Int32Array(buffer, offset * 4, size) : new Float32Array(buffer, offset * 4, size);
    view.set(record.weightValues.slice(offset, offset + size));
    offset += size;
  }
  if (offset !== record.weightValues.length) throw new Error(`the record has ${record.weightValues.length} weight values, its specs describe ${offset}`);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: record.modelTopology, weightSpecs: record.weightSpecs, weightData: buffer }));
}
