import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import { readZooCard, readZooModel } from '@/lib/zoo/read-zoo';
import loggedFile from '../data/logged-requests.json';
import heldOutCsv from '../data/held-out.csv';

type CalibrationMethod = { method: 'minmax' } | { method: 'percentile'; percentile: number };
interface QuantParams {
  min: number;
  max: number;
  scale: number;
  zeroPoint: number;
}
interface User {
  quantParams(values: number[], options: CalibrationMethod): QuantParams;
  calibrate(model: tfjs.LayersModel, batches: number[][][], options: CalibrationMethod): QuantParams[];
  predictQuantised(model: tfjs.LayersModel, params: QuantParams[], rows: number[][]): number[][];
}
interface DenseSpec {
  activation: 'relu' | 'linear' | 'softmax';
  kernel: number[][];
  bias: number[];
}

// ---- The model and the data ----

const MODEL = 'region-mlp-m';
const artifacts: ModelArtifactsData = readZooModel(MODEL);
const card = readZooCard(MODEL);
const { mean, std } = card.inputs.normalisation!;
const standardise = (row: number[]) => row.map((v, k) => (v - mean[k]!) / std[k]!);
const logged: number[][][] = (loggedFile.batches as number[][][]).map((batch) => batch.map(standardise));
const heldOutRows = parseCsv(heldOutCsv);
const heldOut = heldOutRows.map((r) => standardise([Number(r.latitude), Number(r.longitude)]));
const labels = card.outputs.labels ?? [];
const heldOutLabels = heldOutRows.map((r) => labels.indexOf(String(r.division)));
/** The calibration job's configuration (prompt, "The job"). */
const JOB: CalibrationMethod = { method: 'percentile', percentile: 99 };
const ACCURACY_BUDGET = 0.01;

/** The zoo model's Dense layers as plain weights, in order. */
function denseSpecs(a: ModelArtifactsData): DenseSpec[] {
  const config = (a.modelTopology as { config: { layers: { config: { activation: DenseSpec['activation'] } }[] } }).config.layers;
  let offset = 0;
  const take = (shape: number[]) => {
    const size = shape.reduce((x, y) => x * y, 1);
    const values = a.weightData.slice(offset, offset + size);
    offset += size;
    return values;
  };
  return config.map((layer, i) => {
    const [inputs, units] = a.weightSpecs[2 * i]!.shape as [number, number];
    const flat = take([inputs, units]);
    const kernel = Array.from({ length: inputs }, (_, r) => flat.slice(r * units, (r + 1) * units));
    return { activation: layer.config.activation, kernel, bias: take([units]) };
  });
}
const zooLayers = denseSpecs(artifacts);

// ---- The rules, on the host (float64): the oracle ----

function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

function hostQuantParams(values: number[], options: CalibrationMethod): QuantParams {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const k = options.method === 'minmax' ? n : Math.max(1, Math.ceil((n * options.percentile) / 100));
  const min = Math.min(sorted[n - k]!, 0);
  const max = Math.max(sorted[k - 1]!, 0);
  if (max === min) return { min, max, scale: 1, zeroPoint: 0 };
  const scale = (max - min) / 255;
  return { min, max, scale, zeroPoint: Math.min(255, Math.max(0, roundHalfToEven(-min / scale))) };
}

