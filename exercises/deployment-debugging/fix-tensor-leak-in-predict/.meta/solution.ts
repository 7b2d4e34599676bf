import * as tf from '@tensorflow/tfjs';

export interface ServingConfig {
  /** Per-feature mean and standard deviation the model was trained with. */
  mean: number[];
  std: number[];
  /** Species names in the order of the model's outputs. */
  labels: string[];
}

export interface Prediction {
  species: string;
  confidence: number;
  probabilities: number[];
}

/** Rejects a bad request before any tensor exists, so there is nothing to clean up. */
function validateRows(rows: number[][], width: number): void {
  rows.forEach((row, i) => {
    if (row.length !== width) throw new Error(`row ${i} has ${row.length} values, expected ${width} features`);
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) {
        throw new Error(`row ${i}, feature ${j} is not a finite number (got ${String(value)})`);
      }
    });
  });
}

function argMax(values: number[]): number {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if (values[k]! > values[best]!) best = k;
  return best;
}

export function predictSpecies(model: tf.LayersModel, config: ServingConfig, rows: number[][]): Prediction[] {
  const width = config.mean.length;
  validateRows(rows, width);
  if (rows.length === 0) return [];

  // Every tensor made inside the callback (the input, mean, std, the unnamed result of sub, the
  // normalised batch, the model's output) is disposed when it returns, or when it throws.
  const probabilities = tf.tidy(() => {
    const input = tf.tensor2d(rows, [rows.length, width]);
    const normalised = input.sub(tf.tensor1d(config.mean)).div(tf.tensor1d(config.std));
    const output = model.predict(normalised) as tf.Tensor;
    return output.arraySync() as number[][];
  });

  return probabilities.map((p) => {
    const best = argMax(p);
    return { species: config.labels[best]!, confidence: p[best]!, probabilities: p };
  });
}
