import fc from 'fast-check';
import { auc, defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import applicationsCsv from '../data/applications.csv';
import expected from './expected.json';

type Value = number | null;
interface FeatureBins {
  edges: number[];
  woe: number[];
  iv: number;
}
type WoeTable = FeatureBins[];
interface BinningOptions {
  bins: number;
  smoothing: number;
}
interface TrainingOptions extends BinningOptions {
  epochs: number;
  learningRate: number;
}
interface Applications {
  columns: string[];
  rows: Value[][];
  defaulted: (0 | 1 | null)[];
  split: ('train' | 'test')[];
}
interface User {
  quantileEdges(values: Value[], bins: number): number[];
  binIndex(edges: number[], value: Value): number;
  fitFeatureBins(values: Value[], labels: number[], options: BinningOptions): FeatureBins;
  encodeRows(table: WoeTable, rows: Value[][]): number[][];
  trainScorecard(data: Applications, options: TrainingOptions): Promise<{ table: WoeTable; model: tfjs.LayersModel }>;
}

// ---- Data ----

const COLUMNS = ['income', 'utilisation', 'monthsSinceDelinquency', 'inquiries', 'accountAgeMonths'];
const records = parseCsv(applicationsCsv);
const allRows: Value[][] = records.map((r) => COLUMNS.map((c) => (r[c] === null ? null : Number(r[c]))));
const split = records.map((r) => (r.split === 'train' ? 'train' : 'test') as 'train' | 'test');
const trainRows = allRows.filter((_, i) => split[i] === 'train');
const trainLabels = records.filter((_, i) => split[i] === 'train').map((r) => Number(r.defaulted));
const testRows = allRows.filter((_, i) => split[i] === 'test');
/** Test outcomes are held back: the submission sees null, the checks score against the real ones. */
const applications: Applications = { columns: COLUMNS, rows: allRows, defaulted: records.map((r, i) => (split[i] === 'train' ? (Number(r.defaulted) as 0 | 1) : null)), split };
/** The test applications as next quarter might send them: richer, older accounts, fewer missing values (for the leak test). */
const shiftedApplications: Applications = {
  ...applications,
  rows: allRows.map((row, i) => (split[i] === 'test' ? row.map((v, j) => (v === null ? (j === 2 ? null : 1) : v * 1.7 + 3)) : row)),
};
const options = expected.options as TrainingOptions;
const binning: BinningOptions = { bins: options.bins, smoothing: options.smoothing };
const reference = expected.table as WoeTable;
const { cases } = expected;

const WOE_TOLERANCE = 1e-6;
const AUC_TOLERANCE = 0.01;
const MIN_GAIN = 0.03;
const PREDICTION_TOLERANCE = 1e-3;

// ---- Drivers (run in the sandbox; self-contained) ----

const edgesRun = (user: User, input: { values: Value[]; bins: number }) => user.quantileEdges(input.values, input.bins);
const binsRun = (user: User, input: { values: Value[]; labels: number[]; options: BinningOptions }) => user.fitFeatureBins(input.values, input.labels, input.options);
const indexRun = (user: User, input: { edges: number[]; values: Value[] }) => input.values.map((v) => user.binIndex(input.edges, v));
/** Fits one FeatureBins per column of the training rows, then encodes other rows with that table. */
const tableRun = (user: User, input: { train: Value[][]; labels: number[]; serve: Value[][]; options: BinningOptions }) => {
  const width = input.train[0]?.length ?? 0;
  const table = Array.from({ length: width }, (_, j) => user.fitFeatureBins(input.train.map((row) => row[j]!), input.labels, input.options));
  return { table, features: user.encodeRows(table, input.serve) };
};
const oneAtATime = (user: User, input: { table: WoeTable; rows: Value[][] }) => ({
  batch: user.encodeRows(input.table, input.rows),
  single: input.rows.map((row) => user.encodeRows(input.table, [row])[0]),
});

/** Lets the submission fit and train, then scores its model on the test rows' WOE features from its own table, with the harness's copy of the model. */
const trainRun = async (user: User, input: { applications: Applications; testRows: Value[][]; options: TrainingOptions }, h: HarnessHelpers) => {
  const report = await user.trainScorecard(input.applications, input.options);
  const model = await h.model(report.model);
  const features = user.encodeRows(report.table, input.testRows);
  const inputWidth = model.inputs[0]!.shape[1];
  const summary = { table: report.table, inputWidth, parameters: h.modelSize(model).parameters };
  // A model trained on other columns than encodeRows gives cannot score them: the width check says so.
  if (features[0]?.length !== inputWidth) return { ...summary, predictions: [] };
  const x = h.tensor(features);
  const predictions = h.tf.tidy(() => Array.from((model.predict(x) as tfjs.Tensor).dataSync()));
  return { ...summary, predictions };
};

// ---- Checks (run on the host) ----

function checkBins(actual: unknown, want: FeatureBins, t: Checker, where: string): void {
  const got = (actual ?? {}) as Partial<FeatureBins>;
  t.equal(got.edges, want.edges, { what: `quantile edges (${where})` });
  t.closeTo(got.woe, want.woe, { what: `smoothed WOE of each bin, the missing bin last (${where})`, tolerance: WOE_TOLERANCE });
  t.closeTo(got.iv, want.iv, { what: `information value (${where})`, tolerance: WOE_TOLERANCE });
}

function checkTable(actual: unknown, t: Checker, where: string): void {
  const got = Array.isArray(actual) ? (actual as unknown[]) : [];
  t.equal(got.length, COLUMNS.length, { what: `number of FeatureBins in the table: one per column (${where})` });
  reference.forEach((want, j) => checkBins(got[j], want, t, `a column of the training rows, ${where}`));
}

function checkTraining(actual: Plain, t: Checker, where: string): void {
  const got = actual as unknown as { table: WoeTable; inputWidth: number; parameters: number; predictions: number[] };
  checkTable(got.table, t, `fitted on the training rows only, ${where}`);
  t.equal(got.inputWidth, COLUMNS.length, { what: 'model input width: one WOE column per feature, as encodeRows gives them' });
  t.equal(got.parameters, COLUMNS.length + 1, { what: 'model parameters: one dense unit over the WOE columns' });
  const predictions = got.predictions.length === expected.testDefaulted.length && got.predictions.every(Number.isFinite) ? got.predictions : null;
  t.that(predictions !== null, 'the model gives a finite probability for every test application');
  const testAuc = auc(expected.testDefaulted, predictions ?? []);
  t.atLeast(testAuc, expected.rawAuc + MIN_GAIN, { what: `test AUC of the scorecard on WOE features, measured by the grader (the raw-feature model scores ${expected.rawAuc.toFixed(3)})` });
  t.closeTo(testAuc, expected.referenceAuc, { what: `test AUC of the recipe in the prompt, measured by the grader (${where})`, tolerance: AUC_TOLERANCE });
  const gap = (predictions ?? []).reduce((worst, p, i) => Math.max(worst, Math.abs(p - expected.referencePredictions[i]!)), 0);
  t.atMost(gap, PREDICTION_TOLERANCE, { what: `largest difference from the recipe's test predictions: zero initialisers, full-batch unshuffled epochs (${where})` });
}

// ---- Generated inputs ----

/** A column of values: few distinct integers (many ties) or a grid of decimals, some missing. */
const column = (n: { min: number; max: number }) =>
  fc.record({ tied: fc.boolean(), missingShare: fc.constantFrom(0, 0, 0.2, 0.6, 1) }).chain(({ tied, missingShare }) =>
    fc.array(
      fc.record({ missing: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), value: tied ? fc.integer({ min: -2, max: 3 }) : fc.integer({ min: -500, max: 500 }).map((v) => v / 10) }),
      { minLength: n.min, maxLength: n.max },
    ).map((cells) => cells.map(({ missing, value }) => (missing < missingShare ? null : value))),
  );