function dense(layer: DenseSpec, x: number[]): number[] {
  const z = layer.bias.map((b, j) => x.reduce((s, v, i) => s + v * layer.kernel[i]![j]!, b));
  if (layer.activation === 'relu') return z.map((v) => Math.max(0, v));
  if (layer.activation === 'linear') return z;
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

function hostCalibrate(layers: DenseSpec[], batches: number[][][], options: CalibrationMethod): QuantParams[] {
  const seen: number[][] = layers.map(() => []);
  for (const row of batches.flat()) {
    let x = row;
    layers.forEach((layer, i) => {
      seen[i]!.push(...x);
      x = dense(layer, x);
    });
  }
  return seen.map((values) => hostQuantParams(values, options));
}

/** Distance of a value from the nearest rounding tie (x.5): below the float32 noise, either rounding is right. */
const tieDistance = (x: number) => Math.abs(x - Math.floor(x) - 0.5);
const KNIFE_EDGE = 2e-3;

/** The quantised forward pass of one row, and whether a float32 rounding could flip one of its codes. */
function hostPredict(layers: DenseSpec[], params: QuantParams[], row: number[]): { output: number[]; knifeEdge: boolean } {
  let knifeEdge = false;
  let x = row;
  layers.forEach((layer, i) => {
    const p = params[i]!;
    x = x.map((v) => {
      knifeEdge ||= tieDistance(v / p.scale) < KNIFE_EDGE;
      const q = Math.min(255, Math.max(0, roundHalfToEven(v / p.scale) + p.zeroPoint));
      return (q - p.zeroPoint) * p.scale;
    });
    x = dense(layer, x);
  });
  return { output: x, knifeEdge };
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const accuracy = (outputs: number[][]) => outputs.filter((row, i) => argmax(row) === heldOutLabels[i]).length / heldOutLabels.length;
const floatAccuracy = accuracy(heldOut.map((row) => zooLayers.reduce((x, layer) => dense(layer, x), row)));

// ---- Checks (host) ----

const PARAM_TOLERANCE = 1e-4;

function checkParams(actual: unknown, expected: QuantParams[], t: Checker, what: string): void {
  const got = actual as QuantParams[];
  t.that(Array.isArray(got) && got.length === expected.length, `${what}: one set of parameters per Dense layer input, in layer order`, {
    expected: `${expected.length} sets`,
    actual: Array.isArray(got) ? `${got.length} sets` : typeof got,
  });
  expected.forEach((want, i) => {
    const p = got[i]!;
    const where = { what: `${what}: the calibrated range (min and max, widened to include 0)`, visibleWhat: `${what}, quantisation point ${i + 1}: min and max (widened to include 0)` };
    t.closeTo([p?.min, p?.max], [want.min, want.max], { ...where, tolerance: PARAM_TOLERANCE * Math.max(1, Math.abs(want.min), Math.abs(want.max)) });
    t.closeTo(p?.scale, want.scale, { what: `${what}: the scale`, visibleWhat: `${what}, quantisation point ${i + 1}: the scale`, tolerance: PARAM_TOLERANCE * Math.max(1e-3, want.scale) });
    checkZeroPoint(p?.zeroPoint, want, t, what, i);
  });
}

function checkZeroPoint(zeroPoint: unknown, want: QuantParams, t: Checker, what: string, i: number): void {
  const ok = typeof zeroPoint === 'number' && Number.isInteger(zeroPoint) && zeroPoint >= 0 && zeroPoint <= 255;
  t.that(ok, `${what}: the zero-point must be an integer in [0, 255]`, { actual: String(zeroPoint), visibleProperty: `${what}, quantisation point ${i + 1}: the zero-point must be an integer in [0, 255], got ${String(zeroPoint)}` });
  const exact = -want.min / want.scale;
  // An exact tie must go to even; a near-tie that float32 noise could flip may go either way.
  const nearTie = tieDistance(exact) > 0 && tieDistance(exact) < 1e-6;
  const allowed = want.max === want.min || !nearTie ? [want.zeroPoint] : [Math.floor(exact), Math.ceil(exact)];
  t.that(allowed.includes(zeroPoint as number), `${what}: the zero-point (−min / scale, rounded half to even)`, {
    expected: allowed.join(' or '),
    actual: String(zeroPoint),
    visibleProperty: `${what}, quantisation point ${i + 1}: the zero-point is ${String(zeroPoint)}, expected ${allowed.join(' or ')}`,
  });
}

function checkOutputs(actual: unknown, expected: { output: number[]; knifeEdge: boolean }[], t: Checker, what: string): void {
  const got = actual as number[][];
  t.that(Array.isArray(got) && got.length === expected.length, `${what}: one output row per input row, in order`);
  const kept = expected.map((e, i) => ({ e, i })).filter(({ e }) => !e.knifeEdge);
  t.closeTo(
    kept.map(({ i }) => got[i]),
    kept.map(({ e }) => e.output),
    { what: `${what} (every Dense layer's input quantised to uint8 and back, values beyond the range clamped)`, tolerance: 1e-4 },
  );
}

// ---- Drivers (run in the sandbox; self-contained) ----

const calibrateZoo = async (user: User, input: { model: ModelArtifactsData; batches: number[][][]; options: CalibrationMethod }, h: HarnessHelpers) =>
  user.calibrate(await h.loadModel(input.model), input.batches, input.options);

const predictZoo = async (user: User, input: { model: ModelArtifactsData; params: QuantParams[]; rows: number[][] }, h: HarnessHelpers) =>
  user.predictQuantised(await h.loadModel(input.model), input.params, input.rows);

/** The whole job: calibrate on the logged batches, then predict the held-out rows with those parameters. */
const runJob = async (user: User, input: { model: ModelArtifactsData; batches: number[][][]; options: CalibrationMethod; rows: number[][] }, h: HarnessHelpers) => {
  const model = await h.loadModel(input.model);
  const params = user.calibrate(model, input.batches, input.options);
  return { params, outputs: user.predictQuantised(model, params, input.rows) };
};

const quantParamsOf = (user: User, input: { cases: { values: number[]; options: CalibrationMethod }[] }) => input.cases.map((c) => user.quantParams(c.values, c.options));

interface GridModel {
  inputs: number;
  layers: DenseSpec[];
}
interface GridCase {
  model: GridModel;
  batches: number[][][];
  options: CalibrationMethod;
  params: QuantParams[];
  rows: number[][];
}

/** Builds a Dense model from plain weights, then either calibrates it or predicts with given parameters. */
const runGrid = (user: User, input: GridCase & { task: 'calibrate' | 'predict' }, h: HarnessHelpers) => {
  const tf = h.tf;
  const layers = input.model.layers.map((spec, i) =>
    tf.layers.dense({ units: spec.bias.length, activation: spec.activation, inputShape: i === 0 ? [input.model.inputs] : undefined }),
  );
  const model = h.own(tf.sequential({ layers }));
  model.setWeights(input.model.layers.flatMap((spec) => [h.tensor(spec.kernel), h.tensor(spec.bias)]));
  if (input.task === 'calibrate') return user.calibrate(model, input.batches, input.options);
  return user.predictQuantised(model, input.params, input.rows);
};

/** What the submission does with nothing to calibrate on, and with the wrong number of parameters. */
const refusals = async (user: User, input: { model: ModelArtifactsData; params: QuantParams[] }, h: HarnessHelpers) => {
  const model = await h.loadModel(input.model);
  /** Whether the call threw an error with a message. */
  const throws = (f: () => unknown) => {
    try {
      f();
      return false;
    } catch (error) {
      return error instanceof Error && error.message.length > 0;
    }
  };
  return {
    noValues: throws(() => user.quantParams([], { method: 'minmax' })),
    noBatches: throws(() => user.calibrate(model, [], { method: 'minmax' })),
    emptyBatches: throws(() => user.calibrate(model, [[], []], { method: 'percentile', percentile: 99 })),
    tooFewParams: throws(() => user.predictQuantised(model, input.params.slice(1), [[0, 0]])),
    tooManyParams: throws(() => user.predictQuantised(model, [...input.params, input.params[0]!], [[0, 0]])),
    noRows: user.predictQuantised(model, input.params, []),
  };
};

// ---- Hand-written inputs ----

const identity = (n: number): GridModel => ({
  inputs: n,
  layers: [{ activation: 'linear', kernel: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))), bias: Array(n).fill(0) }],
});
const ROUNDING_ROWS = [
  [0.5, 1.5, 2.5, 3.5, -0.5, 254.5],
  [255.5, 300, -4, 127.5, 128.5, 7],
];
const ROUNDING_PARAMS: QuantParams = { min: 0, max: 255, scale: 1, zeroPoint: 0 };
const SHIFTED_ROWS = [[-6, 1.25, 1.75, 200, -0.25, -4.75]];
const SHIFTED_PARAMS: QuantParams = { min: -5, max: 122.5, scale: 0.5, zeroPoint: 10 };

