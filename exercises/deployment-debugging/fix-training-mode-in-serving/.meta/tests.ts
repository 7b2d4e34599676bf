import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import { mulberry32 } from '@/lib/seeded-random';
import modelFile from '../data/mpg-model.json';
import carsCsv from '../data/cars.csv';

interface MpgCard {
  features: string[];
  mean: number[];
  std: number[];
}
type Car = Record<string, number | string>;
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}
interface RegistryRecord {
  modelTopology: object;
  weightSpecs: WeightSpec[];
  weightValues: number[];
}
interface User {
  estimateMpg(model: tfjs.LayersModel, card: MpgCard, cars: Car[]): number[];
  toRegistryRecord(model: tfjs.LayersModel): Promise<RegistryRecord>;
  fromRegistryRecord(record: RegistryRecord): Promise<tfjs.LayersModel>;
}
interface ServeInput {
  model: ModelArtifactsData;
  card: MpgCard;
  pages: Car[][];
}

// ---- Data and the host-side reference (float64, inference mode) ----

const card: MpgCard = { features: modelFile.card.features, mean: modelFile.card.mean, std: modelFile.card.std };
const record = modelFile.record as unknown as RegistryRecord;
const artifactsOf = (r: RegistryRecord): ModelArtifactsData => ({ modelTopology: r.modelTopology as Plain, weightSpecs: r.weightSpecs, weightData: r.weightValues });
const rows = parseCsv(carsCsv);
const carOf = (row: Record<string, unknown>): Car => Object.fromEntries(['name', ...card.features].map((k) => [k, row[k] as number | string]));
const testCars = rows.filter((r) => r.split === 'test').map(carOf);
const testMpg = rows.filter((r) => r.split === 'test').map((r) => Number(r.mpg));
const trainCars = rows.filter((r) => r.split === 'train').map(carOf);
const BN_EPSILON = 0.001;

