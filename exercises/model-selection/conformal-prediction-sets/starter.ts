import * as tf from '@tensorflow/tfjs';

export interface Split {
  /** Standardised [latitude, longitude] rows. */
  x: number[][];
  /** Division index (0-8) of each row. */
  labels: number[];
}

export interface ConformalReport {
  /** The calibrated threshold on the nonconformity score (Infinity when there are too few calibration rows). */
  qhat: number;
  /** The prediction set of each test row: class indices, ascending. */
  sets: number[][];
  /** Share of test rows whose label is in its set. */
  coverage: number;
  /** Mean number of classes in a test row's set. */
  averageSetSize: number;
}

/** How badly the model fits each labelled row. */
export function nonconformityScores(probabilities: number[][], labels: number[]): number[] {
  return probabilities.map((row, i) => 1 - row[labels[i]!]!);
}

/** The threshold on the scores that should give 1 − alpha coverage. */
export function conformalQuantile(scores: number[], alpha: number): number {
  // TODO: the finite-sample correction, and what to do with too few rows.
  const sorted = [...scores].sort();
  return sorted[Math.floor(scores.length * (1 - alpha))] ?? 1;
}

/** The candidate divisions of each row. */
export function predictionSets(probabilities: number[][], qhat: number): number[][] {
  return probabilities.map((row) => row.flatMap((p, k) => (1 - p < qhat ? [k] : [])));
}

/** What the bench screen would show for the test parcels, and how often it would be right. */
export async function conformalReport(model: tf.LayersModel, data: { calibration: Split; test: Split }, alpha: number): Promise<ConformalReport> {
  const probabilities = (model.predict(tf.tensor2d(data.test.x)) as tf.Tensor2D).arraySync();
  const qhat = conformalQuantile(nonconformityScores(probabilities, data.test.labels), alpha);
  const sets = predictionSets(probabilities, qhat).map((set, i) => (set.length > 0 ? set : [probabilities[i]!.indexOf(Math.max(...probabilities[i]!))]));
  const covered = sets.filter((set, i) => set.includes(data.test.labels[i]!)).length;
  return { qhat, sets, coverage: covered / sets.length, averageSetSize: sets.reduce((sum, s) => sum + s.length, 0) / sets.length };
}