const symmetric = Array.from({ length: 200 }, (_, i) => i - 100);
const PROMPT_EXAMPLES = [
  { values: [-1.5, 0.25, 2, 3.6, 1], options: { method: 'minmax' } as CalibrationMethod },
  { values: symmetric, options: { method: 'percentile', percentile: 99 } as CalibrationMethod },
];
const EDGE_EXAMPLES = [
  { values: [0, 0, 0], options: { method: 'minmax' } as CalibrationMethod },
  { values: [3, 5, 7], options: { method: 'minmax' } as CalibrationMethod },
  { values: [-4, -1, -2.5], options: { method: 'percentile', percentile: 100 } as CalibrationMethod },
  { values: [-2.5, 252.5, 10], options: { method: 'minmax' } as CalibrationMethod },
  { values: [-3.5, 251.5], options: { method: 'minmax' } as CalibrationMethod },
  { values: [5], options: { method: 'percentile', percentile: 50 } as CalibrationMethod },
  { values: [...symmetric].reverse(), options: { method: 'percentile', percentile: 90 } as CalibrationMethod },
  { values: [10, 9, 100, 8, 20, 1000, 2, 3, 30, 4], options: { method: 'percentile', percentile: 80 } as CalibrationMethod },
];

const hostJobParams = hostCalibrate(zooLayers, logged, JOB);

