import { defineTests, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import modelFile from '../data/conditions-model.json';
import readingsCsv from '../data/readings.csv';

interface ConditionsCard {
  inputs: string[];
  mean: number[];
  std: number[];
  labels: string[];
}
interface Forecast {
  weather: string | null;
  probabilities: number[] | null;
}
interface User {
  classifyDays(model: tfjs.LayersModel, card: ConditionsCard, readings: number[][]): Forecast[];
  classifyDay(model: tfjs.LayersModel, card: ConditionsCard, reading: number[]): Forecast;
}
interface DenseLayer {
  units: number;
  activation: 'relu' | 'softmax';
  kernel: number[][];
  bias: number[];
}
interface Deployment {
  card: ConditionsCard;
  layers: DenseLayer[];
}

const deployment: Deployment = {
  card: { inputs: modelFile.inputs, mean: modelFile.mean, std: modelFile.std, labels: modelFile.labels },
  layers: modelFile.layers as DenseLayer[],
};
const readings = parseCsv(readingsCsv).map((row) => ['PRCP', 'TMAX', 'TMIN', 'AWND'].map((k) => Number(row[k])));
const MISSING = -9999;

/** The model's answer in float64 on the host: tenths to units, training statistics, argmax per row. */
function reference(rows: number[][]): Forecast[] {
  const { card, layers } = deployment;
  return rows.map((reading) => {
    if (!reading.every((v) => Number.isFinite(v) && v !== MISSING)) return { weather: null, probabilities: null };
    let out = reading.map((v, j) => (v / 10 - card.mean[j]!) / card.std[j]!);
    for (const layer of layers) {
      const z = layer.bias.map((b, k) => b + out.reduce((sum, v, i) => sum + v * layer.kernel[i]![k]!, 0));
      if (layer.activation === 'relu') out = z.map((v) => Math.max(0, v));
      else {
        const exps = z.map((v) => Math.exp(v - Math.max(...z)));
        const total = exps.reduce((a, b) => a + b, 0);
        out = exps.map((v) => v / total);
      }
    }
    return { weather: card.labels[out.indexOf(Math.max(...out))]!, probabilities: out };
  });
}

/** Builds the served model inside the sandbox (harness-owned) and calls classifyDays once. */
const backfill = (user: User, input: { deployment: Deployment; readings: number[][] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.deployment.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.deployment.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  return user.classifyDays(model, input.deployment.card, input.readings);
};

/** Builds the model and calls classifyDay once per reading. */
const dashboard = (user: User, input: { deployment: Deployment; readings: number[][] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.deployment.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.deployment.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  return input.readings.map((reading) => user.classifyDay(model, input.deployment.card, reading));
};

/** Calls both entry points with malformed readings; reports whether each threw and what it said. */
const malformed = (user: User, input: { deployment: Deployment; batch: number[][]; single: number[] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.deployment.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.deployment.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  const attempt = (call: () => unknown) => {
    try {
      call();
      return { threw: false, message: '' };
    } catch (error) {
      return { threw: true, message: error instanceof Error ? error.message : String(error) };
    }
  };
  return {
    batch: attempt(() => user.classifyDays(model, input.deployment.card, input.batch)),
    single: attempt(() => user.classifyDay(model, input.deployment.card, input.single)),
  };
};

function field(actual: unknown, key: keyof Forecast): unknown[] {
  return Array.isArray(actual) ? actual.map((f: unknown) => (f !== null && typeof f === 'object' ? (f as Record<string, unknown>)[key] : undefined)) : [];
}

function checkForecasts(actual: Plain | unknown, rows: number[][], t: Checker, what: string): void {
  const expected = reference(rows);
  t.that(Array.isArray(actual), `forecasts for ${what} should be an array with one forecast per reading`);
  t.equal((actual as unknown[]).length, expected.length, { what: `number of forecasts for ${what} (one per reading)` });
  t.equal(field(actual, 'weather'), expected.map((f) => f.weather), { what: `weather for ${what}` });
  t.closeTo(field(actual, 'probabilities'), expected.map((f) => f.probabilities), { what: `probabilities for ${what}` });
}

function checkRejected(outcome: unknown, t: Checker, what: string): void {
  const o = (outcome ?? {}) as { threw?: boolean; message?: string };
  t.that(o.threw === true, `${what} should throw an Error`);
  t.that(typeof o.message === 'string' && o.message.includes('expected 4 values'), `the error for ${what} should say "expected 4 values"`, {
    expected: 'a message containing "expected 4 values"',
    actual: JSON.stringify(o.message),
  });
}

const week = readings.slice(0, 7);
/** Real readings whose tenths matter: fractional millimetres and degrees, some below freezing. */
const withTenths = [
  [3, 67, -18, 29],
  [15, 56, 0, 23],
  [8, 39, -11, 17],
  [0, 128, 61, 44],
];
const lone = readings[3]!;
const withGaps = [readings[0]!, [MISSING, 72, 28, 31], readings[1]!, [41, MISSING, MISSING, 52], [0, 94, 17, MISSING], readings[2]!];

export default defineTests<User>()([
  testCase({
    id: 'classifies-a-week-of-readings',
    name: 'classifyDays gives one forecast per station-day for a week of real readings',
    visible: true,
    input: { readings: week, deployment },
    run: backfill,
    check: (actual, t) => checkForecasts(actual, week, t, 'a week of readings (7 rows)'),
  }),
  testCase({
    id: 'classifies-a-single-reading',
    name: 'classifyDay classifies one reading sent without a batch around it',
    visible: true,
    input: { readings: [lone], deployment },
    run: dashboard,
    check: (actual, t) => {
      const [forecast] = Array.isArray(actual) ? actual : [];
      t.that(forecast !== null && typeof forecast === 'object' && !Array.isArray(forecast), 'classifyDay should return one forecast object { weather, probabilities }');
      checkForecasts(actual, [lone], t, 'one reading through classifyDay');
    },
  }),
  testCase({
    id: 'keeps-the-tenths',
    name: 'converts tenths to fractional units (12.9 °C stays 12.9, -1.8 °C stays -1.8)',
    visible: true,
    input: { readings: withTenths, deployment },
    run: backfill,
    check: (actual, t) => checkForecasts(actual, withTenths, t, 'readings with tenths of a unit'),
  }),
  testCase({
    id: 'keeps-a-batch-of-one-as-a-batch',
    name: 'classifyDays returns a list of one forecast, with all 5 probabilities, for a batch of one',
    visible: true,
    input: { readings: [lone], deployment },
    run: backfill,
    check: (actual, t) => {
      t.shape(field(actual, 'probabilities'), [1, 5], { what: 'probabilities for a batch of one reading' });
      checkForecasts(actual, [lone], t, 'a batch of one reading');
    },
  }),
  testCase({
    id: 'returns-nothing-for-no-readings',
    name: 'returns an empty list for an empty batch',
    visible: false,
    input: { readings: [] as number[][], deployment },
    run: backfill,
    check: (actual, t) => t.equal(actual, [], { what: 'forecasts for an empty batch' }),
  }),
  testCase({
    id: 'classifies-the-whole-backfill',
    name: 'classifies 59 days at once, taking the best class of each row',
    visible: false,
    input: { readings, deployment },
    run: backfill,
    check: (actual, t) => checkForecasts(actual, readings, t, 'the 59-day backfill'),
  }),
  testCase({
    id: 'never-feeds-the-missing-marker',
    name: 'answers null for a reading with the -9999 missing marker and still classifies the others',
    visible: false,
    input: { readings: withGaps, deployment },
    run: (user: User, input: { deployment: Deployment; readings: number[][] }, h: HarnessHelpers) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: input.deployment.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
        }),
      );
      model.setWeights(input.deployment.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
      return { batch: user.classifyDays(model, input.deployment.card, input.readings), single: user.classifyDay(model, input.deployment.card, input.readings[1]!) };
    },
    check: (actual, t) => {
      const out = (actual ?? {}) as { batch?: Plain; single?: Plain };
      t.equal(field(out.batch, 'weather').map((w) => w === null), reference(withGaps).map((f) => f.weather === null), {
        what: 'which readings with the GHCN missing marker -9999 get weather null',
      });
      checkForecasts(out.batch, withGaps, t, 'a batch with the missing marker -9999');
      t.equal(out.single, { weather: null, probabilities: null }, { what: 'classifyDay for a reading with the missing marker -9999' });
    },
  }),
  testCase({
    id: 'rejects-readings-of-the-wrong-length',
    name: 'throws a clear error for a reading that does not have 4 values, from both entry points',
    visible: false,
    input: { deployment, batch: [readings[0]!, [...readings[1]!, 7], readings[2]!], single: readings[0]!.slice(0, 3) },
    run: malformed,
    check: (actual, t) => {
      const out = (actual ?? {}) as { batch?: Plain; single?: Plain };
      checkRejected(out.batch, t, 'a batch with a 5-value reading');
      checkRejected(out.single, t, 'a single reading of 3 values');
    },
  }),
  testCase({
    id: 'single-agrees-with-batch',
    name: 'classifyDay gives each of ten freezing and wet days the same forecast as the backfill',
    visible: false,
    input: { readings: readings.filter((r) => r[2]! < 20).slice(0, 10), deployment },
    run: dashboard,
    check: (actual, t) => checkForecasts(actual, readings.filter((r) => r[2]! < 20).slice(0, 10), t, 'ten days through classifyDay'),
  }),
]);
