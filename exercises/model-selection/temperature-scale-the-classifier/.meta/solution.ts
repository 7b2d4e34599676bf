import * as tf from '@tensorflow/tfjs';

export interface CalibrationMetrics {
  /** Mean negative log-likelihood of the true labels (natural log). */
  nll: number;
  /** Expected calibration error of the top-class confidence. */
  ece: number;
  /** Share of rows whose arg-max logit is the true label. */
  accuracy: number;
}

export interface Split {
  /** Standardised [latitude, longitude] rows. */
  x: number[][];
  /** Division index (0-8) of each row. */
  labels: number[];
}

export interface TemperatureReport {
  temperature: number;
  /** Test metrics of the model as served today (temperature 1). */
  before: CalibrationMetrics;
  /** Test metrics with the fitted temperature. */
  after: CalibrationMetrics;
}

export const MIN_TEMPERATURE = 0.05;
export const MAX_TEMPERATURE = 20;
const SERVING_BINS = 15;

/** log softmax(z / T), shifted by the row's maximum so that large logits cannot overflow. */
function logSoftmax(row: number[], temperature: number): number[] {
  const scaled = row.map((z) => z / temperature);
  const top = Math.max(...scaled);
  const logSum = top + Math.log(scaled.reduce((sum, z) => sum + Math.exp(z - top), 0));
  return scaled.map((z) => z - logSum);
}

/** The first index of the largest value: ties go to the lowest class index. */
function argmax(row: number[]): number {
  let best = 0;
  for (let k = 1; k < row.length; k += 1) if (row[k]! > row[best]!) best = k;
  return best;
}

/** NLL, top-label ECE over `bins` equal-width bins, and accuracy of softmax(logits / T). */
export function calibrationMetrics(logits: number[][], labels: number[], temperature: number, bins: number): CalibrationMetrics {
  const count = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  let nll = 0;
  let hits = 0;
  logits.forEach((row, i) => {
    const logProbabilities = logSoftmax(row, temperature);
    nll -= logProbabilities[labels[i]!]!;
    const predicted = argmax(row);
    const top = Math.exp(logProbabilities[predicted]!);
    const hit = predicted === labels[i] ? 1 : 0;
    hits += hit;
    // [k/B, (k+1)/B): a confidence on an edge goes up; 1.0 goes to the last bin.
    const bin = Math.min(bins - 1, Math.floor(top * bins));
    count[bin]! += 1;
    correct[bin]! += hit;
    confidence[bin]! += top;
  });
  const n = logits.length;
  const ece = count.reduce((sum, c, b) => (c === 0 ? sum : sum + (c / n) * Math.abs(correct[b]! / c - confidence[b]! / c)), 0);
  return { nll: nll / n, ece, accuracy: hits / n };
}

/** Mean of −log softmax(z / T)[label]: log Σ exp(z/T − m) + m − z_label/T, row by row. */
function meanNll(logits: number[][], labels: number[], temperature: number): number {
  let total = 0;
  logits.forEach((row, i) => {
    let top = -Infinity;
    for (const z of row) top = Math.max(top, z / temperature);
    let sum = 0;
    for (const z of row) sum += Math.exp(z / temperature - top);
    total += top + Math.log(sum) - row[labels[i]!]! / temperature;
  });
  return total / logits.length;
}

/**
 * The temperature in [MIN_TEMPERATURE, MAX_TEMPERATURE] that minimises the mean NLL of `labels`.
 * The NLL is convex in 1/T, so it has one minimum on the interval: golden-section search finds it
 * (or the bound it falls towards). With nothing to learn from, the model is left as it is (1).
 */
export function fitTemperature(logits: number[][], labels: number[]): number {
  const flat = logits.every((row) => Math.max(...row) === Math.min(...row));
  if (flat) return 1;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [low, high] = [MIN_TEMPERATURE, MAX_TEMPERATURE];
  let [left, right] = [high - ratio * (high - low), low + ratio * (high - low)];
  let [leftNll, rightNll] = [meanNll(logits, labels, left), meanNll(logits, labels, right)];
  // Each step keeps the side with the lower NLL and reuses one of the two inner points.
  while (high - low > 1e-4) {
    if (leftNll <= rightNll) {
      [high, right, rightNll] = [right, left, leftNll];
      left = high - ratio * (high - low);
      leftNll = meanNll(logits, labels, left);
    } else {
      [low, left, leftNll] = [left, right, rightNll];
      right = low + ratio * (high - low);
      rightNll = meanNll(logits, labels, right);
    }
  }
  // Next to a bound when the NLL falls towards it: within 1e-4 of the bound itself.
  return (low + high) / 2;
}

/** The model's raw logits for each row, as plain numbers. */
function logitsOf(model: tf.LayersModel, x: number[][]): number[][] {
  if (x.length === 0) return [];
  return tf.tidy(() => (model.predict(tf.tensor2d(x)) as tf.Tensor2D).arraySync());
}

/** Fits the temperature on the validation split only and reports the test split before and after. */
export async function temperatureScale(model: tf.LayersModel, data: { validation: Split; test: Split }): Promise<TemperatureReport> {
  const temperature = fitTemperature(logitsOf(model, data.validation.x), data.validation.labels);
  const testLogits = logitsOf(model, data.test.x);
  return {
    temperature,
    before: calibrationMetrics(testLogits, data.test.labels, 1, SERVING_BINS),
    after: calibrationMetrics(testLogits, data.test.labels, temperature, SERVING_BINS),
  };
}
