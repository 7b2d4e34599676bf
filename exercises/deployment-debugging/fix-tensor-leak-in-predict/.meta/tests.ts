import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
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

/**
 * Generated deployments of the same kind of model: 1 to 6 features, no hidden layer or 1 to 8
 * relu units, 2 to 5 species with their own names, any training mean and std; now and then a
 * model whose top two species tie exactly (the first must win). Batches of 0 to 12 rows with
 * zeros, integers and fractions; some requests carry one row of the wrong length (empty, one
 * short, one long) or one NaN or infinity, never both, so which error comes first is never asked.
 */
const NAMES = ['setosa', 'versicolor', 'virginica', 'Iris setosa', 'Iris versicolor', 'Iris virginica', 'hybrid', 'unknown'];
/** A number with two decimals in [min, max]: no subnormals, nothing float32 would flush to zero. */
const decimal = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);
const weight = decimal(-2, 2);
const vector = <T>(length: number, value: fc.Arbitrary<T>) => fc.array(value, { minLength: length, maxLength: length });
const matrix = (rows: number, cols: number) => vector(rows, vector(cols, weight));
const measurement = fc.oneof(decimal(-10, 10), fc.integer({ min: -5, max: 10 }), fc.constant(0));

interface Deployment {
  config: ServingConfig;
  layers: DenseLayer[];
}

const generatedDeployment: fc.Arbitrary<Deployment> = fc
  .record({ features: fc.integer({ min: 1, max: 6 }), hidden: fc.integer({ min: 0, max: 8 }), species: fc.integer({ min: 2, max: 5 }), tied: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) })
  .chain(({ features, hidden, species, tied }) =>
    fc
      .record({
        kernel1: matrix(features, hidden),
        bias1: vector(hidden, weight),
        kernel2: matrix(hidden > 0 ? hidden : features, species),
        bias2: vector(species, weight),
        tiedPair: fc.uniqueArray(fc.integer({ min: 0, max: species - 1 }), { minLength: 2, maxLength: 2 }),
        labels: fc.shuffledSubarray(NAMES, { minLength: species, maxLength: species }),
        mean: vector(features, decimal(-5, 5)),
        std: vector(features, decimal(0.5, 5)),
      })
      .map(({ kernel1, bias1, kernel2, bias2, tiedPair, labels, mean, std }) => {
        // Tied: the output layer ignores its input and two species share the highest bias.
        const top = Math.max(...bias2) + 0.5;
        const output: DenseLayer = tied
          ? { units: species, activation: 'softmax', kernel: kernel2.map((row) => row.map(() => 0)), bias: bias2.map((b, k) => (tiedPair.includes(k) ? top : b)) }
          : { units: species, activation: 'softmax', kernel: kernel2, bias: bias2 };
        const layers: DenseLayer[] = hidden > 0 ? [{ units: hidden, activation: 'relu', kernel: kernel1, bias: bias1 }, output] : [output];
        return { config: { mean, std, labels }, layers };
      }),
  );

/** The output layer's logits in float64 and a bound on their float32 rounding error, for one row. */
function logitsOf(deployment: Deployment, row: number[]): { logits: number[]; scale: number } {
  let out = row.map((v, j) => (v - deployment.config.mean[j]!) / deployment.config.std[j]!);
  let scale = 0;
  for (const layer of deployment.layers) {
    const z = layer.bias.map((b, k) => b + out.reduce((sum, v, i) => sum + v * layer.kernel[i]![k]!, 0));
    scale = Math.max(...layer.bias.map((b, k) => Math.abs(b) + out.reduce((sum, v, i) => sum + Math.abs(v * layer.kernel[i]![k]!), 0)));
    out = layer.activation === 'relu' ? z.map((v) => Math.max(0, v)) : z;
  }
  return { logits: out, scale };
}

/** No row's best species is a near-tie that float32 rounding could flip (exact ties are fine). */
function clearWinners(deployment: Deployment, rows: number[][]): boolean {
  return rows.every((row) => {
    const { logits, scale } = logitsOf(deployment, row);
    const sorted = [...logits].sort((a, b) => b - a);
    const gap = sorted[0]! - sorted[1]!;
    return gap === 0 || gap > 1e-4 * (1 + scale);
  });
}

const generatedRequest: fc.Arbitrary<Request> = generatedDeployment
  .chain((deployment) => {
    const width = deployment.config.mean.length;
    const rows = fc.integer({ min: 0, max: 12 }).chain((n) => vector(n, vector(width, measurement)));
    const wrongLength = fc.constantFrom(0, width - 1, width + 1).chain((length) => vector(length, measurement));
    const nonFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    return fc.oneof(
      { weight: 4, arbitrary: rows.filter((r) => clearWinners(deployment, r)) },
      { weight: 1, arbitrary: fc.tuple(rows, wrongLength, fc.nat()).map(([r, bad, at]) => [...r.slice(0, at % (r.length + 1)), bad, ...r.slice(at % (r.length + 1))]) },
      {
        weight: 1,
        arbitrary: fc.tuple(rows.filter((r) => r.length > 0), nonFinite, fc.nat(), fc.nat()).map(([r, bad, at, j]) => r.map((row, i) => (i === at % r.length ? row.map((v, k) => (k === j % width ? bad : v)) : row))),
      },
    ).map((batch): Request => ({ rows: batch, config: deployment.config, layers: deployment.layers }));
  });