// ---- Generated inputs ----

/** Multiples of 1/16 (of 1/8 for weights): every activation of a small model is exact in float32, so float32 and float64 agree. */
const grid = (max: number, step: number) => fc.integer({ min: -Math.round(max / step), max: Math.round(max / step) }).map((n) => n * step);
const PERCENTILES = [50, 75, 90, 95, 99, 99.5, 99.9, 100];
/** The nearest rank does not depend on how n·p/100 is computed (no float knife edge). */
const stableRank = (n: number, p: number) => new Set([Math.ceil((n * p) / 100), Math.ceil((p / 100) * n), Math.ceil(n * (p / 100))]).size === 1;
const method: fc.Arbitrary<CalibrationMethod> = fc.oneof(fc.constant({ method: 'minmax' as const }), fc.constantFrom(...PERCENTILES).map((percentile) => ({ method: 'percentile' as const, percentile })));

const generatedValues = fc
  .record({
    values: fc.oneof(
      fc.array(grid(64, 1 / 16), { minLength: 1, maxLength: 300 }),
      fc.array(grid(8, 1 / 16).map(Math.abs), { minLength: 1, maxLength: 40 }),
      fc.array(grid(8, 1 / 16).map((v) => -Math.abs(v)), { minLength: 1, maxLength: 40 }),
      fc.array(fc.constantFrom(-1, 0, 0, 2), { minLength: 1, maxLength: 30 }),
    ),
    options: method,
  })
  .filter(({ values, options }) => options.method === 'minmax' || stableRank(values.length, options.percentile));

const gridLayer = (inputs: number, units: number, activation: DenseSpec['activation']) =>
  fc.record({
    activation: fc.constant(activation),
    kernel: fc.array(fc.array(grid(1, 1 / 8), { minLength: units, maxLength: units }), { minLength: inputs, maxLength: inputs }),
    bias: fc.array(grid(1, 1 / 8), { minLength: units, maxLength: units }),
  });

