import * as tf from '@tensorflow/tfjs';

/** Days in time order, one row per day: [precipitation, temp_max, temp_min, wind] and the wet-spell label. */
export interface Days {
  features: number[][];
  /** 1 when the next `horizon` days bring at least 5 mm of rain, else 0. */
  labels: number[];
}

export interface FoldOptions {
  /** The label of row i reads rows i + 1 … i + horizon. */
  horizon: number;
  /** Index of the first test row. */
  firstTest: number;
  /** Rows in each test block. */
  testSize: number;
  /** Rows left out between the purged rows and the test block (the retraining lag). */
  gap: number;
  /** null: expanding window from row 0; a number: at most that many of the latest eligible rows. */
  window: number | null;
}

export interface Fold {
  train: number[];
  test: number[];
}

export interface Recipe {
  epochs: number;
  learningRate: number;
}

export interface FoldScore {
  trainRows: number;
  testRows: number;
  logLoss: number;
}

/** Test blocks from firstTest on, training on every earlier row. TODO: purge, gap, window and the edge rules. */
export function walkForwardFolds(n: number, options: FoldOptions): Fold[] {
  const folds: Fold[] = [];
  for (let start = options.firstTest; start < n; start += options.testSize) {
    const test = Array.from({ length: Math.min(options.testSize, n - start) }, (_, i) => start + i);
    folds.push({ train: Array.from({ length: start }, (_, i) => i), test });
  }
  return folds;
}

/** Trains a logistic regression on the fold and scores its test rows. TODO: the scaler and the recipe of the prompt. */
export async function scoreFold(days: Days, fold: Fold, recipe: Recipe): Promise<number> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [days.features[0]!.length] })] });
  model.compile({ optimizer: tf.train.adam(recipe.learningRate), loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(fold.train.map((i) => days.features[i]!));
  const y = tf.tensor2d(fold.train.map((i) => [days.labels[i]!]));
  await model.fit(x, y, { epochs: recipe.epochs, batchSize: fold.train.length, verbose: 0 });
  const p = (model.predict(tf.tensor2d(fold.test.map((i) => days.features[i]!))) as tf.Tensor).dataSync();
  let loss = 0;
  fold.test.forEach((i, k) => {
    loss -= days.labels[i] === 1 ? Math.log(p[k]!) : Math.log(1 - p[k]!);
  });
  return loss / fold.test.length;
}

export async function validateWalkForward(days: Days, options: FoldOptions, recipe: Recipe): Promise<{ folds: FoldScore[]; meanLogLoss: number | null }> {
  const folds: FoldScore[] = [];
  for (const fold of walkForwardFolds(days.labels.length, options)) {
    folds.push({ trainRows: fold.train.length, testRows: fold.test.length, logLoss: await scoreFold(days, fold, recipe) });
  }
  return { folds, meanLogLoss: folds.reduce((sum, f) => sum + f.logLoss, 0) / folds.length };
}
