// mistake: keeps a fold whose training set is empty
// expect: number of folds
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

const EPSILON = 1e-7;

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Full test blocks from firstTest on; each trains on the rows whose labels were known before it, less the gap. */
export function walkForwardFolds(n: number, options: FoldOptions): Fold[] {
  const folds: Fold[] = [];
  for (let start = options.firstTest; start + options.testSize <= n; start += options.testSize) {
    const lastTrain = start - options.horizon - options.gap - 1;
    const firstTrain = options.window === null ? 0 : Math.max(0, lastTrain - options.window + 1);
    const train = range(firstTrain, lastTrain);
    folds.push({ train, test: range(start, start + options.testSize - 1) });
  }
  return folds;
}

/** Mean and population standard deviation of each column of the training rows (a constant column gets 1). */
function fitScaler(rows: number[][]): { mean: number[]; std: number[] } {
  const width = rows[0]!.length;
  const mean = range(0, width - 1).map((j) => rows.reduce((sum, row) => sum + row[j]!, 0) / rows.length);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((sum, row) => sum + (row[j]! - m) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}

function logLoss(probabilities: number[], labels: number[]): number {
  const total = probabilities.reduce((sum, p, i) => {
    const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    return sum - (labels[i] === 1 ? Math.log(q) : Math.log(1 - q));
  }, 0);
  return total / labels.length;
}

/** Trains a fresh logistic regression on the fold's training rows and returns its log-loss on the test rows. */
export async function scoreFold(days: Days, fold: Fold, recipe: Recipe): Promise<number> {
  const { mean, std } = fitScaler(fold.train.map((i) => days.features[i]!));
  const scale = (rows: number[]) => rows.map((i) => days.features[i]!.map((v, j) => (v - mean[j]!) / std[j]!));
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [mean.length], kernelInitializer: 'zeros' })] });
  const optimizer = tf.train.adam(recipe.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(scale(fold.train));
  const y = tf.tensor2d(fold.train.map((i) => days.labels[i]!), [fold.train.length, 1]);
  try {
    await model.fit(x, y, { epochs: recipe.epochs, batchSize: fold.train.length, shuffle: false, verbose: 0 });
    const probabilities = tf.tidy(() => Array.from((model.predict(tf.tensor2d(scale(fold.test))) as tf.Tensor).dataSync()));
    return logLoss(probabilities, fold.test.map((i) => days.labels[i]!));
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

/** Scores every walk-forward fold and their unweighted mean (null when there is no fold). */
export async function validateWalkForward(days: Days, options: FoldOptions, recipe: Recipe): Promise<{ folds: FoldScore[]; meanLogLoss: number | null }> {
  const folds: FoldScore[] = [];
  for (const fold of walkForwardFolds(days.labels.length, options)) {
    folds.push({ trainRows: fold.train.length, testRows: fold.test.length, logLoss: await scoreFold(days, fold, recipe) });
  }
  const meanLogLoss = folds.length === 0 ? null : folds.reduce((sum, f) => sum + f.logLoss, 0) / folds.length;
  return { folds, meanLogLoss };
}
