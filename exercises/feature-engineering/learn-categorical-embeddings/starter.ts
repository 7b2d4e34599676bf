import * as tf from '@tensorflow/tfjs';

/** The index of the unknown bucket: rare, never-seen and missing ('') categories. */
export const UNKNOWN = 0;

export interface Strikes {
  /** Wildlife species of each strike ('' when it was not recorded). */
  species: string[];
  /** One-hot phase of flight: [approach, climb, take-off run, landing roll, descent] (all 0 for taxi or parked). */
  features: number[][];
  /** 1 when the strike damaged the aircraft, else 0. */
  damaged: number[];
}

export interface TrainingOptions {
  minCount: number;
  dim: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

export const EMBEDDING_LAYER = 'species_embedding';

/** The species vocabulary. TODO: counts, minCount, order and the unknown bucket, as the prompt states. */
export function buildVocabulary(values: string[], minCount: number): string[] {
  void minCount;
  return [...new Set(values)];
}

export function encodeCategories(vocabulary: string[], values: string[]): number[] {
  // A species not in the vocabulary gets the next free index.
  return values.map((value) => (vocabulary.includes(value) ? vocabulary.indexOf(value) : vocabulary.length));
}

export async function trainDamageModel(train: Strikes, options: TrainingOptions): Promise<{ vocabulary: string[]; model: tf.LayersModel }> {
  const vocabulary = buildVocabulary(train.species, options.minCount);
  const species = tf.input({ shape: [1], dtype: 'int32' });
  const features = tf.input({ shape: [train.features[0]!.length] });
  const embedded = tf.layers.embedding({ inputDim: vocabulary.length, outputDim: options.dim, name: EMBEDDING_LAYER }).apply(species) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate().apply([tf.layers.flatten().apply(embedded) as tf.SymbolicTensor, features]) as tf.SymbolicTensor;
  const damage = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(joined) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [species, features], outputs: damage });
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'binaryCrossentropy' });
  const ids = tf.tensor2d(encodeCategories(vocabulary, train.species), [train.species.length, 1], 'int32');
  await model.fit([ids, tf.tensor2d(train.features)], tf.tensor2d(train.damaged, [train.damaged.length, 1]), { epochs: options.epochs, verbose: 0 });
  return { vocabulary, model };
}

export function embeddingTable(model: tf.LayersModel): number[][] {
  return model.getWeights()[0]!.arraySync() as number[][];
}

export function predictDamage(model: tf.LayersModel, vocabulary: string[], strikes: { species: string[]; features: number[][] }): number[] {
  const ids = tf.tensor2d(encodeCategories(vocabulary, strikes.species), [strikes.species.length, 1], 'int32');
  const probabilities = model.predict([ids, tf.tensor2d(strikes.features)]) as tf.Tensor;
  return Array.from(probabilities.dataSync());
}

/** A second model on the learned vectors. TODO: the prompt's features and training recipe. */
export async function trainOnEmbeddings(table: number[][], vocabulary: string[], train: Strikes, options: { epochs: number; learningRate: number }): Promise<tf.LayersModel> {
  const index = encodeCategories(vocabulary, train.species);
  const rows = index.map((i, n) => [...(table[i] ?? table[0]!), ...train.features[n]!]);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [rows[0]!.length] })] });
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'binaryCrossentropy' });
  await model.fit(tf.tensor2d(rows), tf.tensor2d(train.damaged, [train.damaged.length, 1]), { epochs: options.epochs, verbose: 0 });
  return model;
}