/** 1 to 3 Dense layers of 1 to 5 units, ReLU or linear hidden layers, a linear or softmax output. */
const gridModel: fc.Arbitrary<GridModel> = fc
  .record({
    inputs: fc.integer({ min: 1, max: 4 }),
    units: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
    hidden: fc.constantFrom<DenseSpec['activation']>('relu', 'linear'),
    output: fc.constantFrom<DenseSpec['activation']>('linear', 'softmax'),
  })
  .chain(({ inputs, units, hidden, output }) =>
    fc.tuple(...units.map((u, i) => gridLayer(i === 0 ? inputs : units[i - 1]!, u, i === units.length - 1 ? output : hidden))).map((layers) => ({ inputs, layers })),
  );

const gridRows = (inputs: number, maxRows: number) => fc.array(fc.array(grid(2, 1 / 16), { minLength: inputs, maxLength: inputs }), { maxLength: maxRows });

/** Calibration: 1 to 4 batches of 0 to 6 rows (at least one row in all), the extremes anywhere. */
const generatedCalibration = gridModel
  .chain((model) => fc.record({ model: fc.constant(model), batches: fc.array(gridRows(model.inputs, 6), { minLength: 1, maxLength: 4 }), options: method }))
  .filter(({ model, batches, options }) => {
    const n = batches.flat().length;
    return n > 0 && (options.method === 'minmax' || model.layers.every((l, i) => stableRank(n * (i === 0 ? model.inputs : model.layers[i - 1]!.bias.length), options.percentile)));
  })
  .map((c): GridCase & { task: 'calibrate' } => ({ ...c, params: [], rows: [], task: 'calibrate' }));

/** Parameters with power-of-two scales and any zero-point: every code, tie and clamp is exact. */
const powerOfTwoParams = fc.record({ exponent: fc.integer({ min: 1, max: 5 }), zeroPoint: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 255, 128)) }).map(({ exponent, zeroPoint }): QuantParams => {
  const scale = 2 ** -exponent;
  return { min: -zeroPoint * scale, max: (255 - zeroPoint) * scale, scale, zeroPoint };
});
const generatedPrediction = gridModel
  .chain((model) =>
    fc.record({
      model: fc.constant(model),
      params: fc.array(powerOfTwoParams, { minLength: model.layers.length, maxLength: model.layers.length }),
      rows: fc.array(fc.array(grid(16, 1 / 64), { minLength: model.inputs, maxLength: model.inputs }), { maxLength: 6 }),
    }),
  )
  .map((c): GridCase & { task: 'predict' } => ({ ...c, batches: [], options: { method: 'minmax' }, task: 'predict' }));

/** Parameters like the reference's: range and scale within float tolerance, the zero-point exact unless −min/scale is a rounding tie. */
function compareParams(actual: Plain, expected: Plain, t: Checker): void {
  const want = (Array.isArray(expected) ? expected : [expected]) as unknown as QuantParams[];
  checkParams(Array.isArray(expected) ? actual : [actual], want, t, 'quantisation parameters');
}

