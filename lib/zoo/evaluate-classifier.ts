import type * as tfjs from '@tensorflow/tfjs';

export interface ClassifierMetrics {
  rows: number;
  accuracy: number;
  /** Mean negative log-likelihood of the true class (natural log, probabilities clipped at 1e-7). */
  logLoss: number;
}

const round = (value: number) => Number(value.toFixed(6));

/** Accuracy and log loss of class probabilities against integer labels (plain arrays). */
export function scoreProbabilities(probabilities: number[][], labels: number[]): ClassifierMetrics {
  let correct = 0;
  let loss = 0;
  probabilities.forEach((p, i) => {
    let best = 0;
    for (let k = 1; k < p.length; k += 1) if (p[k]! > p[best]!) best = k;
    if (best === labels[i]) correct += 1;
    loss -= Math.log(Math.max(p[labels[i]!] ?? 0, 1e-7));
  });
  const rows = labels.length;
  return { rows, accuracy: rows === 0 ? 0 : round(correct / rows), logLoss: rows === 0 ? 0 : round(loss / rows) };
}

/** Runs the model on `x` and scores it. */
export function evaluateClassifier(tf: typeof tfjs, model: tfjs.LayersModel, x: tfjs.Tensor, labels: number[]): ClassifierMetrics {
  const probabilities = tf.tidy(() => (model.predict(x) as tfjs.Tensor).arraySync() as number[][]);
  return scoreProbabilities(probabilities, labels);
}
