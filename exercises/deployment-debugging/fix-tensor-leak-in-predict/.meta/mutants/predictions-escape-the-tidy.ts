// mistake: wraps the preprocessing in tf.tidy but returns the prediction tensor out of it and then takes argMax outside, so neither is ever disposed
// expect: leaked 2 tensors
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

  // tidy cleans up everything made inside, except what it returns.
  const probabilities = tf.tidy(() => {
    const normalised = tf.tensor2d(rows).sub(tf.tensor1d(config.mean)).div(tf.tensor1d(config.std));
    return model.predict(normalised) as tf.Tensor;
  });
  const indices = probabilities.argMax(-1).dataSync();
  const probs = probabilities.arraySync() as number[][];

  return probs.map((p, i) => {
    const k = indices[i]!;
    return { species: config.labels[k] ?? String(k), confidence: p[k]!, probabilities: p };
  });
}