export default defineTests<User>()([
  testCase({
    id: 'quant-params-prompt-examples',
    name: 'gives the parameters of the prompt’s examples (min/max, and the nearest-rank 99th percentile)',
    visible: true,
    rules: ['range-rule', 'includes-zero', 'scale-and-zero-point'],
    input: { cases: PROMPT_EXAMPLES },
    run: quantParamsOf,
    check: (actual, t) => checkParams(actual, PROMPT_EXAMPLES.map((c) => hostQuantParams(c.values, c.options)), t, 'quantParams of the prompt’s examples'),
  }),
  testCase({
    id: 'calibrates-on-every-batch',
    name: 'calibrates every Dense layer’s input on the activations of all 8 logged batches (min/max)',
    visible: true,
    rules: ['every-batch', 'activations-not-weights', 'range-rule'],
    input: { model: artifacts, batches: logged, options: { method: 'minmax' } as CalibrationMethod },
    run: calibrateZoo,
    check: (actual, t) => checkParams(actual, hostCalibrate(zooLayers, logged, { method: 'minmax' }), t, 'calibrated parameters, min/max'),
  }),
  testCase({
    id: 'rounds-half-to-even-and-clamps',
    name: 'rounds codes half to even and clamps them to [0, 255] (scale 1, zero-point 0; scale 0.5, zero-point 10)',
    visible: true,
    rules: ['round-half-to-even', 'clamp-to-uint8', 'every-dense-input'],
    input: { rounding: { model: identity(6), params: [ROUNDING_PARAMS], rows: ROUNDING_ROWS }, shifted: { model: identity(6), params: [SHIFTED_PARAMS], rows: SHIFTED_ROWS } },
    run: (user: User, input: { rounding: Omit<GridCase, 'batches' | 'options'>; shifted: Omit<GridCase, 'batches' | 'options'> }, h: HarnessHelpers) => {
      const tf = h.tf;
      const build = (m: GridModel) => {
        const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: m.inputs, inputShape: [m.inputs] })] }));
        model.setWeights([h.tensor(m.layers[0]!.kernel), h.tensor(m.layers[0]!.bias)]);
        return model;
      };
      return {
        rounding: user.predictQuantised(build(input.rounding.model), input.rounding.params, input.rounding.rows),
        shifted: user.predictQuantised(build(input.shifted.model), input.shifted.params, input.shifted.rows),
      };
    },
    check: (actual, t) => {
      const got = actual as unknown as { rounding: number[][]; shifted: number[][] };
      t.closeTo(got.rounding, [
        [0, 2, 2, 4, 0, 254],
        [255, 255, 0, 128, 128, 7],
      ], { what: 'dequantised values with scale 1 and zero-point 0 (ties to even, clamped to the range)', tolerance: 0 });
      t.closeTo(got.shifted, [[-5, 1, 2, 122.5, 0, -5]], { what: 'dequantised values with scale 0.5 and zero-point 10 (ties to even, clamped to the range)', tolerance: 0 });
    },
  }),
  testCase({
    id: 'job-within-accuracy-budget',
    name: 'the job’s configuration (percentile 99) keeps held-out accuracy within 1 point of the float model',
    visible: true,
    rules: ['accuracy-budget', 'every-dense-input'],
    input: { model: artifacts, batches: logged, options: JOB, rows: heldOut },
    run: runJob,
    check: (actual, t) => {
      const got = actual as unknown as { params: QuantParams[]; outputs: number[][] };
      checkParams(got.params, hostJobParams, t, 'calibrated parameters, percentile 99');
      t.that(Array.isArray(got.outputs) && got.outputs.length === heldOut.length, 'predictQuantised: one output row per held-out address');
      t.atLeast(accuracy(got.outputs), floatAccuracy - ACCURACY_BUDGET, { what: `held-out accuracy of the quantised model (float model: ${floatAccuracy.toFixed(4)})` });
    },
  }),
  testCase({
    id: 'calibrates-with-percentile-clipping',
    name: 'clips each range to the nearest-rank percentile of all logged activations',
    visible: false,
    rules: ['every-batch', 'activations-not-weights', 'range-rule', 'includes-zero', 'scale-and-zero-point'],
    input: { model: artifacts, batches: logged, options: { method: 'percentile', percentile: 99.9 } as CalibrationMethod },
    run: calibrateZoo,
    check: (actual, t) => checkParams(actual, hostCalibrate(zooLayers, logged, { method: 'percentile', percentile: 99.9 }), t, 'calibrated parameters, percentile 99.9'),
  }),
  testCase({
    id: 'calibrates-on-reordered-batches',
    name: 'gives the same parameters whatever batch the failed GPS fixes arrive in',
    visible: false,
    rules: ['every-batch', 'range-rule'],
    input: { model: artifacts, batches: [...logged].reverse(), options: JOB },
    run: calibrateZoo,
    check: (actual, t) => checkParams(actual, hostJobParams, t, 'calibrated parameters'),
  }),
  testCase({
    id: 'quant-params-edges',
    name: 'widens every range to include 0, gives scale 1 for an all-zero range, rounds a tied zero-point to even, and takes the nearest rank of unsorted values',
    visible: false,
    rules: ['includes-zero', 'scale-and-zero-point', 'range-rule', 'round-half-to-even'],
    input: { cases: EDGE_EXAMPLES },
    run: quantParamsOf,
    check: (actual, t) => checkParams(actual, EDGE_EXAMPLES.map((c) => hostQuantParams(c.values, c.options)), t, 'quantParams at the edges'),
  }),
  testCase({
    id: 'predicts-held-out-rows',
    name: 'simulates the device on 400 held-out addresses, values beyond the calibrated range clamped',
    visible: false,
    rules: ['every-dense-input', 'clamp-to-uint8', 'round-half-to-even', 'accuracy-budget', 'no-leaks'],
    input: { model: artifacts, params: hostJobParams, rows: heldOut },
    run: predictZoo,
    check: (actual, t) => {
      checkOutputs(
        actual,
        heldOut.map((row) => hostPredict(zooLayers, hostJobParams, row)),
        t,
        'quantised probabilities',
      );
      t.atLeast(accuracy(actual as unknown as number[][]), floatAccuracy - ACCURACY_BUDGET, { what: 'held-out accuracy of the quantised model with the job’s parameters' });
    },
  }),
  testCase({
    id: 'refuses-to-calibrate-on-nothing',
    name: 'throws an error with a message on no calibration values and on the wrong number of parameters; no rows gives no outputs',
    visible: false,
    rules: ['refuses-empty', 'every-dense-input', 'no-leaks'],
    input: { model: artifacts, params: hostJobParams },
    run: refusals,
    check: (actual, t) =>
      t.equal(actual, { noValues: true, noBatches: true, emptyBatches: true, tooFewParams: true, tooManyParams: true, noRows: [] }, { what: 'errors thrown with a message (true) for no values, no batches, empty batches, too few and too many parameters, and the outputs of no rows' }),
  }),
  generatedCases({
    id: 'quant-params-on-generated-values',
    name: 'gives the parameters of the rules for generated values (any count, all positive, all negative, zeros, min/max and percentiles 50 to 100)',
    rules: ['range-rule', 'includes-zero', 'scale-and-zero-point', 'round-half-to-even'],
    input: generatedValues,
    examples: [
      { values: [0], options: { method: 'minmax' } },
      { values: [-1, -1, -1], options: { method: 'percentile', percentile: 50 } },
    ],
    count: 28,
    run: (user: User, input: { values: number[]; options: CalibrationMethod }) => user.quantParams(input.values, input.options),
    what: 'quantisation parameters',
    compare: compareParams,
  }),
  generatedCases({
    id: 'calibrates-generated-models',
    name: 'calibrates the input of every Dense layer of generated models on every batch (1 to 3 layers, ReLU or linear, empty batches)',
    rules: ['every-batch', 'activations-not-weights', 'range-rule', 'includes-zero', 'scale-and-zero-point', 'no-leaks'],
    input: generatedCalibration,
    count: 20,
    run: runGrid,
    what: 'calibrated parameters',
    compare: compareParams,
  }),
  generatedCases({
    id: 'predicts-with-generated-parameters',
    name: 'quantises the input of every Dense layer of generated models with the parameters given (ties, clamping at both ends, no rows)',
    rules: ['every-dense-input', 'round-half-to-even', 'clamp-to-uint8', 'no-leaks'],
    input: generatedPrediction,
    count: 20,
    run: runGrid,
    what: 'quantised outputs',
  }),
]);
