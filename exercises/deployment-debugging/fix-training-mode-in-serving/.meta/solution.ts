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
  const { modelTopology, weightSpecs, weightData } = saved!;
  return {
    modelTopology: modelTopology as object,
    weightSpecs: weightSpecs!.map(({ name, shape, dtype }) => ({ name, shape, dtype: dtype as 'float32' | 'int32' })),
    // Every weight of this model is float32, and a float32 is exact in a JS number.
    weightValues: Array.from(new Float32Array(tf.io.CompositeArrayBuffer.join(weightData!))),
  };
}

/** Builds the model a record describes: same topology, every weight by name, strict loading. */
export async function fromRegistryRecord(record: RegistryRecord): Promise<tf.LayersModel> {
  const weightData = new Float32Array(record.weightValues).buffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: record.modelTopology, weightSpecs: record.weightSpecs, weightData }));
}
