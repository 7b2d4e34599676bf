/**
 * Trains a classifier reproducibly: the caller's model has seeded initialisers, and the rows are
 * shuffled each epoch with a seeded permutation here (tfjs's own `shuffle` uses Math.random).
 * On the cpu backend the result is the same on every run and machine.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { mulberry32 } from '../seeded-random';

export interface TrainingPlan {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seed of the per-epoch shuffles. */
  shuffleSeed: number;
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
export function seededPermutation(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Fits `model` (softmax output) on `x` with integer `labels`; returns the wall time in ms. */
export async function trainClassifier(tf: typeof tfjs, model: tfjs.LayersModel, x: tfjs.Tensor, labels: number[], classes: number, plan: TrainingPlan): Promise<number> {
  const startedAt = performance.now();
  model.compile({ optimizer: tf.train.adam(plan.learningRate), loss: 'categoricalCrossentropy' });
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes));
  const random = mulberry32(plan.shuffleSeed);
  for (let epoch = 0; epoch < plan.epochs; epoch += 1) {
    const order = tf.tensor1d(seededPermutation(labels.length, random), 'int32');
    const [xs, ys] = [tf.gather(x, order), tf.gather(y, order)];
    await model.fit(xs, ys, { epochs: 1, batchSize: plan.batchSize, shuffle: false, verbose: 0, yieldEvery: 'never' });
    tf.dispose([order, xs, ys]);
  }
  y.dispose();
  return Math.round(performance.now() - startedAt);
}
