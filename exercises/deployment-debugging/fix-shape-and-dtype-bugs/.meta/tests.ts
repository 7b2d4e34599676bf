import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
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

/**
 * Any model of the same card shape (4 readings in, 5 labels out, in any label order), other
 * training statistics, batches of 0 to 10 readings in tenths (negative and fractional), the
 * missing marker and non-finite values, now and then a reading of the wrong length, and models
 * whose labels all tie.
 */
const weight = fc.double({ min: -2, max: 2, noNaN: true });
const matrix = (rows: number, cols: number) => fc.array(fc.array(weight, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
const tenths = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: -100, max: 400 }), fc.integer({ min: -150, max: 300 }), fc.integer({ min: 0, max: 150 }));
const reading = fc.oneof(
  { weight: 8, arbitrary: tenths.map((r) => [...r]) },
  { weight: 2, arbitrary: fc.tuple(tenths, fc.integer({ min: 0, max: 3 }), fc.constantFrom(MISSING, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)).map(([r, i, bad]) => r.map((v, j) => (j === i ? bad : v))) },
);
const wrongLength = fc.oneof(tenths.map((r) => r.slice(0, 3)), tenths.map((r) => [...r, 7]), fc.constant([] as number[]));
const generatedDeployment = fc.record({
  labels: fc.shuffledSubarray(deployment.card.labels, { minLength: 5, maxLength: 5 }),
  hidden: fc.integer({ min: 0, max: 8 }),
  shift: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
  scale: fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
  tied: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
}).chain(({ labels, hidden, shift, scale, tied }) =>
  fc.tuple(hidden > 0 ? matrix(4, hidden) : fc.constant(null), fc.array(weight, { minLength: hidden, maxLength: hidden }), matrix(hidden > 0 ? hidden : 4, 5), fc.array(weight, { minLength: 5, maxLength: 5 })).map(
    ([kernel1, bias1, kernel2, bias2]): Deployment => ({
      card: { ...deployment.card, labels, mean: deployment.card.mean.map((m, j) => m + shift[j]! * deployment.card.std[j]!), std: deployment.card.std.map((s, j) => s * scale[j]!) },
      layers: [
        ...(kernel1 ? [{ units: hidden, activation: 'relu' as const, kernel: kernel1, bias: bias1 }] : []),
        // Tied: every label equally likely, so the first one must win.
        { units: 5, activation: 'softmax' as const, kernel: tied ? kernel2.map((row) => row.map(() => 0)) : kernel2, bias: tied ? bias2.map(() => 0.25) : bias2 },
      ],
    }),
  ),
);
const generatedRequest = fc.record({
  deployment: generatedDeployment,
  batch: fc.oneof({ weight: 6, arbitrary: fc.array(reading, { maxLength: 10 }) }, { weight: 1, arbitrary: fc.tuple(fc.array(reading, { maxLength: 4 }), wrongLength).map(([rows, bad]) => [...rows, bad]) }),
  single: fc.oneof({ weight: 6, arbitrary: reading }, { weight: 1, arbitrary: wrongLength }),
});

/** Both entry points on one request; a throw is reported as whether its message says "expected 4 values". */
const bothEntryPoints = (user: User, input: { deployment: Deployment; batch: number[][]; single: number[] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.deployment.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.deployment.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  const attempt = (call: () => unknown) => {
    try {
      return { answer: call() };
    } catch (error) {
      return { rejected: error instanceof Error && error.message.includes('expected 4 values') };
    }
  };
  return {
    batch: attempt(() => user.classifyDays(model, input.deployment.card, input.batch)),
    single: attempt(() => user.classifyDay(model, input.deployment.card, input.single)),
  };
};

export default defineTests<User>()([
  testCase({
    id: 'classifies-a-week-of-readings',
    name: 'classifyDays gives one forecast per station-day for a week of real readings',
    visible: true,
    rules: ['one-per-reading', 'argmax-per-row'],
    input: { readings: week, deployment },
    run: backfill,
    check: (actual, t) => checkForecasts(actual, week, t, 'a week of readings (7 rows)'),
  }),
  testCase({
    id: 'classifies-a-single-reading',
    name: 'classifyDay classifies one reading sent without a batch around it',
    visible: true,
    rules: ['one-per-reading'],
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
    rules: ['exact-tenths'],
    input: { readings: withTenths, deployment },
    run: backfill,
    check: (actual, t) => checkForecasts(actual, withTenths, t, 'readings with tenths of a unit'),
  }),
  testCase({
    id: 'keeps-a-batch-of-one-as-a-batch',
    name: 'classifyDays returns a list of one forecast, with all 5 probabilities, for a batch of one',
    visible: true,
    rules: ['one-per-reading'],
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
    rules: ['empty-batch'],
    input: { readings: [] as number[][], deployment },
    run: backfill,
    check: (actual, t) => t.equal(actual, [], { what: 'forecasts for an empty batch' }),
  }),
  testCase({
    id: 'classifies-the-whole-backfill',
    name: 'classifies 59 days at once, taking the best class of each row',
    visible: false,
    rules: ['argmax-per-row', 'exact-tenths', 'no-leaks'],
    input: { readings, deployment },
    run: backfill,
    check: (actual, t) => checkForecasts(actual, readings, t, 'the 59-day backfill'),
  }),
  testCase({
    id: 'never-feeds-the-missing-marker',
    name: 'answers null for a reading with the -9999 missing marker and still classifies the others',
    visible: false,
    rules: ['missing-marker'],
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
    rules: ['wrong-length'],
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
    rules: ['one-per-reading'],
    input: { readings: readings.filter((r) => r[2]! < 20).slice(0, 10), deployment },
    run: dashboard,
    check: (actual, t) => checkForecasts(actual, readings.filter((r) => r[2]! < 20).slice(0, 10), t, 'ten days through classifyDay'),
  }),
  generatedCases({
    id: 'serves-any-request-like-the-reference',
    name: 'answers like the reference for generated models and batches (any size, tenths, missing markers, non-finite values, wrong lengths)',
    rules: ['one-per-reading', 'exact-tenths', 'argmax-per-row', 'missing-marker', 'wrong-length', 'empty-batch'],
    input: generatedRequest,
    examples: [
      { deployment, batch: [], single: [0, 0, 0, 0] },
      { deployment, batch: [[-1, -18, -5, 1]], single: [MISSING, MISSING, MISSING, MISSING] },
    ],
    count: 30,
    perCase: 4,
    run: bothEntryPoints,
    what: 'forecasts',
  }),
]);
