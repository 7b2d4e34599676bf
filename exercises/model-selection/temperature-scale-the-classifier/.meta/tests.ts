import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import modelFile from '../data/region-model.json';
import addressesCsv from '../data/addresses.csv';
import expected from './expected.json';

interface CalibrationMetrics {
  nll: number;
  ece: number;
  accuracy: number;
}
interface Split {
  x: number[][];
  labels: number[];
}
interface TemperatureReport {
  temperature: number;
  before: CalibrationMetrics;
  after: CalibrationMetrics;
}
interface User {
  calibrationMetrics(logits: number[][], labels: number[], temperature: number, bins: number): CalibrationMetrics;
  fitTemperature(logits: number[][], labels: number[]): number;
  temperatureScale(model: tfjs.LayersModel, data: { validation: Split; test: Split }): Promise<TemperatureReport>;
}
interface MetricsInput {
  logits: number[][];
  labels: number[];
  temperature: number;
  bins: number;
}
interface FitInput {
  logits: number[][];
  labels: number[];
}
interface JobInput {
  model: ModelArtifactsData;
  validation: Split;
  test: Split;
}

// ---- Data: the addresses as the grader hands them over, and the model's logits of each ----

const { card, artifacts } = modelFile;
const model = artifacts as unknown as ModelArtifactsData;
const rows = parseCsv(addressesCsv);
const splitRows = (name: string) => rows.filter((r) => r.split === name);
const splitOf = (name: string): Split => ({
  x: splitRows(name).map((r) => [(Number(r.latitude) - card.mean[0]!) / card.std[0]!, (Number(r.longitude) - card.mean[1]!) / card.std[1]!]),
  labels: splitRows(name).map((r) => card.labels.indexOf(String(r.division))),
});
const validation = { ...splitOf('validation'), logits: expected.logits.validation };
const test = { ...splitOf('test'), logits: expected.logits.test };
type Part = Split & { logits: number[][] };
const slice = (part: Part, from: number, to: number): Part => ({ x: part.x.slice(from, to), labels: part.labels.slice(from, to), logits: part.logits.slice(from, to) });

// ---- The rules, on the host (float64; the oracle the checks compare with) ----

const MIN_T = 0.05;
const MAX_T = 20;

function logSoftmax(row: number[], temperature: number): number[] {
  const scaled = row.map((z) => z / temperature);
  const top = Math.max(...scaled);
  const logSum = top + Math.log(scaled.reduce((sum, z) => sum + Math.exp(z - top), 0));
  return scaled.map((z) => z - logSum);
}

const meanNll = (logits: number[][], labels: number[], temperature: number) =>
  -logits.reduce((sum, row, i) => sum + logSoftmax(row, temperature)[labels[i]!]!, 0) / logits.length;

function metricsOf({ logits, labels, temperature, bins }: MetricsInput): CalibrationMetrics {
  const perBin = Array.from({ length: bins }, () => ({ count: 0, hits: 0, confidence: 0 }));
  let hits = 0;
  logits.forEach((row, i) => {
    const predicted = row.indexOf(Math.max(...row));
    const confidence = Math.exp(Math.max(...logSoftmax(row, temperature)));
    const bin = perBin[Math.min(bins - 1, Math.floor(confidence * bins))]!;
    const hit = predicted === labels[i] ? 1 : 0;
    hits += hit;
    bin.count += 1;
    bin.hits += hit;
    bin.confidence += confidence;
  });
  const n = logits.length;
  const ece = perBin.reduce((sum, b) => (b.count === 0 ? sum : sum + (b.count / n) * Math.abs(b.hits / b.count - b.confidence / b.count)), 0);
  return { nll: meanNll(logits, labels, temperature), ece, accuracy: hits / n };
}

/** The minimiser of the mean NLL on [MIN_T, MAX_T] (golden section to 1e-9), or 1 with nothing to fit. */
function bestTemperature({ logits, labels }: FitInput): number {
  if (logits.every((row) => Math.max(...row) === Math.min(...row))) return 1;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [low, high] = [MIN_T, MAX_T];
  while (high - low > 1e-9) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (meanNll(logits, labels, left) <= meanNll(logits, labels, right)) high = right;
    else low = left;
  }
  return (low + high) / 2;
}

// ---- Drivers (run in the sandbox; self-contained) ----

