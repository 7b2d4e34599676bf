// mistake: sorts the label names alphabetically "for a stable order", but the model’s outputs follow the training encoder’s order (most frequent first)
// expect: species for four Chinstrap penguins
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
          const standardised = x.sub(tf.tensor1d(card.mean)).div(tf.tensor1d(card.std));
          return (model.predict(standardised) as tf.Tensor).arraySync() as number[][];
        });

  let next = 0;
  return requests.map((request, i) => {
    if (rows[i] === null) return { tag: request.tag, species: null, confidence: null };
    const p = probabilities[next++]!;
    let best = 0;
    for (let k = 1; k < p.length; k += 1) if (p[k]! > p[best]!) best = k;
    const labels = [...card.labels].sort();
    return { tag: request.tag, species: labels[best]!, confidence: p[best]! };
  });
}
