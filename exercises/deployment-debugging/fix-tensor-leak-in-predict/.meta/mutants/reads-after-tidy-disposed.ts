// mistake: assigns the prediction to an outer variable inside tf.tidy instead of returning it, then reads it after tidy has disposed it
// expect: Tensor is disposed
import * as tf from '@tensorflow/tfjs';

export interface ServingConfig {
  mean: number[];
  std: number[];
  labels: string[];
}

export interface Prediction {
  species: string;
  confidence: number;
  probabilities: number[];
}

export function predictSpecies(model: tf.LayersModel, config: ServingConfig, rows: number[][]): Prediction[] {
  const width = config.mean.length;
  rows.forEach((row, i) => {
    if (row.length !== width) throw new Error(`row ${i} has ${row.length} values, expected ${width} features`);
    if (!row.every((v) => Number.isFinite(v))) throw new Error(`row ${i} has a value that is not a finite number`);
  });
  if (rows.length === 0) return [];

  let probabilities: tf.Tensor | undefined;
  tf.tidy(() => {
    const normalised = tf.tensor2d(rows).sub(tf.tensor1d(config.mean)).div(tf.tensor1d(config.std));
    probabilities = model.predict(normalised) as tf.Tensor;
  });
  const probs = probabilities!.arraySync() as number[][];

  return probs.map((p) => {
    const k = p.indexOf(Math.max(...p));
    return { species: config.labels[k] ?? String(k), confidence: p[k]!, probabilities: p };
  });
}
