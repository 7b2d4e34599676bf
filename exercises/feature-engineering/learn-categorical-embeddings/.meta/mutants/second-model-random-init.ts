// mistake: leaves the second model's kernel at its default Glorot initialisation instead of zeros
// expect: second model
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

/** Categories seen at least minCount times (never ''), most frequent first, ties by name; category i has index i + 1. */
export function buildVocabulary(values: string[], minCount: number): string[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= minCount)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .map(([value]) => value);
}

/** The index of each value: its position in the vocabulary + 1, or UNKNOWN. */
export function encodeCategories(vocabulary: string[], values: string[]): number[] {
  const index = new Map(vocabulary.map((value, i) => [value, i + 1]));
  return values.map((value) => index.get(value) ?? UNKNOWN);
}

/** Embedding of the species index, flattened, next to the phase features, into one sigmoid unit. */
function buildDamageModel(vocabularySize: number, featureCount: number, options: TrainingOptions): tf.LayersModel {
  const species = tf.input({ shape: [1], dtype: 'int32', name: 'species' });
  const features = tf.input({ shape: [featureCount], name: 'features' });
  const embedded = tf.layers
    .embedding({
      inputDim: vocabularySize + 1,
      outputDim: options.dim,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: options.seed }),
      name: EMBEDDING_LAYER,
    })
    .apply(species) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate().apply([tf.layers.flatten().apply(embedded) as tf.SymbolicTensor, features]) as tf.SymbolicTensor;
  const damage = tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 1 }) }).apply(joined) as tf.SymbolicTensor;
  return tf.model({ inputs: [species, features], outputs: damage });
}

/** Full-batch, unshuffled Adam epochs on binary cross-entropy; disposes what it made. */
async function fitFullBatch(model: tf.LayersModel, inputs: tf.Tensor[], labels: number[], epochs: number, learningRate: number): Promise<void> {
  const optimizer = tf.train.adam(learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const y = tf.tensor2d(labels, [labels.length, 1]);
  try {
    await model.fit(inputs, y, { epochs, batchSize: labels.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  } finally {
    tf.dispose([...inputs, y]);
    optimizer.dispose();
  }
}

/** Learns the vocabulary from the training strikes and trains the embedding jointly with the damage model. */
export async function trainDamageModel(train: Strikes, options: TrainingOptions): Promise<{ vocabulary: string[]; model: tf.LayersModel }> {
  const vocabulary = buildVocabulary(train.species, options.minCount);
  const model = buildDamageModel(vocabulary.length, train.features[0]!.length, options);
  const ids = tf.tensor2d(encodeCategories(vocabulary, train.species), [train.species.length, 1], 'int32');
  await fitFullBatch(model, [ids, tf.tensor2d(train.features)], train.damaged, options.epochs, options.learningRate);
  return { vocabulary, model };
}

/** The learned table: row i is the vector of index i (row 0: the unknown bucket). */
export function embeddingTable(model: tf.LayersModel): number[][] {
  const [table] = model.getLayer(EMBEDDING_LAYER).getWeights();
  return table!.arraySync() as number[][];
}

/** Damage probability of each strike; unseen species use the unknown bucket. */
export function predictDamage(model: tf.LayersModel, vocabulary: string[], strikes: { species: string[]; features: number[][] }): number[] {
  if (strikes.species.length === 0) return [];
  return tf.tidy(() => {
    const ids = tf.tensor2d(encodeCategories(vocabulary, strikes.species), [strikes.species.length, 1], 'int32');
    const probabilities = model.predict([ids, tf.tensor2d(strikes.features)]) as tf.Tensor;
    return Array.from(probabilities.dataSync());
  });
}

/** [embedding of the species, phase features] of each strike, from the frozen table. */
export function embeddingFeatures(table: number[][], vocabulary: string[], strikes: { species: string[]; features: number[][] }): number[][] {
  return encodeCategories(vocabulary, strikes.species).map((index, i) => [...table[index]!, ...strikes.features[i]!]);
}

/** A logistic regression on the frozen embedding features: zero-initialised, same training recipe. */
export async function trainOnEmbeddings(table: number[][], vocabulary: string[], train: Strikes, options: { epochs: number; learningRate: number }): Promise<tf.LayersModel> {
  const features = embeddingFeatures(table, vocabulary, train);
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [features[0]!.length] })],
  });
  await fitFullBatch(model, [tf.tensor2d(features)], train.damaged, options.epochs, options.learningRate);
  return model;
}
