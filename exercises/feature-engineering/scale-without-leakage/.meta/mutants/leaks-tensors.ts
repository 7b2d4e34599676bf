// mistake: computes the statistics with tfjs but creates the input tensor outside tf.tidy and never disposes it
// expect: leaked
import * as tf from '@tensorflow/tfjs';

export interface Scaler {
  mean: number[];
  std: number[];
}

export function fitScaler(rows: number[][]): Scaler {
  if (rows.length === 0) return { mean: [], std: [] };
  const x = tf.tensor2d(rows);
  return tf.tidy(() => {
    const present = tf.logicalNot(tf.isNaN(x));
    const zeros = tf.zerosLike(x);
    const count = present.cast('float32').sum(0);
    const mean = tf.where(present, x, zeros).sum(0).div(count);
    const centred = tf.where(present, x.sub(mean), zeros);
    const std = centred.square().sum(0).div(count).sqrt();
    return { mean: Array.from(mean.dataSync()), std: Array.from(std.dataSync()) };
  });
}

export function transform(scaler: Scaler, rows: number[][]): number[][] {
  if (rows.length === 0) return [];
  return tf.tidy(() => {
    const std = tf.tensor1d(scaler.std);
    // 1/std, or 0 for a constant column: 0 * x keeps NaN as NaN and turns everything else into 0.
    const factor = tf.where(std.equal(0), tf.zerosLike(std), tf.onesLike(std).div(std));
    const scaled = tf.tensor2d(rows).sub(tf.tensor1d(scaler.mean)).mul(factor);
    return scaled.arraySync() as number[][];
  });
}

export function scaleSplits(train: number[][], test: number[][]): { scaler: Scaler; train: number[][]; test: number[][] } {
  const scaler = fitScaler(train);
  return { scaler, train: transform(scaler, train), test: transform(scaler, test) };
}
