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

/** The nightly job's settings. Learning rate from the old notebook; clipping off because it "slowed training down". */
export function jobConfig(): TrainConfig {
  return { learningRate: 5, maxNorm: Infinity, steps: 30 };
}

/** Mean softmax cross-entropy, as in the textbook: −Σ y · log(softmax(z)). */
export function stableCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const probabilities = tf.softmax(logits);
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(probabilities)), 1))) as tf.Scalar;
  });
}

/** Keeps every gradient within ±maxNorm. */
export function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; norm: number } {
  const clipped = grads.map((g) => tf.clipByValue(g, -maxNorm, maxNorm));
  const norm = Math.max(...grads.map((g) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!)));
  return { clipped, norm };
}

/** The nightly training job. */
export function train(model: tf.LayersModel, data: TrainData, config: TrainConfig): TrainReport {
  // The measurements are already numbers: no preprocessing needed.
  const features = data.x[0]!.length;
  const mean = Array<number>(features).fill(0);
  const std = Array<number>(features).fill(1);
  const x = tf.tensor2d(data.x);
  const y = tf.tensor1d(data.labels, 'int32');
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.sgd(config.learningRate);
  const losses: number[] = [];
  for (let step = 0; step < config.steps; step += 1) {
    const { value, grads } = tf.variableGrads(() => stableCrossEntropy(model.apply(x) as tf.Tensor2D, y), weights);
    losses.push(value.dataSync()[0]!);
    const names = weights.map((w) => w.name);
    const { clipped } = clipByGlobalNorm(names.map((name) => grads[name]!), config.maxNorm);
    optimizer.applyGradients(Object.fromEntries(names.map((name, i) => [name, clipped[i]!])));
    tf.dispose([value, ...Object.values(grads), ...clipped]);
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  return { losses, mean, std };
}
