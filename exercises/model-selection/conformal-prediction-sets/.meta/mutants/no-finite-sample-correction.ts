// mistake: takes k = ceil(n(1 − alpha)), the plain empirical quantile, which under-covers by about 1/n
// expect: threshold
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

/** How far a float product may sit from a whole number and still count as it. */
const WHOLE = 1e-9;

/** The nonconformity score of each row: 1 − the probability the model gave its true label. */
export function nonconformityScores(probabilities: number[][], labels: number[]): number[] {
  return probabilities.map((row, i) => 1 - row[labels[i]!]!);
}

/**
 * Split conformal's threshold: the k-th smallest of the n calibration scores, with
 * k = ceil((n + 1)(1 − alpha)); +Infinity when k > n (too few rows to promise 1 − alpha).
 */
export function conformalQuantile(scores: number[], alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be strictly between 0 and 1, got ${alpha}`);
  const n = scores.length;
  const level = n * (1 - alpha);
  // 500 × (1 − 0.18) is 410.00000000000006 in floating point: that is 410, not 411.
  const k = Math.abs(level - Math.round(level)) <= WHOLE ? Math.round(level) : Math.ceil(level);
  if (k > n) return Infinity;
  // Numeric sort: the default sort compares strings, and puts 5.96e-8 after 0.9.
  const sorted = [...scores].sort((a, b) => a - b);
  return sorted[k - 1]!;
}

/** Every class whose score 1 − p is at most qhat (ties included), in ascending order; may be empty. */
export function predictionSets(probabilities: number[][], qhat: number): number[][] {
  return probabilities.map((row) => row.flatMap((p, k) => (1 - p <= qhat ? [k] : [])));
}

function probabilitiesOf(model: tf.LayersModel, x: number[][]): number[][] {
  if (x.length === 0) return [];
  return tf.tidy(() => (model.predict(tf.tensor2d(x)) as tf.Tensor2D).arraySync());
}

/** Calibrates on the calibration split only, then builds and scores the test split's sets. */
export async function conformalReport(model: tf.LayersModel, data: { calibration: Split; test: Split }, alpha: number): Promise<ConformalReport> {
  const qhat = conformalQuantile(nonconformityScores(probabilitiesOf(model, data.calibration.x), data.calibration.labels), alpha);
  const sets = predictionSets(probabilitiesOf(model, data.test.x), qhat);
  const covered = sets.filter((set, i) => set.includes(data.test.labels[i]!)).length;
  const sizes = sets.reduce((sum, set) => sum + set.length, 0);
  return { qhat, sets, coverage: covered / sets.length, averageSetSize: sizes / sets.length };
}