const edgesInput = fc.record({ values: column({ min: 0, max: 40 }), bins: fc.integer({ min: 1, max: 8 }) });

const smoothing = fc.constantFrom(0.1, 0.25, 0.5, 1, 2);
const binsInput = column({ min: 1, max: 40 }).chain((values) =>
  fc.record({
    values: fc.constant(values),
    labels: fc.oneof(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: values.length, maxLength: values.length }), fc.constantFrom(0, 1).map((y) => values.map(() => y))),
    options: fc.record({ bins: fc.integer({ min: 1, max: 8 }), smoothing }),
  }),
);

/** Strictly increasing edges (0-5 of them), and values on them, between them, beyond them, and missing. */
const edgeList = fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { maxLength: 5 }).map((es) => es.sort((a, b) => a - b));
const valuesAround = (edges: number[]) =>
  fc.array(fc.oneof(fc.constantFrom(...(edges.length > 0 ? edges : [0])), fc.integer({ min: -80, max: 80 }).map((v) => v + 0.5), fc.constantFrom(-1e9, 1e9, null)), { minLength: 1, maxLength: 12 });
const indexInput = edgeList.chain((edges) => fc.record({ edges: fc.constant(edges), values: valuesAround(edges) }));

/** Any table a registry could hold and rows to serve, alone and as a batch. */
const servingInput = fc.array(edgeList, { minLength: 1, maxLength: 4 }).chain((edgeSets) =>
  fc.record({
    table: fc.tuple(...edgeSets.map((edges) => fc.record({ edges: fc.constant(edges), woe: fc.array(fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000), { minLength: edges.length + 2, maxLength: edges.length + 2 }), iv: fc.constant(0) }))),
    rows: fc.array(fc.tuple(...edgeSets.map((edges) => valuesAround(edges).map((vs) => vs[0]!))), { minLength: 1, maxLength: 6 }),
  }),
);