/** The weights of a record by name, as flat arrays. */
function weightsByName(r: RegistryRecord): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let offset = 0;
  for (const spec of r.weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    out.set(spec.name, r.weightValues.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

/** dense 16 -> BatchNormalization (moving statistics) -> ReLU -> Dropout (identity) -> dense 1. */
function referenceMpg(r: RegistryRecord, cars: Car[]): number[] {
  const w = weightsByName(r);
  const [kernel, bias, gamma, beta, movingMean, movingVariance, outKernel, outBias] = [
    'hidden/kernel', 'hidden/bias', 'hidden_bn/gamma', 'hidden_bn/beta', 'hidden_bn/moving_mean', 'hidden_bn/moving_variance', 'mpg/kernel', 'mpg/bias',
  ].map((name) => w.get(name)!);
  const units = bias!.length;
  return cars.map((car) => {
    const x = card.features.map((f, k) => (Number(car[f]) - card.mean[k]!) / card.std[k]!);
    let y = outBias![0]!;
    for (let j = 0; j < units; j += 1) {
      let z = bias![j]!;
      for (let k = 0; k < x.length; k += 1) z += x[k]! * kernel![k * units + j]!;
      const normalised = (gamma![j]! * (z - movingMean![j]!)) / Math.sqrt(movingVariance![j]! + BN_EPSILON) + beta![j]!;
      y += Math.max(0, normalised) * outKernel![j]!;
    }
    return y;
  });
}

/** The same model after retraining: every weight moved by up to ±10% (seeded), moving variances stay positive. */
function retrained(seed: number): RegistryRecord {
  const random = mulberry32(seed);
  return { ...record, weightValues: record.weightValues.map((v) => Number((v * (0.9 + 0.2 * random())).toFixed(6))) };
}

/** Pages of listings as the site sends them: seeded sizes and compositions, repeats and single cars included. */
function pagesOf(seed: number, sizes: number[]): Car[][] {
  const random = mulberry32(seed);
  return sizes.map((size) => Array.from({ length: size }, () => testCars[Math.floor(random() * testCars.length)]!));
}

const fmt = (n: number) => String(Number(n.toFixed(4)));
const mae = (predicted: number[]) => predicted.reduce((s, p, i) => s + Math.abs(p - testMpg[i]!), 0) / testMpg.length;
const ESTIMATE_TOLERANCE = 1e-3;

// ---- Drivers (run in the sandbox; self-contained) ----

/** Serves each page in turn with a harness-built model; returns the estimates per page. */
const servePages = async (user: User, input: ServeInput, h: HarnessHelpers) => {
  const model = await h.loadModel(input.model);
  return input.pages.map((page) => user.estimateMpg(model, input.card, page));
};

/** Serves the pages, then reads back the served model's weights and counts forward passes. */
const serveAndInspect = async (user: User, input: ServeInput, h: HarnessHelpers) => {
  const model = await h.loadModel(input.model);
  const passes = h.countPredictCalls(model);
  const estimates = input.pages.map((page) => user.estimateMpg(model, input.card, page));
  const weights = (await h.model(model)).getWeights().map((w) => Array.from(w.dataSync()));
  return { estimates, weights: weights.flat(), calls: passes.calls, batchSizes: passes.batchSizes };
};

/**
 * Saves the last of `models` (harness-built; the ones before it are loaded first, as on a server
 * that has loaded earlier versions) with the submission, then loads the record with tfjs itself
 * after a JSON round trip, and checks the saved model still serves.
 */
const saveRecord = async (user: User, input: { models: ModelArtifactsData[]; cars: number[][] }, h: HarnessHelpers) => {
  const tf = h.tf;
  let model: tfjs.LayersModel | undefined;
  for (const artifacts of input.models) model = await h.loadModel(artifacts);
  const saved = await user.toRegistryRecord(model!);
  const stored = JSON.parse(JSON.stringify(saved)) as { modelTopology: never; weightSpecs: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[]; weightValues: number[] };
  const predict = (m: tfjs.LayersModel) => tf.tidy(() => Array.from((m.predict(h.tensor(input.cars)) as tfjs.Tensor).dataSync()));
  let reloaded: number[] | string;
  try {
    reloaded = predict(await h.loadModel({ modelTopology: stored.modelTopology, weightSpecs: stored.weightSpecs, weightData: stored.weightValues }));
  } catch (error) {
    reloaded = `tfjs could not load it: ${error instanceof Error ? error.message : String(error)}`;
  }
  let stillServes: number[] | string;
  try {
    stillServes = predict(await h.model(model));
  } catch (error) {
    stillServes = `the model no longer serves: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { record: stored, reloaded, stillServes };
};

/** Loads a record with the submission; predicts with the harness's copy of what came back, and with a harness-built original. */
const loadRecord = async (user: User, input: { record: RegistryRecord; cars: number[][] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const original = await h.loadModel({ modelTopology: input.record.modelTopology as never, weightSpecs: input.record.weightSpecs, weightData: input.record.weightValues });
  const loaded = await h.model(await user.fromRegistryRecord(input.record));
  const predict = (m: tfjs.LayersModel) => tf.tidy(() => Array.from((m.predict(h.tensor(input.cars)) as tfjs.Tensor).dataSync()));
  return { loaded: predict(loaded), original: predict(original), weights: loaded.getWeights().map((w) => Array.from(w.dataSync())).flat() };
};

/** Loads a record with the submission, saves what it loaded with the submission: the record must come back unchanged. */
const roundTrip = async (user: User, input: { record: RegistryRecord }, h: HarnessHelpers) => {
  const loaded = await user.fromRegistryRecord(input.record);
  const again = await user.toRegistryRecord(loaded);
  const rebuilt = await h.model(loaded);
  return { record: again, weights: rebuilt.getWeights().map((w) => Array.from(w.dataSync())).flat() };
};

/** Loads a record with the submission and reports whether it refused it. */
const loadIncomplete = async (user: User, input: { record: RegistryRecord }) => {
  try {
    await user.fromRegistryRecord(input.record);
    return { threw: false };
  } catch {
    return { threw: true };
  }
};

/** A record written by a job that saved the trainable weights only: no BatchNorm moving statistics. */
function withoutMovingStatistics(r: RegistryRecord): RegistryRecord {
  const w = weightsByName(r);
  const kept = r.weightSpecs.filter((s) => !s.name.includes('moving_'));
  return { modelTopology: r.modelTopology, weightSpecs: kept, weightValues: kept.flatMap((s) => w.get(s.name)!) };
}

// ---- Checks (run on the host) ----

const standardised = (cars: Car[]) => cars.map((car) => card.features.map((f, k) => (Number(car[f]) - card.mean[k]!) / card.std[k]!));
const f32 = (values: number[]) => values.map((v) => Math.fround(v));

function checkPages(actual: Plain, pages: Car[][], t: Checker, what: string, r: RegistryRecord = record): void {
  const got = actual as unknown as number[][];
  t.that(Array.isArray(got) && got.length === pages.length && got.every((p, i) => Array.isArray(p) && p.length === pages[i]!.length), `${what}: one estimate per car, in order`);
  pages.forEach((page, i) =>
    t.closeTo(got[i], referenceMpg(r, page), {
      what: `${what} a page of the request`,
      visibleWhat: `${what} page ${i + 1} of ${pages.length} (${page.length} car${page.length === 1 ? '' : 's'})`,
      tolerance: ESTIMATE_TOLERANCE,
    }),
  );
}

function checkSpecs(actual: unknown, expected: RegistryRecord, t: Checker, what: string): void {
  const specs = (actual as { weightSpecs?: unknown })?.weightSpecs;
  t.that(Array.isArray(specs), `${what}: weightSpecs should be an array`);
  const got = specs as WeightSpec[];
  t.equal(got.map((s) => s?.name), expected.weightSpecs.map((s) => s.name), {
    what: `${what}: the weight names, in the order model.save lists them (every weight, BatchNorm's moving mean and variance included, names as saved)`,
  });
  t.equal(got.map((s) => s?.shape), expected.weightSpecs.map((s) => s.shape), { what: `${what}: the weight shapes` });
}

const recordPages = pagesOf(5, [10]);
const carBatch = standardised(testCars.slice(0, 24));

// ---- Generated cases ----

/** A number with two decimals in [min, max]. */
const decimal = (min: number, max: number) => fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((n) => n / 100);
const vector = <T>(length: number, value: fc.Arbitrary<T>) => fc.array(value, { minLength: length, maxLength: length });
const FEATURE_POOL = ['cylinders', 'displacement', 'horsepower', 'weight', 'acceleration', 'model_year'];

/** The same architecture as plain weights (model.weights lists the trainable ones first, then the moving statistics). */
interface GeneratedModel {
  card: MpgCard;
  units: number;
  dropout: number;
  weights: { kernel: number[][]; bias: number[]; gamma: number[]; beta: number[]; movingMean: number[]; movingVariance: number[]; outKernel: number[][]; outBias: number[] };
}

/** 1 to 6 features in any order, 1 to 8 hidden units, other dropout rates, BatchNorm statistics far from 0 and 1. */
const generatedModel: fc.Arbitrary<GeneratedModel> = fc
  .record({ features: fc.shuffledSubarray(FEATURE_POOL, { minLength: 1, maxLength: 6 }), units: fc.integer({ min: 1, max: 8 }), dropout: fc.constantFrom(0.1, 0.3, 0.5) })
  .chain(({ features, units, dropout }) =>
    fc.record({
      card: fc.record({ features: fc.constant(features), mean: vector(features.length, decimal(-50, 50)), std: vector(features.length, decimal(0.5, 20)) }),
      units: fc.constant(units),
      dropout: fc.constant(dropout),
      weights: fc.record({
        kernel: vector(features.length, vector(units, decimal(-1, 1))),
        bias: vector(units, decimal(-1, 1)),
        gamma: vector(units, decimal(0.5, 1.5)),
        beta: vector(units, decimal(-1, 1)),
        movingMean: vector(units, decimal(-2, 2)),
        movingVariance: vector(units, decimal(0.5, 4)),
        outKernel: vector(units, vector(1, decimal(-1, 1))),
        outBias: vector(1, decimal(10, 30)),
      }),
    }),
  );
/** A car within three standard deviations of the card's mean on every feature. */
const carFor = (c: MpgCard) =>
  fc
    .tuple(vector(c.features.length, decimal(-3, 3)), fc.constantFrom('ford pinto', 'vw rabbit', 'amc hornet'))
    .map(([z, name]): Car => ({ name, ...Object.fromEntries(c.features.map((f, k) => [f, c.mean[k]! + z[k]! * c.std[k]!])) }));

interface GeneratedServing {
  model: GeneratedModel;
  pages: Car[][];
}
/** 1 to 4 requests of 0 to 6 cars, a car now and then sent twice. */
const generatedServing: fc.Arbitrary<GeneratedServing> = generatedModel.chain((model) =>
  fc
    .array(fc.array(carFor(model.card), { maxLength: 6 }), { minLength: 1, maxLength: 4 })
    .map((pages) => ({ model, pages: pages.map((page, i) => (i > 0 && page.length > 0 && pages[0]!.length > 0 ? [...page, pages[0]![0]!] : page)) })),
);

/** Serves each page, then each car alone, on a harness-built model; counts the forward passes. */
const serveGenerated = (user: User, input: GeneratedServing, h: HarnessHelpers) => {
  const tf = h.tf;
  const { card: c, units, dropout, weights: w } = input.model;
  const model = h.own(
    tf.sequential({
      layers: [
        tf.layers.dense({ name: 'hidden', units, inputShape: [c.features.length] }),
        tf.layers.batchNormalization({ name: 'hidden_bn' }),
        tf.layers.activation({ name: 'relu', activation: 'relu' }),
        tf.layers.dropout({ name: 'dropout', rate: dropout }),
        tf.layers.dense({ name: 'mpg', units: 1 }),
      ],
    }),
  );
  model.setWeights([w.kernel, w.bias, w.gamma, w.beta, w.outKernel, w.outBias, w.movingMean, w.movingVariance].map((v) => h.tensor(v)));
  const passes = h.countPredictCalls(model);
  const pages = input.pages.map((page) => user.estimateMpg(model, c, page));
  const batchSizes = passes.batchSizes.slice();
  const alone = input.pages.flat().map((car) => user.estimateMpg(model, c, [car]));
  return { pages, alone, batchSizes };
};

/** Saves a harness-built model (after an earlier one with the same layer names), loads the JSON record back, predicts with it and saves it again. */
const recordGenerated = async (user: User, input: { model: GeneratedModel; earlier: boolean; rows: number[][] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const { card: c, units, dropout, weights: w } = input.model;
  const build = () =>
    h.own(
      tf.sequential({
        layers: [
          tf.layers.dense({ name: 'hidden', units, inputShape: [c.features.length] }),
          tf.layers.batchNormalization({ name: 'hidden_bn' }),
          tf.layers.activation({ name: 'relu', activation: 'relu' }),
          tf.layers.dropout({ name: 'dropout', rate: dropout }),
          tf.layers.dense({ name: 'mpg', units: 1 }),
        ],
      }),
    );
  if (input.earlier) build();
  const model = build();
  model.setWeights([w.kernel, w.bias, w.gamma, w.beta, w.outKernel, w.outBias, w.movingMean, w.movingVariance].map((v) => h.tensor(v)));
  const stored = JSON.parse(JSON.stringify(await user.toRegistryRecord(model))) as RegistryRecord;
  const loaded = await user.fromRegistryRecord(stored);
  const copy = await h.model(loaded);
  const predictions = tf.tidy(() => Array.from((copy.predict(h.tensor(input.rows)) as tfjs.Tensor).dataSync()));
  const again = JSON.parse(JSON.stringify(await user.toRegistryRecord(loaded))) as RegistryRecord;
  return {
    record: { modelTopology: stored.modelTopology, weightSpecs: stored.weightSpecs, weightValues: stored.weightValues },
    predictions,
    savedAgainUnchanged: JSON.stringify(again) === JSON.stringify(stored),
  };
};

export default defineTests<User>()([
  testCase({
    id: 'matches-the-offline-evaluation',
    name: 'estimates the 80 test cars exactly as the offline evaluation did (MAE 2.58 mpg)',
    visible: true,
    rules: ['offline-estimates'],
    input: { model: artifactsOf(record), card, pages: [testCars] },
    run: servePages,
    check: (actual, t) => {
      checkPages(actual, [testCars], t, 'estimates for the 80 test cars,');
      const got = (actual as unknown as number[][])[0]!;
      t.closeTo(mae(got), modelFile.card.offline.mae, { what: `mean absolute error of the served estimates on the test cars against the offline evaluation's ${fmt(modelFile.card.offline.mae)} mpg`, tolerance: 1e-3 });
    },
  }),
  testCase({
    id: 'same-request-same-answer',
    name: 'gives the same page of ten cars the same estimates when it is asked twice',
    visible: true,
    rules: ['depends-on-the-car-only'],
    input: { model: artifactsOf(record), card, pages: [recordPages[0]!, recordPages[0]!] },
    run: servePages,
    check: (actual, t) => {
      const [first, second] = actual as unknown as number[][];
      t.closeTo(second, first, { what: 'estimates for the same ten cars, asked twice (the second answer against the first)', tolerance: 0 });
      checkPages(actual, [recordPages[0]!, recordPages[0]!], t, 'estimates for the same ten cars,');
    },
  }),
  testCase({
    id: 'one-car-on-its-own',
    name: 'estimates a single car on its own as the offline evaluation did',
    visible: true,
    rules: ['depends-on-the-car-only', 'offline-estimates'],
    input: { model: artifactsOf(record), card, pages: [[testCars[3]!], [testCars[17]!]] },
    run: servePages,
    check: (actual, t) => checkPages(actual, [[testCars[3]!], [testCars[17]!]], t, 'the estimate for a request with one car,'),
  }),
  testCase({
    id: 'saves-every-weight-in-order',
    name: 'saves the model as a JSON record tfjs loads back: every weight, named and ordered as model.save lists them, exact values',
    visible: true,
    rules: ['every-weight-as-saved', 'exact-values'],
    input: { models: [artifactsOf(record)], cars: carBatch },
    run: saveRecord,
    check: (actual, t) => checkSaved(actual, record, t, 'the saved record'),
  }),
  testCase({
    id: 'loads-a-record-that-predicts-the-same',
    name: 'loads the registry record into a model that predicts what the saved model predicted',
    visible: true,
    rules: ['loads-what-was-saved'],
    input: { record, cars: carBatch },
    run: loadRecord,
    check: (actual, t) => checkLoaded(actual, record, t, 'the model loaded from the registry record'),
  }),
  testCase({
    id: 'independent-of-the-rest-of-the-batch',
    name: 'gives each car the same estimate whatever else is in its request: pages of 1 to 64 cars, shuffled, with repeats',
    visible: false,
    rules: ['depends-on-the-car-only'],
    input: { model: artifactsOf(record), card, pages: pagesOf(17, [1, 2, 3, 7, 16, 33, 64, 1, 5]) },
    run: servePages,
    check: (actual, t) => checkPages(actual, pagesOf(17, [1, 2, 3, 7, 16, 33, 64, 1, 5]), t, 'estimates must not change with the other cars in the request:'),
  }),
  testCase({
    id: 'serving-leaves-the-model-unchanged',
    name: 'leaves every weight of the served model unchanged after 12 requests',
    visible: false,
    rules: ['serving-changes-nothing', 'no-leaks'],
    input: { model: artifactsOf(record), card, pages: pagesOf(23, [4, 9, 1, 30, 2, 12, 6, 1, 25, 3, 8, 40]) },
    run: serveAndInspect,
    check: (actual, t) => {
      const got = actual as unknown as { weights: number[]; estimates: number[][] };
      t.closeTo(got.weights, f32(record.weightValues), { what: "the served model's weights after 12 requests (serving must never update BatchNorm's moving mean and variance)", tolerance: 0 });
      checkPages(got.estimates as unknown as Plain, pagesOf(23, [4, 9, 1, 30, 2, 12, 6, 1, 25, 3, 8, 40]), t, 'estimates over 12 requests,');
    },
  }),
  testCase({
    id: 'one-forward-pass-per-request',
    name: 'runs the model once per request, on the whole page as one batch',
    visible: false,
    rules: ['one-pass-per-request'],
    input: { model: artifactsOf(record), card, pages: pagesOf(29, [25, 1, 7]) },
    run: serveAndInspect,
    check: (actual, t) => {
      const got = actual as unknown as { calls: number; batchSizes: number[] };
      t.equal(got.batchSizes, [25, 1, 7], {
        what: 'the forward passes (their batch sizes) for three requests: one pass per request, the whole page as one batch',
        visibleWhat: 'the forward passes (their batch sizes) for three requests of 25, 1 and 7 cars: one pass per request',
      });
    },
  }),
  testCase({
    id: 'empty-request',
    name: 'returns no estimates for a request with no cars, without running the model',
    visible: false,
    rules: ['one-pass-per-request'],
    input: { model: artifactsOf(record), card, pages: [[] as Car[]] },
    run: serveAndInspect,
    check: (actual, t) => {
      const got = actual as unknown as { estimates: unknown[]; calls: number };
      t.equal(got.estimates, [[]], { what: 'estimates for a request with no cars' });
      t.equal(got.calls, 0, { what: 'forward passes for a request with no cars' });
    },
  }),
  testCase({
    id: 'serves-a-retrained-model',
    name: 'serves a retrained model with other weights (and other BatchNorm statistics) by its own weights',
    visible: false,
    rules: ['offline-estimates', 'uses-card-and-model'],
    input: { model: artifactsOf(retrained(41)), card, pages: pagesOf(43, [1, 20, 3]) },
    run: servePages,
    check: (actual, t) => checkPages(actual, pagesOf(43, [1, 20, 3]), t, 'estimates of the retrained model,', retrained(41)),
  }),
  testCase({
    id: 'saves-a-retrained-model-by-its-saved-names',
    name: 'saves a retrained model loaded after an earlier version: the same weight names, its own exact values',
    visible: false,
    rules: ['every-weight-as-saved', 'exact-values', 'no-leaks'],
    input: { models: [artifactsOf(record), artifactsOf(retrained(47))], cars: carBatch },
    run: saveRecord,
    check: (actual, t) => checkSaved(actual, retrained(47), t, 'the record of a retrained model loaded after an earlier version'),
  }),
  testCase({
    id: 'loads-a-retrained-record',
    name: 'loads a retrained model’s record with all its weights, BatchNorm statistics included',
    visible: false,
    rules: ['loads-what-was-saved'],
    input: { record: retrained(53), cars: standardised(trainCars.slice(0, 40)) },
    run: loadRecord,
    check: (actual, t) => checkLoaded(actual, retrained(53), t, 'the model loaded from a retrained record'),
  }),
  testCase({
    id: 'refuses-a-record-missing-weights',
    name: 'refuses a record that lacks BatchNorm’s moving mean and variance instead of loading it with initial values',
    visible: false,
    rules: ['refuses-missing-weights'],
    input: { record: withoutMovingStatistics(retrained(61)) },
    run: loadIncomplete,
    // tf.loadLayersModel builds the model before it finds a weight missing, and throws without
    // disposing it: that leak belongs to tfjs, not to the submission.
    checkLeaks: false,
    check: (actual, t) =>
      t.that((actual as { threw?: unknown })?.threw === true, 'loading a record without the moving mean and variance should throw, not serve a model with BatchNorm statistics 0 and 1 (load strictly)'),
  }),
  testCase({
    id: 'round-trip-is-lossless',
    name: 'a record loaded and saved again comes back unchanged',
    visible: false,
    rules: ['loads-what-was-saved', 'exact-values'],
    input: { record: retrained(59) },
    run: roundTrip,
    check: (actual, t) => {
      const got = actual as unknown as { record: RegistryRecord; weights: number[] };
      checkSpecs(got.record, retrained(59), t, 'a record loaded and saved again');
      t.closeTo(got.record?.weightValues, f32(retrained(59).weightValues), { what: 'a record loaded and saved again: the weight values (exact float32)', tolerance: 0 });
      t.closeTo(got.weights, f32(retrained(59).weightValues), { what: 'the weights of the loaded model', tolerance: 0 });
    },
  }),
  generatedCases({
    id: 'serves-generated-models-like-the-reference',
    name: 'serves generated models like the reference (any features, hidden units, dropout and BatchNorm statistics): the same estimate for a car in any page and alone, one pass per request, none for an empty one',
    rules: ['offline-estimates', 'depends-on-the-car-only', 'one-pass-per-request', 'no-leaks', 'uses-card-and-model'],
    input: generatedServing,
    count: 24,
    perCase: 4,
    run: serveGenerated,
    what: 'estimates',
  }),
  generatedCases({
    id: 'saves-and-loads-generated-models-like-the-reference',
    name: 'saves and loads generated models like the reference: every weight under its saved name, exact values, a loaded model that predicts the same and saves to the same record',
    rules: ['every-weight-as-saved', 'exact-values', 'loads-what-was-saved', 'no-leaks', 'uses-card-and-model'],
    input: generatedModel.chain((model) =>
      fc.record({ model: fc.constant(model), earlier: fc.boolean(), rows: fc.array(vector(model.card.features.length, decimal(-3, 3)), { minLength: 1, maxLength: 5 }) }),
    ),
    count: 16,
    perCase: 4,
    run: recordGenerated,
    what: 'registry record',
    compare: (actual, expected, t) => {
      const got = (actual ?? {}) as { record?: Plain; predictions?: Plain; savedAgainUnchanged?: Plain };
      const want = expected as { record: Plain; predictions: Plain; savedAgainUnchanged: Plain };
      t.equal(got.record, want.record, { what: 'the registry record (topology, every weight spec in the saved order and names, exact float32 values)' });
      t.closeTo(got.predictions, want.predictions, { what: 'predictions of the model loaded from the record', tolerance: 1e-5 });
      t.equal(got.savedAgainUnchanged, want.savedAgainUnchanged, { what: 'whether the loaded model saves to the same record' });
    },
  }),
]);

function checkSaved(actual: Plain, expected: RegistryRecord, t: Checker, what: string): void {
  const got = actual as unknown as { record: RegistryRecord; reloaded: number[] | string; stillServes: number[] | string };
  t.that(typeof got.stillServes !== 'string', `saving must leave the model serving (${typeof got.stillServes === 'string' ? got.stillServes : ''})`);
  checkSpecs(got.record, expected, t, what);
  t.that(Array.isArray(got.record?.weightValues), `${what}: weightValues should be an array of numbers`);
  t.closeTo(got.record.weightValues, f32(expected.weightValues), { what: `${what}: the weight values (exact float32, in weightSpecs order)`, tolerance: 0 });
  t.that(Array.isArray(got.reloaded), `${what} should load with tf.loadLayersModel after a JSON round trip (${typeof got.reloaded === 'string' ? got.reloaded : ''})`);
  t.closeTo(got.reloaded, referenceMpg(expected, testCars.slice(0, 24)), { what: `estimates of the model tfjs loads from ${what}`, tolerance: ESTIMATE_TOLERANCE });
}

function checkLoaded(actual: Plain, expected: RegistryRecord, t: Checker, what: string): void {
  const got = actual as unknown as { loaded: number[]; original: number[]; weights: number[] };
  t.closeTo(got.weights, f32(expected.weightValues), { what: `the weights of ${what} (every weight, BatchNorm's moving mean and variance included)`, tolerance: 0 });
  t.closeTo(got.loaded, got.original, { what: `estimates of ${what} against the saved model's (float32 tolerance)`, tolerance: 1e-5 });
}
