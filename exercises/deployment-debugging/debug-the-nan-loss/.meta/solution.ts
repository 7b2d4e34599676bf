import * as tf from '@tensorflow/tfjs';

/** The nightly job's settings. */
export interface TrainConfig {
  learningRate: number;
  /** Clip the gradients to this global L2 norm at every step. */
  maxNorm: number;
  steps: number;
}

export interface TrainData {
  /** Raw measurements, one row per penguin. */
  x: number[][];
  /** Class index of each row. */
  labels: number[];
}

export interface TrainReport {
  /** The loss of every step, computed before that step's update. */
  losses: number[];
  /** The standardisation the model was trained with (serve with the same). */
  mean: number[];
  std: number[];
}

/** Settings that converge: inputs standardised, a learning rate plain SGD can follow, clipped steps. */
export function jobConfig(): TrainConfig {
  return { learningRate: 1, maxNorm: 5, steps: 30 };
}

/**
 * Mean softmax cross-entropy from logits, in the log-sum-exp form: log Σ exp(z) − z[label],
 * with the row maximum taken out first so exp never overflows and log never sees 0.
 */
export function stableCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logSumExp = tf.logSumExp(logits, 1);
    const picked = tf.sum(tf.mul(logits, tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1])), 1);
    return tf.mean(tf.sub(logSumExp, picked)) as tf.Scalar;
  });
}

/** Scales every gradient by maxNorm / globalNorm when the global norm is above maxNorm. */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; norm: number } {
  const norm = Math.sqrt(grads.reduce((sum, g) => sum + tf.tidy(() => tf.sum(tf.square(g)).dataSync()[0]!), 0));
  const factor = norm > maxNorm ? maxNorm / norm : 1;
  return { clipped: grads.map((g) => tf.mul(g, factor)), norm };
}

/** Training mean and population standard deviation of each feature; a constant feature gets std 1. */
function standardisation(x: number[][]): { mean: number[]; std: number[] } {
  const features = x[0]!.length;
  const mean = Array.from({ length: features }, (_, k) => x.reduce((s, row) => s + row[k]!, 0) / x.length);
  const std = mean.map((m, k) => Math.sqrt(x.reduce((s, row) => s + (row[k]! - m) ** 2, 0) / x.length) || 1);
  return { mean, std };
}

/** The nightly training job: full-batch SGD on standardised inputs, stable loss, clipped gradients. */
export function train(model: tf.LayersModel, data: TrainData, config: TrainConfig): TrainReport {
  const { mean, std } = standardisation(data.x);
  const x = tf.tensor2d(data.x.map((row) => row.map((v, k) => (v - mean[k]!) / std[k]!)));
  const y = tf.tensor1d(data.labels, 'int32');
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.sgd(config.learningRate);
  const losses: number[] = [];
  try {
    for (let step = 0; step < config.steps; step += 1) {
      const { value, grads } = tf.variableGrads(() => stableCrossEntropy(model.apply(x) as tf.Tensor2D, y), weights);
      losses.push(value.dataSync()[0]!);
      const names = weights.map((w) => w.name);
      const { clipped } = clipByGlobalNorm(names.map((name) => grads[name]!), config.maxNorm);
      const named: tf.NamedTensorMap = Object.fromEntries(names.map((name, i) => [name, clipped[i]!]));
      optimizer.applyGradients(named);
      tf.dispose([value, ...Object.values(grads), ...clipped]);
    }
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return { losses, mean, std };
}
