import { defineTests, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import irisModel from '../data/iris-model.json';
import requestsCsv from '../data/requests.csv';

interface ServingConfig {
  mean: number[];
  std: number[];
  labels: string[];
}
interface Prediction {
  species: string;
  confidence: number;
  probabilities: number[];
}
interface User {
  predictSpecies(model: tfjs.LayersModel, config: ServingConfig, rows: number[][]): Prediction[];
}
interface DenseLayer {
  units: number;
  activation: 'relu' | 'softmax';
  kernel: number[][];
  bias: number[];
}
/** What every driver gets: the model's layers (built inside the sandbox), the config and the batch. */
interface Request {
  rows: number[][];
  config: ServingConfig;
  layers: DenseLayer[];
}

const layers = irisModel.layers as DenseLayer[];
const config: ServingConfig = { mean: irisModel.normalisation.mean, std: irisModel.normalisation.std, labels: irisModel.labels };
const FEATURES = irisModel.features;
const requestRows = parseCsv(requestsCsv).map((row) => FEATURES.map((name) => Number(row[name])));

/** The model's forward pass in plain float64 math, on the host. */
function reference(rows: number[][], cfg: ServingConfig = config): Prediction[] {
  return rows.map((row) => {
    let out = row.map((v, j) => (v - cfg.mean[j]!) / cfg.std[j]!);
    for (const layer of layers) {
      const z = layer.bias.map((b, k) => b + out.reduce((sum, v, i) => sum + v * layer.kernel[i]![k]!, 0));
      if (layer.activation === 'relu') out = z.map((v) => Math.max(0, v));
      else {
        const exps = z.map((v) => Math.exp(v - Math.max(...z)));
        const total = exps.reduce((a, b) => a + b, 0);
        out = exps.map((v) => v / total);
      }
    }
    const best = out.indexOf(Math.max(...out));
    return { species: cfg.labels[best]!, confidence: out[best]!, probabilities: out };
  });
}

const request = (rows: number[][], cfg: ServingConfig = config): Request => ({ rows, config: cfg, layers });

/** Builds the served model inside the sandbox, owned by the harness, and calls the submission once. */
const predictOnce = (user: User, input: Request, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  return user.predictSpecies(model, input.config, input.rows);
};

/** Calls the submission with a bad batch; says whether it threw and with what message. */
const predictBadRequest = (user: User, input: Request, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  try {
    user.predictSpecies(model, input.config, input.rows);
    return { threw: false, message: '' };
  } catch (error) {
    return { threw: true, message: error instanceof Error ? error.message : String(error) };
  }
};

function fieldOf(actual: unknown, key: keyof Prediction): unknown[] {
  return Array.isArray(actual) ? actual.map((p: unknown) => (p !== null && typeof p === 'object' ? (p as Record<string, unknown>)[key] : undefined)) : [];
}

function checkPredictions(actual: Plain | unknown, expected: Prediction[], t: Checker, rowsWhat: string): void {
  t.that(Array.isArray(actual), `predictions for ${rowsWhat} should be an array with one prediction per row`);
  t.equal(fieldOf(actual, 'species'), expected.map((p) => p.species), { what: `predicted species for ${rowsWhat}` });
  t.closeTo(fieldOf(actual, 'probabilities'), expected.map((p) => p.probabilities), { what: `class probabilities for ${rowsWhat}` });
  t.closeTo(fieldOf(actual, 'confidence'), expected.map((p) => p.confidence), { what: `confidence (probability of the predicted species) for ${rowsWhat}` });
}

function checkRejected(actual: Plain | unknown, t: Checker, why: string, mustSay: string): void {
  const outcome = actual as { threw?: boolean; message?: string };
  t.that(outcome.threw === true, `a request with ${why} should throw an Error, but predictSpecies returned`);
  t.that(typeof outcome.message === 'string' && outcome.message.includes(mustSay), `the error for a request with ${why} should say "${mustSay}"`, {
    expected: `a message containing "${mustSay}"`,
    actual: JSON.stringify(outcome.message),
  });
}

const single = [[6.1, 2.8, 4.7, 1.2]];
const withExtraColumn = requestRows.slice(0, 3).map((row, i) => [...row, 1000 + i]);
const oneShortRow = requestRows.slice(0, 4).map((row, i) => (i === 2 ? row.slice(0, 3) : row));
const bigBatch = Array.from({ length: 10 }, () => requestRows).flat();
const inMillimetres: ServingConfig = {
  mean: config.mean.map((v) => v * 10),
  std: config.std.map((v) => v * 10),
  labels: ['Iris setosa', 'Iris versicolor', 'Iris virginica'],
};
const rowsInMillimetres = requestRows.map((row) => row.map((v) => Math.round(v * 100) / 10));

export default defineTests<User>()([
  testCase({
    id: 'matches-reference-predictions',
    name: 'returns the same species, probabilities and confidence as the model for a real request',
    visible: true,
    input: request(requestRows),
    run: predictOnce,
    check: (actual, t) => checkPredictions(actual, reference(requestRows), t, 'the 12 request rows'),
  }),
  testCase({
    id: 'serves-fifty-requests-without-growth',
    name: 'serves 50 requests in a row and leaves no tensors behind',
    visible: true,
    input: request(requestRows),
    run: (user: User, input: Request, h) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
        }),
      );
      model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
      let last: Prediction[] = [];
      for (let n = 0; n < 50; n += 1) last = user.predictSpecies(model, input.config, input.rows);
      return last;
    },
    check: (actual, t) => checkPredictions(actual, reference(requestRows), t, 'the 50th request'),
  }),
  testCase({
    id: 'rejects-rows-with-an-extra-column',
    name: 'throws a clear error for rows with 5 values and leaves no tensors behind',
    visible: true,
    input: request(withExtraColumn),
    run: predictBadRequest,
    check: (actual, t) => checkRejected(actual, t, 'rows of 5 values', 'expected 4 features'),
  }),
  testCase({
    id: 'predicts-a-single-row',
    name: 'predicts a one-row request as a list of one prediction with 3 probabilities',
    visible: true,
    input: request(single),
    run: predictOnce,
    check: (actual, t) => {
      t.shape(fieldOf(actual, 'probabilities'), [1, 3], { what: 'probabilities of a one-row request' });
      checkPredictions(actual, reference(single), t, 'one row');
    },
  }),
  testCase({
    id: 'returns-nothing-for-an-empty-batch',
    name: 'returns an empty list for an empty batch without creating tensors that outlive the call',
    visible: false,
    input: request([]),
    run: predictOnce,
    check: (actual, t) => t.equal(actual, [], { what: 'predictions for an empty batch' }),
  }),
  testCase({
    id: 'rejects-one-short-row',
    name: 'throws a clear error when one row of the batch has 3 values, without leaking',
    visible: false,
    input: request(oneShortRow),
    run: predictBadRequest,
    check: (actual, t) => checkRejected(actual, t, 'one row of 3 values among rows of 4', 'expected 4 features'),
  }),
  testCase({
    id: 'rejects-non-finite-values',
    name: 'throws a clear error for a NaN or an Infinity in a row, without leaking',
    visible: false,
    input: { nan: request([requestRows[0]!, [5.1, Number.NaN, 1.4, 0.2]]), infinity: request([[5.1, 3.5, Number.POSITIVE_INFINITY, 0.2]]) },
    run: (user: User, input: { nan: Request; infinity: Request }, h) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: input.nan.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
        }),
      );
      model.setWeights(input.nan.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
      const attempt = (request: Request) => {
        try {
          user.predictSpecies(model, request.config, request.rows);
          return { threw: false, message: '' };
        } catch (error) {
          return { threw: true, message: error instanceof Error ? error.message : String(error) };
        }
      };
      return { nan: attempt(input.nan), infinity: attempt(input.infinity) };
    },
    check: (actual, t) => {
      const outcome = actual as { nan?: Plain; infinity?: Plain };
      checkRejected(outcome.nan, t, 'a NaN value', 'not a finite number');
      checkRejected(outcome.infinity, t, 'an Infinity value', 'not a finite number');
    },
  }),
  testCase({
    id: 'recovers-after-a-rejected-request',
    name: 'serves a good request, rejects a bad one and serves the next, with no tensors left behind',
    visible: false,
    input: { good: request(requestRows), bad: request(withExtraColumn) },
    run: (user: User, input: { good: Request; bad: Request }, h) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: input.good.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
        }),
      );
      model.setWeights(input.good.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
      user.predictSpecies(model, input.good.config, input.good.rows);
      let rejected = false;
      for (let n = 0; n < 20; n += 1) {
        try {
          user.predictSpecies(model, input.bad.config, input.bad.rows);
        } catch {
          rejected = true;
        }
      }
      return { rejected, after: user.predictSpecies(model, input.good.config, input.good.rows) };
    },
    check: (actual, t) => {
      const outcome = actual as { rejected?: boolean; after?: Plain };
      t.that(outcome.rejected === true, 'a request with rows of 5 values should throw an Error');
      checkPredictions(outcome.after, reference(requestRows), t, 'the request after a rejected one');
    },
  }),
  testCase({
    id: 'uses-the-configured-normalisation-and-labels',
    name: 'normalises with the mean, std and labels it is given (a model served in millimetres)',
    visible: false,
    input: request(rowsInMillimetres, inMillimetres),
    run: predictOnce,
    check: (actual, t) => checkPredictions(actual, reference(rowsInMillimetres, inMillimetres), t, 'rows in millimetres'),
  }),
  testCase({
    id: 'returns-plain-arrays-for-a-big-batch',
    name: 'predicts a 120-row batch and returns probabilities as plain number arrays',
    visible: false,
    input: request(bigBatch),
    run: (user: User, input: Request, h) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
        }),
      );
      model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
      const predictions = user.predictSpecies(model, input.config, input.rows);
      const plain = Array.isArray(predictions) && predictions.every((p) => Array.isArray(p.probabilities) && typeof p.confidence === 'number' && typeof p.species === 'string');
      return { plain, predictions };
    },
    check: (actual, t) => {
      const outcome = actual as { plain?: boolean; predictions?: Plain };
      t.that(outcome.plain === true, 'each prediction should have species (string), confidence (number) and probabilities (a plain number[], not a tensor or typed array)');
      checkPredictions(outcome.predictions, reference(bigBatch), t, 'a 120-row batch');
    },
  }),
]);
