import * as tf from '@tensorflow/tfjs';

/** What the training job exports next to the weights (data/penguin-model.json). */
export interface ModelCard {
  /** Input columns, in the order the model was trained on. */
  features: string[];
  /** Training-split mean and standard deviation of each feature, in `features` order. */
  mean: number[];
  std: number[];
  /** Species names in the order of the model's outputs. */
  labels: string[];
}

/** One bird as the field app sends it: named fields in any order, some of them not features. */
export interface PenguinRequest {
  tag: string;
  [field: string]: unknown;
}

export interface Prediction {
  tag: string;
  species: string | null;
  confidence: number | null;
}

// Column order of the penguin table in the feature store.
const FEATURE_COLUMNS = ['bill_depth_mm', 'bill_length_mm', 'body_mass_g', 'flipper_length_mm'];
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

/**
 * POST /v1/penguins/species. Offline evaluation of this model said 98.6% accuracy on held-out
 * birds; in the field it has been wrong about one bird in two since launch.
 */
export function predictSpecies(model: tf.LayersModel, card: ModelCard, requests: PenguinRequest[]): Prediction[] {
  if (requests.length === 0) return [];
  const probabilities = tf.tidy(() => {
    const x = tf.tensor2d(requests.map((request) => FEATURE_COLUMNS.map((name) => Number(request[name]))));
    // Standardise each feature so the model sees values around 0.
    const { mean, variance } = tf.moments(x, 0);
    const standardised = x.sub(mean).div(variance.sqrt().add(1e-6));
    return (model.predict(standardised) as tf.Tensor).arraySync() as number[][];
  });
  return probabilities.map((p, i) => {
    const best = p.indexOf(Math.max(...p));
    return { tag: requests[i]!.tag, species: SPECIES[best] ?? null, confidence: p[best] ?? null };
  });
}
