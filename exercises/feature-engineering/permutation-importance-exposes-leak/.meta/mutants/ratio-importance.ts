// mistake: reports the permuted log-loss divided by the baseline instead of the difference
// expect: log-loss drop of each permutation
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

const EPSILON = 1e-7;

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

/** Mean binary cross-entropy of the model's probabilities, each clipped to [1e-7, 1 − 1e-7]. */
function logLossOf(model: tf.LayersModel, x: number[][], y: number[]): number {
  const probabilities = tf.tidy(() => Array.from((model.predict(tf.tensor2d(x, [x.length, x[0]!.length])) as tf.Tensor).dataSync()));
  const total = probabilities.reduce((sum, p, i) => {
    const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    return sum - (y[i] === 1 ? Math.log(q) : Math.log(1 - q));
  }, 0);
  return total / y.length;
}

/** A Fisher–Yates permutation of 0 … n − 1 drawn from `random`. */
function permutation(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const k = Math.floor(random() * (i + 1));
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  return order;
}

/** For each column in order, `repeats` seeded shuffles of that column alone, each scored against the untouched baseline. */
export function permutationImportance(model: tf.LayersModel, data: Table, options: { repeats: number; seed: number }): Importance[] {
  const baseline = logLossOf(model, data.x, data.y);
  const random = mulberry32(options.seed);
  return data.names.map((feature, j) => {
    const drops = Array.from({ length: options.repeats }, () => {
      const order = permutation(data.x.length, random);
      const shuffled = data.x.map((row, i) => row.map((value, c) => (c === j ? data.x[order[i]!]![j]! : value)));
      return logLossOf(model, shuffled, data.y) / baseline;
    });
    const mean = drops.reduce((sum, d) => sum + d, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((sum, d) => sum + (d - mean) ** 2, 0) / drops.length);
    return { feature, drops, mean, std };
  });
}

/** The feature with the largest mean importance, if it is clearly above noise and dominates the runner-up; else null. */
export function findLeak(importances: Importance[], dominance: number): string | null {
  let top: Importance | undefined;
  for (const importance of importances) if (top === undefined || importance.mean > top.mean) top = importance;
  if (top === undefined) return null;
  const runnerUp = Math.max(0, ...importances.filter((i) => i !== top).map((i) => i.mean));
  return top.mean - 2 * top.std > 0 && top.mean >= dominance * runnerUp ? top.feature : null;
}

/** A logistic regression: one sigmoid unit from zeros, Adam, full-batch unshuffled epochs. */
export async function trainHitModel(data: Table, recipe: Recipe): Promise<tf.LayersModel> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [data.names.length], kernelInitializer: 'zeros' })] });
  const optimizer = tf.train.adam(recipe.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(data.x, [data.x.length, data.names.length]);
  const y = tf.tensor2d(data.y, [data.y.length, 1]);
  try {
    await model.fit(x, y, { epochs: recipe.epochs, batchSize: data.x.length, shuffle: false, verbose: 0 });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return model;
}

function withoutColumn(data: Table, feature: string): Table {
  const j = data.names.indexOf(feature);
  return { names: data.names.filter((_, c) => c !== j), x: data.x.map((row) => row.filter((_, c) => c !== j)), y: data.y };
}

/** Trains on all features, ranks them by held-out permutation importance, drops a leak if the rule finds one and retrains. */
export async function auditForLeak(train: Table, heldOut: Table, options: AuditOptions): Promise<AuditReport> {
  const model = await trainHitModel(train, options);
  let baselineLogLoss: number;
  let importances: Importance[];
  try {
    baselineLogLoss = logLossOf(model, heldOut.x, heldOut.y);
    importances = permutationImportance(model, heldOut, options);
  } finally {
    model.dispose();
  }
  const leak = findLeak(importances, options.dominance);
  if (leak === null) return { baselineLogLoss, importances, leak, kept: train.names, honestLogLoss: baselineLogLoss };
  const honestTrain = withoutColumn(train, leak);
  const honest = await trainHitModel(honestTrain, options);
  try {
    const honestHeldOut = withoutColumn(heldOut, leak);
    return { baselineLogLoss, importances, leak, kept: honestTrain.names, honestLogLoss: logLossOf(honest, honestHeldOut.x, honestHeldOut.y) };
  } finally {
    honest.dispose();
  }
}