const metricsOfEach = (user: User, input: { batches: MetricsInput[] }) => input.batches.map((b) => user.calibrationMetrics(b.logits, b.labels, b.temperature, b.bins));
const fitEach = (user: User, input: { batches: FitInput[] }) => input.batches.map((b) => user.fitTemperature(b.logits, b.labels));
const metricsOfOne = (user: User, input: MetricsInput) => user.calibrationMetrics(input.logits, input.labels, input.temperature, input.bins);
const fitOne = (user: User, input: FitInput) => user.fitTemperature(input.logits, input.labels);

/** Loads the region model from its artifacts and runs the submission's job on the two splits. */
const runJob = async (user: User, input: JobInput, h: HarnessHelpers) => {
  const loaded = await h.loadModel(input.model);
  return user.temperatureScale(loaded, { validation: input.validation, test: input.test });
};

/** Runs the job on several pairs of splits with one loaded model, one after another. */
const runJobs = async (user: User, input: { jobs: JobInput[] }, h: HarnessHelpers) => {
  const loaded = await h.loadModel(input.jobs[0]!.model);
  const reports = [];
  for (const job of input.jobs) reports.push(await user.temperatureScale(loaded, { validation: job.validation, test: job.test }));
  return reports;
};

// ---- Checks (run on the host) ----

const isNumber = (v: unknown): v is number => typeof v === 'number';

/** Metrics within 1e-6, relative for values above 1. */
function checkMetrics(actual: unknown, want: CalibrationMetrics, t: Checker, what: string, visibleWhat = what): void {
  const got = (actual ?? {}) as Partial<CalibrationMetrics>;
  for (const key of ['nll', 'ece', 'accuracy'] as const) {
    t.closeTo(got[key], want[key], { what: `${what}: ${key}`, visibleWhat: `${visibleWhat}: ${key}`, tolerance: 1e-6 * Math.max(1, Math.abs(want[key])) });
  }
}

function checkMetricBatches(actual: Plain, batches: MetricsInput[], t: Checker, what: string): void {
  const got = actual as unknown as unknown[];
  t.that(Array.isArray(got) && got.length === batches.length, 'calibrationMetrics should return metrics for every call');
  batches.forEach((batch, i) => checkMetrics(got[i], metricsOf(batch), t, what, `${what} (T = ${batch.temperature}, ${batch.bins} bins)`));
}

/** A fitted temperature passes within 0.01 of the minimiser, or with an NLL within 1e-7 of the minimum. */
function checkTemperature(actual: unknown, input: FitInput, t: Checker, what: string): void {
  const want = bestTemperature(input);
  // With nothing to fit every T has the same NLL: only 1 is right.
  if (input.logits.every((row) => Math.max(...row) === Math.min(...row))) return t.closeTo(actual, 1, { what: `${what}: with nothing to fit it should be 1`, tolerance: 0.01 });
  const inRange = isNumber(actual) && actual >= MIN_T && actual <= MAX_T;
  const closeEnough = isNumber(actual) && Math.abs(actual - want) <= 0.01;
  const asGood = inRange && input.logits.length > 0 && meanNll(input.logits, input.labels, actual) <= meanNll(input.logits, input.labels, want) + 1e-7;
  if (closeEnough || asGood) return;
  t.closeTo(actual, want, { what, tolerance: 0.01 });
}

function checkFits(actual: Plain, batches: FitInput[], t: Checker, what: string): void {
  const got = actual as unknown as unknown[];
  t.that(Array.isArray(got) && got.length === batches.length, 'fitTemperature should return a temperature for every call');
  batches.forEach((batch, i) => checkTemperature(got[i], batch, t, what));
}

function checkJob(actual: Plain, parts: { validation: Part; test: Part }, t: Checker, where: string): void {
  const report = (actual ?? {}) as unknown as Partial<TemperatureReport>;
  checkTemperature(report.temperature, parts.validation, t, `temperature fitted by the job (${where})`);
  const fitted = isNumber(report.temperature) && report.temperature >= MIN_T && report.temperature <= MAX_T ? report.temperature : bestTemperature(parts.validation);
  const testRows = { logits: parts.test.logits, labels: parts.test.labels, bins: 15 };
  checkMetrics(report.before, metricsOf({ ...testRows, temperature: 1 }), t, `test metrics before scaling, T = 1 and 15 bins (${where})`);
  checkMetrics(report.after, metricsOf({ ...testRows, temperature: fitted }), t, `test metrics after scaling with your temperature, 15 bins (${where})`);
}

const jobInput = (parts: { validation: Part; test: Part }): JobInput => ({
  model,
  validation: { x: parts.validation.x, labels: parts.validation.labels },
  test: { x: parts.test.x, labels: parts.test.labels },
});

// ---- Hand-written cases ----

const otherJobs = [
  { validation: test, test: validation },
  { validation: slice(validation, 0, 120), test: slice(test, 100, 300) },
];

