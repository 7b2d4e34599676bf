import * as tf from '@tensorflow/tfjs';

/** Rows of standardised features, their column names and the 0/1 label. */
export interface Table {
  names: string[];
  x: number[][];
  y: number[];
}

export interface Importance {
  feature: string;
  /** Held-out log-loss with the column permuted, minus the baseline, one per repeat. */
  drops: number[];
  mean: number;
  std: number;
}

export interface Recipe {
  epochs: number;
  learningRate: number;
}

export interface AuditOptions extends Recipe {
  repeats: number;
  seed: number;
  dominance: number;
}

export interface AuditReport {
  baselineLogLoss: number;
  importances: Importance[];
  leak: string | null;
  kept: string[];
  honestLogLoss: number;
}

/** mulberry32: the seeded generator of the permutations (numbers in [0, 1)). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function logLossOf(model: tf.LayersModel, x: number[][], y: number[]): number {
  const p = (model.predict(tf.tensor2d(x)) as tf.Tensor).dataSync();
  return -y.reduce((sum, label, i) => sum + (label === 1 ? Math.log(p[i]!) : Math.log(1 - p[i]!)), 0) / y.length;
}

/** The model's weights as importances. TODO: seeded permutations of one column at a time, as the prompt states. */
export function permutationImportance(model: tf.LayersModel, data: Table, options: { repeats: number; seed: number }): Importance[] {
  void options;
  const kernel = model.getWeights()[0]!.dataSync();
  return data.names.map((feature, j) => ({ feature, drops: [Math.abs(kernel[j]!)], mean: Math.abs(kernel[j]!), std: 0 }));
}

/** The most important feature. TODO: the noise and dominance conditions. */
export function findLeak(importances: Importance[], dominance: number): string | null {
  void dominance;
  const sorted = [...importances].sort((a, b) => b.mean - a.mean);
  return sorted[0]?.feature ?? null;
}

export async function trainHitModel(data: Table, recipe: Recipe): Promise<tf.LayersModel> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [data.names.length] })] });
  model.compile({ optimizer: tf.train.adam(recipe.learningRate), loss: 'binaryCrossentropy' });
  await model.fit(tf.tensor2d(data.x), tf.tensor2d(data.y, [data.y.length, 1]), { epochs: recipe.epochs, batchSize: data.x.length, verbose: 0 });
  return model;
}

/** TODO: importances on the held-out rows, the leak rule, and the honest retrain without the leak. */
export async function auditForLeak(train: Table, heldOut: Table, options: AuditOptions): Promise<AuditReport> {
  const model = await trainHitModel(train, options);
  const baselineLogLoss = logLossOf(model, heldOut.x, heldOut.y);
  const importances = permutationImportance(model, train, options);
  return { baselineLogLoss, importances, leak: findLeak(importances, options.dominance), kept: train.names, honestLogLoss: baselineLogLoss };
}