/** Training rows (2-4 columns, ties and missing values), their labels, and rows to serve from elsewhere. */
const tableInput = fc.integer({ min: 2, max: 4 }).chain((width) =>
  fc.integer({ min: 3, max: 30 }).chain((n) =>
    fc.record({
      columns: fc.tuple(...Array.from({ length: width }, () => column({ min: n, max: n }))),
      labels: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      serve: fc.array(fc.array(fc.oneof(fc.integer({ min: -60, max: 60 }), fc.constant(null)), { minLength: width, maxLength: width }), { minLength: 1, maxLength: 5 }),
      options: fc.record({ bins: fc.integer({ min: 1, max: 6 }), smoothing }),
    }).map(({ columns, labels, serve, options: o }) => ({ train: labels.map((_, i) => columns.map((c) => c[i]!)), labels, serve, options: o })),
  ),
);

export default defineTests<User>()([
  testCase({
    id: 'prompt-example-edges',
    name: 'finds the prompt’s edges: lower quantiles s[floor(q·n/bins)] of the non-missing values, the minimum dropped',
    visible: true,
    rules: ['quantile-edges', 'merge-tied-edges'],
    input: { values: cases.prompt.values, bins: cases.prompt.options.bins },
    run: edgesRun,
    check: (actual, t) => t.equal(actual, cases.prompt.bins.edges, { what: 'quantile edges of the prompt’s example' }),
  }),
  testCase({
    id: 'prompt-example-woe',
    name: 'gives the prompt’s WOE and IV: a missing bin, additive smoothing over all K bins',
    visible: true,
    rules: ['smoothed-woe', 'information-value', 'missing-bin'],
    input: cases.prompt,
    run: binsRun,
    check: (actual, t) => checkBins(actual, cases.prompt.bins as FeatureBins, t, 'the prompt’s example'),
  }),
  testCase({
    id: 'table-of-the-training-rows',
    name: 'bins the 1,000 training applications column by column and encodes the test applications with that table',
    visible: true,
    rules: ['quantile-edges', 'merge-tied-edges', 'smoothed-woe', 'information-value', 'missing-bin', 'open-ended-bins'],
    input: { train: trainRows, labels: trainLabels, serve: testRows, options: binning },
    run: tableRun,
    check: (actual, t) => {
      const got = actual as unknown as { table: WoeTable; features: number[][] };
      checkTable(got.table, t, 'the training applications');
      t.closeTo(got.features, expected.testFeatures, { what: 'WOE features of the test applications', tolerance: WOE_TOLERANCE });
    },
  }),
  testCase({
    id: 'beats-the-raw-feature-model',
    name: 'fits the table on the training rows only and trains a logistic regression that beats the raw-feature one on the test rows',
    visible: true,
    rules: ['fit-on-train-only', 'training-recipe'],
    timeoutMs: 10_000,
    input: { applications, testRows, options },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, t, 'the 1,500 applications'),
  }),
  testCase({
    id: 'tied-candidates-merge',
    name: 'merges tied candidate edges into one and drops a candidate equal to the minimum',
    visible: false,
    rules: ['merge-tied-edges', 'quantile-edges'],
    input: { columns: [[0, 0, 0, 0, 0, 0, 1, 1, 2, 5], [1, 2, 2, 2, 2, 2, 3, 4], [7, 7, null, 7]] as Value[][], bins: 4 },
    run: (user: User, input: { columns: Value[][]; bins: number }) => input.columns.map((values) => user.quantileEdges(values, input.bins)),
    check: (actual, t) => t.equal(actual, [[1], [2, 3], []], { what: 'quantile edges of columns with tied values' }),
  }),
  testCase({
    id: 'values-beyond-the-training-range',
    name: 'puts a value on an edge in the bin above, values beyond the training range in the end bins, and null in the missing bin',
    visible: false,
    rules: ['open-ended-bins', 'missing-bin'],
    input: { edges: [18, 25], values: [-1e6, 17.999, 18, 24.5, 25, 1e6, null] as Value[] },
    run: indexRun,
    check: (actual, t) => t.equal(actual, [0, 0, 1, 1, 2, 2, 3], { what: 'bins of values on the edges, beyond the training range and missing' }),
  }),
  testCase({
    id: 'missing-bin-without-missing-training-values',
    name: 'keeps a smoothed missing bin for a feature that had no missing training values, and serves null with it',
    visible: false,
    rules: ['missing-bin', 'smoothed-woe', 'information-value'],
    input: { values: cases.neverMissing.values, labels: cases.neverMissing.labels, options: cases.neverMissing.options },
    run: (user: User, input: { values: Value[]; labels: number[]; options: BinningOptions }) => {
      const bins = user.fitFeatureBins(input.values, input.labels, input.options);
      return { bins, served: user.encodeRows([bins], [[null], [0.05], [0.95]]) };
    },
    check: (actual, t) => {
      const got = actual as unknown as { bins: FeatureBins; served: number[][] };
      const want = cases.neverMissing.bins;
      checkBins(got.bins, want, t, 'a feature never missing in training');
      t.closeTo(got.served, [[want.woe[3]!], [want.woe[0]!], [want.woe[2]!]], { what: 'WOE served for a missing value and values beyond the training range', tolerance: WOE_TOLERANCE });
    },
  }),
  testCase({
    id: 'one-class-stays-finite',
    name: 'gives finite WOE and IV when every training application repaid',
    visible: false,
    rules: ['smoothed-woe', 'information-value'],
    input: cases.oneClass,
    run: binsRun,
    check: (actual, t) => checkBins(actual, cases.oneClass.bins as FeatureBins, t, 'training rows of one class'),
  }),
  testCase({
    id: 'one-application-at-a-time',
    name: 'gives an application the same WOE features alone as in a batch: serving reads the table, never the batch',
    visible: false,
    rules: ['frozen-table-serving', 'open-ended-bins'],
    input: { table: reference, rows: testRows.slice(0, 12) },
    run: oneAtATime,
    check: (actual, t) => {
      const got = actual as unknown as { batch: number[][]; single: number[][] };
      const want = expected.testFeatures.slice(0, 12);
      t.closeTo(got.batch, want, { what: 'WOE features of a batch of test applications', tolerance: WOE_TOLERANCE });
      t.closeTo(got.single, want, { what: 'WOE features of each test application served alone', tolerance: WOE_TOLERANCE });
    },
  }),
  testCase({
    id: 'ignores-the-test-rows',
    name: 'learns the same table and model when the test applications change: nothing is fitted on them',
    visible: false,
    rules: ['fit-on-train-only', 'training-recipe', 'no-leaks', 'information-value'],
    timeoutMs: 10_000,
    input: { applications: shiftedApplications, testRows, options },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, t, 'with other test applications'),
  }),
  generatedCases({
    id: 'edges-on-generated-columns',
    name: 'finds the reference’s edges on generated columns (0-40 values, ties, missing values, 1-8 bins)',
    rules: ['quantile-edges', 'merge-tied-edges'],
    input: edgesInput,
    examples: [
      { values: [], bins: 5 },
      { values: [null, null], bins: 3 },
      { values: [4, 4, 4], bins: 4 },
      { values: [3, 1, 2], bins: 1 },
      { values: [5, 1, 4, 2, 3], bins: 8 },
    ],
    count: 23,
    run: edgesRun,
    what: 'quantile edges',
  }),
  generatedCases({
    id: 'bins-on-generated-columns',
    name: 'gives the reference’s edges, WOE and IV on generated columns (one class, all missing, empty bins, any smoothing)',
    rules: ['smoothed-woe', 'information-value', 'missing-bin', 'quantile-edges'],
    input: binsInput,
    examples: [
      { values: [null, null, null], labels: [1, 0, 0], options: { bins: 4, smoothing: 0.5 } },
      { values: [2], labels: [1], options: { bins: 3, smoothing: 2 } },
    ],
    count: 26,
    run: binsRun,
    what: 'edges, WOE and IV',
  }),
  generatedCases({
    id: 'bin-index-of-generated-values',
    name: 'puts generated values in the reference’s bins (on edges, between, beyond the range, missing)',
    rules: ['open-ended-bins', 'missing-bin'],
    input: indexInput,
    examples: [{ edges: [], values: [-3, 0, 7, null] }],
    count: 15,
    run: indexRun,
    what: 'bins',
  }),
  generatedCases({
    id: 'serves-any-table',
    name: 'encodes rows with any given table, alone and in a batch',
    rules: ['frozen-table-serving', 'open-ended-bins', 'missing-bin'],
    input: servingInput,
    count: 16,
    run: oneAtATime,
    what: 'WOE features',
  }),
  generatedCases({
    id: 'table-on-generated-rows',
    name: 'fits a table on generated training rows and encodes other rows with it',
    rules: ['quantile-edges', 'merge-tied-edges', 'smoothed-woe', 'information-value', 'frozen-table-serving'],
    input: tableInput,
    count: 20,
    run: tableRun,
    what: 'table and WOE features',
  }),
]);
