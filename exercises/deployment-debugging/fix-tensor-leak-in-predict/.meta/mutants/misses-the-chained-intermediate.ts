// mistake: disposes every tensor it named, but `input.sub(mean).div(std)` also makes an unnamed intermediate that nobody disposes
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
  const width = config.mean.length;
  rows.forEach((row, i) => {
    if (row.length !== width) throw new Error(`row ${i} has ${row.length} values, expected ${width} features`);
    if (!row.every((v) => Number.isFinite(v))) throw new Error(`row ${i} has a value that is not a finite number`);
  });
  if (rows.length === 0) return [];

  const input = tf.tensor2d(rows);
  const mean = tf.tensor1d(config.mean);
  const std = tf.tensor1d(config.std);
  const normalised = input.sub(mean).div(std);
  const probabilities = model.predict(normalised) as tf.Tensor;
  const best = probabilities.argMax(-1);

  const probs = probabilities.arraySync() as number[][];
  const indices = best.dataSync();
  tf.dispose([input, mean, std, normalised, probabilities, best]);

  return probs.map((p, i) => {
    const k = indices[i]!;
    return { species: config.labels[k] ?? String(k), confidence: p[k]!, probabilities: p };
  });
}