const promptExample: MetricsInput = { logits: [[2, 0], [0, 3], [1, 1]], labels: [0, 0, 1], temperature: 1, bins: 10 };
const realRows = (temperature: number): MetricsInput => ({ logits: validation.logits.slice(0, 60), labels: validation.labels.slice(0, 60), temperature, bins: 15 });
const hugeLogits = (temperature: number): MetricsInput => ({ logits: [[800, 0, -800], [0, 800, 790], [-500, 300, 300]], labels: [0, 2, 2], temperature, bins: 10 });
const tiedLogits = (temperature: number): MetricsInput => ({ logits: [[1, 1, 0], [0, 2, 2], [3, 3, 3], [0, 5, 5]], labels: [1, 1, 0, 2], temperature, bins: 5 });
/** A 0.5 confidence (a tie) must share the bin above with a 0.55 hit, not the bin below with a 0.43 hit. */
const upperEdge: MetricsInput = { logits: [[0, 0, -40], [0.2, 0, -40], [0.5, 0.2, 0]], labels: [2, 0, 0], temperature: 1, bins: 10 };
/** 0.25 (four equal logits) with 4 bins is on the edge of bin 1; 1.0 belongs in the last bin. */
const quarterEdge: MetricsInput = { logits: [[1, 1, 1, 1], [1.2, 1, 0.5, 0]], labels: [0, 1], temperature: 1, bins: 4 };
const saturated: MetricsInput = { logits: [[60, 0], [0, 45], [2.2, 0]], labels: [0, 0, 0], temperature: 1, bins: 5 };
/** Bins of different sizes: three rows in one bin, one in another. */
const unevenBins: MetricsInput = { logits: [[3, 0], [3.1, 0], [2.9, 0], [0.3, 0]], labels: [0, 0, 1, 1], temperature: 1, bins: 10 };

const fitExamples: FitInput[] = [
  { logits: [[4, 0], [4, 0], [4, 0], [0, 4]], labels: [0, 0, 1, 1] },
  { logits: [[4, 0], [0, 4]], labels: [0, 1] },
];
const boundCases: FitInput[] = [
  { logits: [[2, 0, 1], [0, 3, 1], [1, 0, 4]], labels: [0, 1, 2] },
  { logits: [[2, 0, 1], [0, 3, 1], [1, 0, 4]], labels: [1, 2, 0] },
];
const nothingToFit: FitInput[] = [
  { logits: [], labels: [] },
  { logits: [[1, 1, 1], [-2, -2, -2], [0, 0, 0]], labels: [0, 2, 1] },
];
const realFits: FitInput[] = [
  { logits: validation.logits.slice(0, 150), labels: validation.labels.slice(0, 150) },
  // The same rows through a model that is under-confident: the answer is below 1.
  { logits: validation.logits.slice(0, 150).map((row) => row.map((z) => z / 8)), labels: validation.labels.slice(0, 150) },
];

// ---- Generated cases ----

/** The distance of c·B from the nearest bin edge, for every row: keeps generated rows off knife edges. */
const offEdges = ({ logits, temperature, bins }: MetricsInput) =>
  logits.every((row) => {
    const c = Math.exp(Math.max(...logSoftmax(row, temperature)));
    const edge = c * bins;
    return c === 1 || c === 0.5 || Math.abs(edge - Math.round(edge)) > 1e-6;
  });

/** Logits on a grid (ties common), scales from gentle to huge, any class and bin count, T across [0.05, 20]. */
const generatedBatch: fc.Arbitrary<MetricsInput> = fc
  .record({
    classes: fc.integer({ min: 2, max: 9 }),
    rows: fc.integer({ min: 1, max: 30 }),
    scale: fc.constantFrom(0.25, 1, 5, 100),
    bins: fc.integer({ min: 1, max: 20 }),
    temperature: fc.oneof(fc.constantFrom(MIN_T, 1, MAX_T), fc.integer({ min: 50, max: 20_000 }).map((v) => v / 1000)),
  })
  .chain(({ classes, rows: count, scale, bins, temperature }) =>
    fc.record({
      logits: fc.array(fc.array(fc.integer({ min: -8, max: 8 }).map((v) => v * scale), { minLength: classes, maxLength: classes }), { minLength: count, maxLength: count }),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: count, maxLength: count }),
      temperature: fc.constant(temperature),
      bins: fc.constant(bins),
    }),
  )
  .filter(offEdges);

/**
 * Over- or under-confident batches: logits on a grid times a sharpness, labels the arg-max with a
 * chosen probability and otherwise another class; some batches right or wrong on every row.
 */
