// mistake: converts tenths to units in JavaScript but then declares the tensor int32 (the payload schema says integers), which truncates every fraction
// expect: weather for readings with tenths of a unit
import * as tf from '@tensorflow/tfjs';

export interface ConditionsCard {
  inputs: string[];
  mean: number[];
  std: number[];
  labels: string[];
}

export interface Forecast {
  weather: string | null;
  probabilities: number[] | null;
}

/** GHCN-Daily's marker for a value the station did not record. */
const MISSING = -9999;

function checkShapes(readings: number[][], width: number): void {
  readings.forEach((reading, i) => {
    const length = Array.isArray(reading) ? reading.length : 0;
    if (length !== width) throw new Error(`reading ${i} has ${length} values, expected ${width} values (PRCP, TMAX, TMIN, AWND)`);
  });
}

const usable = (reading: number[]) => reading.every((v) => typeof v === 'number' && Number.isFinite(v) && v !== MISSING);

export function classifyDays(model: tf.LayersModel, card: ConditionsCard, readings: number[][]): Forecast[] {
  const width = card.mean.length;
  checkShapes(readings, width);
  const complete = readings.filter(usable);

  const probabilities =
    complete.length === 0
      ? []
      : tf.tidy(() => {
          // float32 from the start: tenths become fractional units, and an int32 tensor divided by
          // an int32 tensor is floor division in tfjs.
          const raw = tf.tensor2d(complete.map((r) => r.map((v) => v / 10)), [complete.length, width], 'int32');
          const x = raw.sub(tf.tensor1d(card.mean)).div(tf.tensor1d(card.std));
          // [batch, classes]: one row of probabilities per reading, even for a batch of one.
          return (model.predict(x) as tf.Tensor2D).arraySync();
        });

  let next = 0;
  return readings.map((reading) => {
    if (!usable(reading)) return { weather: null, probabilities: null };
    const p = probabilities[next++]!;
    let best = 0; // argmax along the class axis of this row; the first wins a tie
    for (let k = 1; k < p.length; k += 1) if (p[k]! > p[best]!) best = k;
    return { weather: card.labels[best]!, probabilities: p };
  });
}

/** One reading is a batch of one: the model's input is always [batch, features]. */
export function classifyDay(model: tf.LayersModel, card: ConditionsCard, reading: number[]): Forecast {
  return classifyDays(model, card, [reading])[0]!;
}
