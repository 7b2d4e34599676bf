// mistake: trusts tfjs to reject malformed requests instead of validating them: a 5-value row fails with a cryptic broadcast error, a NaN is served as a prediction
// expect: should say "expected 4 features"
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
  const probs = tf.tidy(() => {
    const normalised = tf.tensor2d(rows).sub(tf.tensor1d(config.mean)).div(tf.tensor1d(config.std));
    return (model.predict(normalised) as tf.Tensor).arraySync() as number[][];
  });
  return probs.map((p) => {
    const k = p.indexOf(Math.max(...p));
    return { species: config.labels[k] ?? String(k), confidence: p[k]!, probabilities: p };
  });
}
