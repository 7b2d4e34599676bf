// mistake: cleans up on the happy path, but validates the rows after creating the input tensor, so every rejected request leaks it
// expect: leaked 1 tensor:
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
  if (rows.length === 0) return [];
  const width = config.mean.length;
  const input = tf.tensor2d(rows);
  rows.forEach((row, i) => {
    if (row.length !== width) throw new Error(`row ${i} has ${row.length} values, expected ${width} features`);
    if (!row.every((v) => Number.isFinite(v))) throw new Error(`row ${i} has a value that is not a finite number`);
  });

  const probs = tf.tidy(() => {
    const normalised = input.sub(tf.tensor1d(config.mean)).div(tf.tensor1d(config.std));
    return (model.predict(normalised) as tf.Tensor).arraySync() as number[][];
  });
  input.dispose();

  return probs.map((p) => {
    const k = p.indexOf(Math.max(...p));
    return { species: config.labels[k] ?? String(k), confidence: p[k]!, probabilities: p };
  });
}