/** Serves one request twice on one shared model; a rejection is reported by the rule its message follows. */
const serveTwice = (user: User, input: Request, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  const serve = () => {
    try {
      const predictions = user.predictSpecies(model, input.config, input.rows);
      return {
        predictions: Array.isArray(predictions)
          ? predictions.map((p) => ({ species: p.species, confidence: p.confidence, probabilities: Array.isArray(p.probabilities) ? p.probabilities : 'not a plain number[]' }))
          : 'not an array',
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const says = message.includes(`expected ${input.config.mean.length} features`) ? 'expected N features' : message.includes('not a finite number') ? 'not a finite number' : 'something else';
      return { rejected: says };
    }
  };
  return { first: serve(), again: serve() };
};

const allTied: Deployment = {
  config: { mean: [0, 0, 0, 0], std: [1, 1, 1, 1], labels: ['b', 'a', 'c'] },
  layers: [{ units: 3, activation: 'softmax', kernel: [0, 0, 0, 0].map(() => [0, 0, 0]), bias: [0.5, 0.5, 0.5] }],
};

export default defineTests<User>()([
  testCase({
    id: 'matches-reference-predictions',
    name: 'returns the same species, probabilities and confidence as the model for a real request',
    visible: true,
    rules: ['same-answers'],
    input: request(requestRows),
    run: predictOnce,
    check: (actual, t) => checkPredictions(actual, reference(requestRows), t, 'the 12 request rows'),
  }),
  testCase({
    id: 'serves-fifty-requests-without-growth',
    name: 'serves 50 requests in a row and leaves no tensors behind',
    visible: true,
    rules: ['no-leaks', 'same-answers'],
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
    rules: ['wrong-length', 'no-leaks'],
    input: request(withExtraColumn),
    run: predictBadRequest,
    check: (actual, t) => checkRejected(actual, t, 'rows of 5 values', 'expected 4 features'),
  }),
  testCase({
    id: 'predicts-a-single-row',
    name: 'predicts a one-row request as a list of one prediction with 3 probabilities',
    visible: true,
    rules: ['same-answers'],
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
    rules: ['empty-batch', 'no-leaks'],
    input: request([]),
    run: predictOnce,
    check: (actual, t) => t.equal(actual, [], { what: 'predictions for an empty batch' }),
  }),
  testCase({
    id: 'rejects-one-short-row',
    name: 'throws a clear error when one row of the batch has 3 values, without leaking',
    visible: false,
    rules: ['wrong-length', 'no-leaks'],
    input: request(oneShortRow),
    run: predictBadRequest,
    check: (actual, t) => checkRejected(actual, t, 'one row of 3 values among rows of 4', 'expected 4 features'),
  }),
  testCase({
    id: 'rejects-non-finite-values',
    name: 'throws a clear error for a NaN or an Infinity in a row, without leaking',
    visible: false,
    rules: ['non-finite', 'no-leaks'],
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
    rules: ['no-leaks', 'wrong-length', 'same-answers'],
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
    rules: ['uses-config'],
    input: request(rowsInMillimetres, inMillimetres),
    run: predictOnce,
    check: (actual, t) => checkPredictions(actual, reference(rowsInMillimetres, inMillimetres), t, 'rows in millimetres'),
  }),
  testCase({
    id: 'returns-plain-arrays-for-a-big-batch',
    name: 'predicts a 120-row batch and returns probabilities as plain number arrays',
    visible: false,
    rules: ['plain-data', 'same-answers'],
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
  generatedCases({
    id: 'serves-generated-deployments-like-the-reference',
    name: 'answers like the reference for generated models, configs and batches (any width, any number of species, ties, empty batches, wrong lengths, NaN and infinities), twice on the same model',
    rules: ['same-answers', 'no-leaks', 'empty-batch', 'wrong-length', 'non-finite', 'plain-data', 'first-on-tie', 'uses-config'],
    input: generatedRequest,
    examples: [
      request([]),
      request([config.mean, [0, 0, 0, 0]]),
      request([[6.2, 2.2, 4.5, 1.5], []]),
      { rows: [[1, 2, 3, 4], [0, 0, 0, 0]], ...allTied },
    ],
    count: 28,
    perCase: 4,
    run: serveTwice,
    what: 'predictions',
  }),
]);
