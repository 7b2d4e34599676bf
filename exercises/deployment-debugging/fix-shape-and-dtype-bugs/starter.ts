import * as tf from '@tensorflow/tfjs';

/** data/conditions-model.json without the weights. */
export interface ConditionsCard {
  /** Model inputs in order: precipitation (mm), temp_max (°C), temp_min (°C), wind (m/s). */
  inputs: string[];
  /** Training mean and standard deviation of each input, in those units. */
  mean: number[];
  std: number[];
  /** Weather types in the order of the model's outputs. */
  labels: string[];
}

export interface Forecast {
  weather: string | null;
  probabilities: number[] | null;
}

// The station network sends GHCN-Daily values: integers in tenths of the unit (123 means 12.3).
const TENTHS = tf.scalar(10, 'int32');

function standardise(raw: tf.Tensor, card: ConditionsCard): tf.Tensor {
  return raw.div(TENTHS).sub(tf.tensor1d(card.mean)).div(tf.tensor1d(card.std));
}

/** POST /v1/conditions/batch: the nightly backfill, one row [PRCP, TMAX, TMIN, AWND] per station-day. */
export function classifyDays(model: tf.LayersModel, card: ConditionsCard, readings: number[][]): Forecast[] {
  const { rows, best } = tf.tidy(() => {
    const raw = tf.tensor2d(readings, [readings.length, 4], 'int32');
    const probabilities = model.predict(standardise(raw, card)) as tf.Tensor;
    return { rows: probabilities.arraySync() as number[][], best: probabilities.argMax(0).arraySync() as number[] };
  });
  return rows.map((p, i) => ({ weather: card.labels[best[i]!] ?? null, probabilities: p }));
}

/** GET /v1/conditions: one station-day [PRCP, TMAX, TMIN, AWND], for the dashboard. */
export function classifyDay(model: tf.LayersModel, card: ConditionsCard, reading: number[]): Forecast {
  const { probabilities, best } = tf.tidy(() => {
    const raw = tf.tensor1d(reading, 'int32');
    const output = (model.predict(standardise(raw, card)) as tf.Tensor).squeeze();
    return { probabilities: Array.from(output.dataSync()), best: output.argMax().dataSync()[0]! };
  });
  return { weather: card.labels[best] ?? null, probabilities };
}