const generatedFit: fc.Arbitrary<FitInput> = fc
  .record({
    classes: fc.integer({ min: 2, max: 9 }),
    rows: fc.integer({ min: 5, max: 60 }),
    sharpness: fc.constantFrom(0.1, 0.5, 1, 3, 10),
    rightShare: fc.constantFrom(0, 0.3, 0.6, 0.9, 1),
  })
  .chain(({ classes, rows: count, sharpness, rightShare }) =>
    fc
      .array(
        fc.record({
          row: fc.array(fc.integer({ min: -6, max: 6 }).map((v) => v * sharpness), { minLength: classes, maxLength: classes }),
          right: fc.double({ min: 0, max: 1, noNaN: true }).map((u) => u < rightShare),
          other: fc.integer({ min: 1, max: classes - 1 }),
        }),
        { minLength: count, maxLength: count },
      )
      .map((draws) => {
        const logits = draws.map((d) => d.row);
        const labels = draws.map((d) => {
          const top = d.row.indexOf(Math.max(...d.row));
          return d.right ? top : (top + d.other) % classes;
        });
        return { logits, labels };
      }),
  );

export default defineTests<User>()([
  testCase({
    id: 'metrics-of-the-prompt-example',
    name: 'gives the prompt example’s NLL, ECE and accuracy, at T = 1 and T = 2',
    visible: true,
    rules: ['nll-definition', 'ece-bins', 'argmax-first-on-ties'],
    input: { batches: [promptExample, { ...promptExample, temperature: 2 }] },
    run: metricsOfEach,
    check: (actual, t) => checkMetricBatches(actual, [promptExample, { ...promptExample, temperature: 2 }], t, 'metrics of the prompt’s example'),
  }),
  testCase({
    id: 'metrics-of-real-logits',
    name: 'measures 60 of the model’s validation rows at T = 1 and T = 3 with 15 bins',
    visible: true,
    rules: ['nll-definition', 'ece-bins'],
    input: { batches: [realRows(1), realRows(3)] },
    run: metricsOfEach,
    check: (actual, t) => checkMetricBatches(actual, [realRows(1), realRows(3)], t, 'metrics of the model’s logits'),
  }),
  testCase({
    id: 'fits-the-prompt-examples',
    name: 'fits the prompt’s examples: one confident miss in four, and a batch that is always right',
    visible: true,
    rules: ['fit-minimises-nll', 'bounds'],
    input: { batches: fitExamples },
    run: fitEach,
    check: (actual, t) => checkFits(actual, fitExamples, t, 'fitted temperature of the prompt’s examples'),
  }),
  testCase({
    id: 'scales-the-region-model',
    name: 'fits T on the 300 validation addresses and reports the test addresses before and after',
    visible: true,
    rules: ['validation-only', 'fit-minimises-nll', 'no-leaks'],
    timeoutMs: 8000,
    input: jobInput({ validation, test }),
    run: runJob,
    check: (actual, t) => checkJob(actual, { validation, test }, t, 'the hub’s splits'),
  }),
  testCase({
    id: 'large-logits-stay-finite',
    name: 'gives finite, exact metrics for logits in the hundreds at T = 1, 0.05 and 20',
    visible: false,
    rules: ['stable-softmax', 'nll-definition'],
    input: { batches: [hugeLogits(1), hugeLogits(0.05), hugeLogits(20)] },
    run: metricsOfEach,
    check: (actual, t) => checkMetricBatches(actual, [hugeLogits(1), hugeLogits(0.05), hugeLogits(20)], t, 'metrics with large logits'),
  }),
  testCase({
    id: 'ties-go-to-the-lowest-class',
    name: 'predicts the lowest class of tied logits, at every temperature',
    visible: false,
    rules: ['argmax-first-on-ties'],
    input: { batches: [tiedLogits(1), tiedLogits(4)] },
    run: metricsOfEach,
    check: (actual, t) => checkMetricBatches(actual, [tiedLogits(1), tiedLogits(4)], t, 'metrics with tied logits'),
  }),
  testCase({
    id: 'confidence-on-a-bin-edge',
    name: 'puts a confidence on a bin edge in the upper bin and a confidence of 1 in the last bin',
    visible: false,
    rules: ['ece-bins'],
    input: { batches: [upperEdge, quarterEdge, saturated] },
    run: metricsOfEach,
    check: (actual, t) => checkMetricBatches(actual, [upperEdge, quarterEdge, saturated], t, 'ECE with confidences on bin edges'),
  }),
  testCase({
    id: 'ece-weights-bins-by-rows',
    name: 'weights each bin by the share of rows in it',
    visible: false,
    rules: ['ece-bins'],
    input: { batches: [unevenBins, { ...unevenBins, bins: 3 }] },
    run: metricsOfEach,
    check: (actual, t) => checkMetricBatches(actual, [unevenBins, { ...unevenBins, bins: 3 }], t, 'ECE with bins of different sizes'),
  }),
  testCase({
    id: 'temperature-at-the-bounds',
    name: 'returns 0.05 when every row is right and 20 when every row is wrong',
    visible: false,
    rules: ['bounds'],
    input: { batches: boundCases },
    run: fitEach,
    check: (actual, t) => checkFits(actual, boundCases, t, 'temperature when the NLL falls towards a bound'),
  }),
  testCase({
    id: 'nothing-to-fit',
    name: 'returns 1 with no rows and when every row’s logits are equal',
    visible: false,
    rules: ['nothing-to-fit'],
    input: { batches: nothingToFit },
    run: fitEach,
    check: (actual, t) => checkFits(actual, nothingToFit, t, 'temperature with nothing to fit'),
  }),
  testCase({
    id: 'fits-over-and-under-confident-logits',
    name: 'finds the minimiser for the model’s logits and for an under-confident version of them (T below 1)',
    visible: false,
    rules: ['fit-minimises-nll'],
    input: { batches: realFits },
    run: fitEach,
    check: (actual, t) => checkFits(actual, realFits, t, 'fitted temperature of real logits'),
  }),
  testCase({
    id: 'fits-on-the-validation-split-only',
    name: 'fits on whichever split is the validation split, never on the test split: splits swapped, then 120 validation and 200 test addresses',
    visible: false,
    rules: ['validation-only', 'fit-minimises-nll', 'argmax-first-on-ties', 'no-leaks'],
    timeoutMs: 8000,
    input: { jobs: otherJobs.map(jobInput) },
    run: runJobs,
    check: (actual, t) => {
      const reports = actual as unknown as Plain[];
      t.that(Array.isArray(reports) && reports.length === otherJobs.length, 'temperatureScale should return a report for every call');
      otherJobs.forEach((parts, i) => checkJob(reports[i]!, parts, t, i === 0 ? 'splits swapped' : 'other rows'));
    },
  }),
  testCase({
    id: 'job-without-validation-rows',
    name: 'keeps T = 1 when the validation split is empty, and still reports the test split',
    visible: false,
    rules: ['nothing-to-fit', 'validation-only', 'no-leaks'],
    timeoutMs: 8000,
    input: jobInput({ validation: slice(validation, 0, 0), test: slice(test, 0, 80) }),
    run: runJob,
    check: (actual, t) => checkJob(actual, { validation: slice(validation, 0, 0), test: slice(test, 0, 80) }, t, 'no validation rows'),
  }),
  generatedCases({
    id: 'metrics-on-generated-batches',
    name: 'gives the reference’s NLL, ECE and accuracy on generated logits (2 to 9 classes, ties, logits up to 800, 1 to 20 bins, T from 0.05 to 20)',
    rules: ['stable-softmax', 'nll-definition', 'argmax-first-on-ties', 'ece-bins'],
    input: generatedBatch,
    examples: [
      { logits: [[0, 0]], labels: [1], temperature: 1, bins: 1 },
      { logits: [[800, -800], [-800, 800]], labels: [0, 0], temperature: MIN_T, bins: 20 },
    ],
    count: 32,
    run: metricsOfOne,
    what: 'calibration metrics',
    compare: (actual, want, t, input) => checkMetrics(actual, want as unknown as CalibrationMetrics, t, 'calibration metrics', `calibration metrics (T = ${input.temperature}, ${input.bins} bins)`),
  }),
  generatedCases({
    id: 'fits-generated-batches',
    name: 'finds the NLL-minimising temperature on generated over- and under-confident batches, bounds and flat logits included',
    rules: ['fit-minimises-nll', 'bounds', 'nothing-to-fit'],
    input: generatedFit,
    examples: [
      { logits: [], labels: [] },
      { logits: [[3, 3], [0, 0]], labels: [1, 0] },
      { logits: [[5, 0, 0], [0, 5, 0]], labels: [0, 1] },
      { logits: [[5, 0, 0], [0, 5, 0]], labels: [2, 2] },
    ],
    count: 28,
    run: fitOne,
    what: 'fitted temperature',
    compare: (actual, _want, t, input) => checkTemperature(actual, input, t, 'fitted temperature'),
  }),
]);
