// mistake: reads the card’s features and labels but standardises each batch with its own mean and std, so a bird’s answer depends on the birds sent with it
// expect: a penguin sent on its own
import * as tf from '@tensorflow/tfjs';

export interface ModelCard {
  features: string[];
  mean: number[];
  std: number[];
  labels: string[];
}

export interface PenguinRequest {
  tag: string;
  [field: string]: unknown;
}

export interface Prediction {
  tag: string;
  species: string | null;
  confidence: number | null;
}

/** The card's features, read by name in the card's order; null when any one is missing. */
function featureRow(request: PenguinRequest, card: ModelCard): number[] | null {
  const row: number[] = [];
  for (const name of card.features) {
    const value = request[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    row.push(value);
  }
  return row;
}

export function predictSpecies(model: tf.LayersModel, card: ModelCard, requests: PenguinRequest[]): Prediction[] {
  const rows = requests.map((request) => featureRow(request, card));
  const complete = rows.filter((row): row is number[] => row !== null);

  // The training split's statistics, never the batch's: a bird's answer must not depend on
  // which other birds arrived with it.
  const probabilities =
    complete.length === 0
      ? []
      : tf.tidy(() => {
          const x = tf.tensor2d(complete, [complete.length, card.features.length]);
          const { mean, variance } = tf.moments(x, 0);
          const standardised = x.sub(mean).div(variance.sqrt().add(1e-6));
          return (model.predict(standardised) as tf.Tensor).arraySync() as number[][];
        });

  let next = 0;
  return requests.map((request, i) => {
    if (rows[i] === null) return { tag: request.tag, species: null, confidence: null };
    const p = probabilities[next++]!;
    let best = 0;
    for (let k = 1; k < p.length; k += 1) if (p[k]! > p[best]!) best = k;
    return { tag: request.tag, species: card.labels[best]!, confidence: p[best]! };
  });
}
