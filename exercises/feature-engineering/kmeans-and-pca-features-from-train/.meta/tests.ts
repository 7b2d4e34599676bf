import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import carsCsv from '../data/cars.csv';
import expected from './expected.json';

interface Pca {
  mean: number[];
  components: number[][];
  variances: number[];
}
interface Featurizer {
  mean: number[];
  std: number[];
  centroids: number[][];
  pca: Pca;
}
interface FeatureOptions {
  k: number;
  components: number;
  seed: number;
}
interface TrainingOptions extends FeatureOptions {
  epochs: number;
  learningRate: number;
}
interface Cars {
  x: number[][];
  mpg: number[];
  split: ('train' | 'test')[];
}
interface User {
  fitKMeans(rows: number[][], k: number, seed: number): number[][];
  fitPca(rows: number[][], components: number): Pca;
  fitFeaturizer(trainRows: number[][], options: FeatureOptions): Featurizer;
  transformRows(featurizer: Featurizer, rows: number[][]): number[][];
  trainMpgModel(cars: Cars, options: TrainingOptions): Promise<{ featurizer: Featurizer; model: tfjs.LayersModel }>;
}

// ---- Data ----

const COLUMNS = ['cylinders', 'displacement', 'horsepower', 'weight', 'acceleration'] as const;
const rows = parseCsv(carsCsv);
const carsX = rows.map((r) => COLUMNS.map((c) => Number(r[c])));
const split = rows.map((r) => (r.split === 'train' ? 'train' : 'test') as 'train' | 'test');
const trainX = carsX.filter((_, i) => split[i] === 'train');
const testX = carsX.filter((_, i) => split[i] === 'test');
/** Test MPG is held back: the submission sees NaN, the checks score against the real values. */
const cars: Cars = { x: carsX, mpg: rows.map((r, i) => (split[i] === 'train' ? Number(r.mpg) : NaN)), split };
const options = expected.options as TrainingOptions;
const featureOptions: FeatureOptions = { k: options.k, components: options.components, seed: options.seed };
const reference = expected.featurizer as Featurizer;
const { cases } = expected;
/** The test cars as a used-car site would send them next year: heavier, thirstier engines (for the leak test). */
const shiftedCars: Cars = { ...cars, x: carsX.map((x, i) => (split[i] === 'test' ? x.map((v, j) => (j === 4 ? v * 0.8 : v * 1.6)) : x)) };

const FEATURE_TOLERANCE = 1e-6;
const RMSE_TOLERANCE = 0.02;
const MIN_GAIN = 0.15;

// ---- Drivers (run in the sandbox; self-contained) ----

const kMeansRun = (user: User, input: { rows: number[][]; k: number; seed: number }) => user.fitKMeans(input.rows, input.k, input.seed);
const pcaRun = (user: User, input: { rows: number[][]; components: number }) => user.fitPca(input.rows, input.components);
const featurizerRun = (user: User, input: { train: number[][]; serve: number[][]; options: FeatureOptions }) => {
  const featurizer = user.fitFeaturizer(input.train, input.options);
  return { featurizer, features: user.transformRows(featurizer, input.serve) };
};
const oneAtATime = (user: User, input: { featurizer: Featurizer; rows: number[][] }) => ({
  batch: user.transformRows(input.featurizer, input.rows),
  single: input.rows.map((row) => user.transformRows(input.featurizer, [row])[0]),
});

/** Lets the submission fit and train, then scores its model on the test cars' features from its own featurizer, with the harness's copy of the model. */
const trainRun = async (user: User, input: { cars: Cars; testX: number[][]; options: TrainingOptions }, h: HarnessHelpers) => {
  const report = await user.trainMpgModel(input.cars, input.options);
  const model = await h.model(report.model);
  const features = user.transformRows(report.featurizer, input.testX);
  const inputWidth = model.inputs[0]!.shape[1];
  const summary = { featurizer: report.featurizer, inputWidth, parameters: h.modelSize(model).parameters };
  // A model trained on other columns than transformRows gives cannot score them: the width check says so.
  if (features[0]?.length !== inputWidth) return { ...summary, predictions: [] };
  const x = h.tensor(features);
  const predictions = h.tf.tidy(() => Array.from((model.predict(x) as tfjs.Tensor).dataSync()));
  return { ...summary, predictions };
};

// ---- Checks (run on the host) ----

function checkFeaturizer(actual: unknown, want: Featurizer, t: Checker, where: string): void {
  const got = (actual ?? {}) as Partial<Featurizer>;
  t.closeTo(got.mean, want.mean, { what: `training means of the raw columns (${where})`, tolerance: FEATURE_TOLERANCE });
  t.closeTo(got.std, want.std, { what: `training population stds of the raw columns, 1 where a column is constant (${where})`, tolerance: FEATURE_TOLERANCE });
  t.closeTo(got.centroids, want.centroids, { what: `k-means centroids of the standardised training rows (${where})`, tolerance: FEATURE_TOLERANCE });
  checkPca(got.pca, want.pca, t, where);
}

function checkPca(actual: unknown, want: Pca, t: Checker, where: string): void {
  const got = (actual ?? {}) as Partial<Pca>;
  t.closeTo(got.mean, want.mean, { what: `PCA mean (${where})`, tolerance: FEATURE_TOLERANCE });
  t.closeTo(got.variances, want.variances, { what: `PCA variances: eigenvalues of the population covariance (${where})`, tolerance: FEATURE_TOLERANCE });
  t.closeTo(got.components, want.components, { what: `PCA components: unit eigenvectors, largest entry positive (${where})`, tolerance: FEATURE_TOLERANCE });
}

const rmseOf = (predictions: number[]) => Math.sqrt(expected.testMpg.reduce((sum, y, i) => sum + (y - (predictions[i] ?? NaN)) ** 2, 0) / expected.testMpg.length);

function checkTraining(actual: Plain, t: Checker, where: string): void {
  const got = actual as unknown as { featurizer: Featurizer; inputWidth: number; parameters: number; predictions: number[] };
  checkFeaturizer(got.featurizer, reference, t, `fitted on the training cars only, ${where}`);
  const width = options.components + 2 * options.k;
  t.equal(got.inputWidth, width, { what: 'model input width: PCA scores + one-hot clusters + distances, as transformRows gives them' });
  t.equal(got.parameters, width + 1, { what: 'model parameters: one dense unit over the features' });
  const rmse = rmseOf(got.predictions);
  t.atMost(rmse, expected.rawRmse - MIN_GAIN, { what: `test RMSE of the model on k-means and PCA features, measured by the grader (the raw-feature model scores ${expected.rawRmse.toFixed(3)})` });
  t.closeTo(rmse, expected.referenceRmse, { what: `test RMSE of the recipe in the prompt, measured by the grader (${where})`, tolerance: RMSE_TOLERANCE });
}

// ---- Generated inputs ----

const grid = (v: number) => Math.round(v * 1000) / 1000;

/** Rows drawn around a few random centres (duplicates possible), 1-4 columns. */
const clusteredRows = (n: { min: number; max: number }, width: fc.Arbitrary<number>) =>
  width.chain((d) =>
    fc
      .record({
        centres: fc.array(fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 4 }),
        picks: fc.array(fc.record({ c: fc.nat(), noise: fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: d, maxLength: d }) }), { minLength: n.min, maxLength: n.max }),
      })
      .map(({ centres, picks }) => picks.map(({ c, noise }) => centres[c % centres.length]!.map((v, j) => grid(v + noise[j]!)))),
  );

const distinctCount = (rs: number[][]) => new Set(rs.map((r) => r.join())).size;

const kMeansInput = clusteredRows({ min: 2, max: 30 }, fc.integer({ min: 1, max: 4 }))
  .chain((rs) => fc.record({ rows: fc.constant(rs), k: fc.integer({ min: 1, max: Math.min(5, distinctCount(rs)) }), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }));

/** Eigenvalues and unit eigenvectors of a small symmetric matrix (Jacobi), by decreasing eigenvalue: only to keep generated PCA cases off knife edges. */
function eigen(matrix: number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((r) => r.slice());
  const v: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep += 1) {
    for (let p = 0; p < n; p += 1) {
      for (let q = p + 1; q < n; q += 1) {
        if (Math.abs(a[p]![q]!) < 1e-15) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const tan = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(tan * tan + 1);
        const sin = tan * cos;
        for (let k = 0; k < n; k += 1) {
          const [akp, akq] = [a[k]![p]!, a[k]![q]!];
          a[k]![p] = cos * akp - sin * akq;
          a[k]![q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < n; k += 1) {
          const [apk, aqk] = [a[p]![k]!, a[q]![k]!];
          a[p]![k] = cos * apk - sin * aqk;
          a[q]![k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < n; k += 1) {
          const [vkp, vkq] = [v[k]![p]!, v[k]![q]!];
          v[k]![p] = cos * vkp - sin * vkq;
          v[k]![q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  const order = a.map((_, i) => i).sort((i, j) => a[j]![j]! - a[i]![i]!);
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => v.map((row) => row[i]!)) };
}

/** Whether the top `m` components are well defined: eigenvalues apart by 10% and a clear largest entry (so no float rounding picks another answer). */
function wellSeparated(rs: number[][], m: number): boolean {
  const n = rs.length;
  const mean = rs[0]!.map((_, j) => rs.reduce((s, r) => s + r[j]!, 0) / n);
  const cov = mean.map((_, a) => mean.map((__, b) => rs.reduce((s, r) => s + (r[a]! - mean[a]!) * (r[b]! - mean[b]!), 0) / n));
  const { values, vectors } = eigen(cov);
  for (let i = 0; i < m; i += 1) {
    if (values[i]! < 1e-3) return false;
    if (i + 1 < values.length && values[i + 1]! > 0.9 * values[i]!) return false;
    const sizes = vectors[i]!.map(Math.abs).sort((x, y) => y - x);
    if (sizes.length > 1 && sizes[0]! - sizes[1]! < 1e-3) return false;
  }
  return true;
}

const pcaInput = clusteredRows({ min: 4, max: 30 }, fc.integer({ min: 2, max: 5 }))
  .chain((rs) => fc.record({ rows: fc.constant(rs), components: fc.integer({ min: 1, max: rs[0]!.length }) }))
  .filter(({ rows: rs, components }) => wellSeparated(rs, components));

const standardised = (rs: number[][]) => {
  const n = rs.length;
  const mean = rs[0]!.map((_, j) => rs.reduce((s, r) => s + r[j]!, 0) / n);
  const std = mean.map((m, j) => Math.sqrt(rs.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / n) || 1);
  return rs.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));
};

/** Training rows (sometimes with a constant column), rows to serve from elsewhere, and options. */
const featurizerInput = clusteredRows({ min: 6, max: 30 }, fc.integer({ min: 2, max: 5 }))
  .chain((train) =>
    fc.record({
      train: fc.boolean().map((constant) => (constant ? train.map((r) => [...r.slice(0, -1), 2.5]) : train)),
      serve: fc.array(fc.array(fc.double({ min: -9, max: 9, noNaN: true }).map(grid), { minLength: train[0]!.length, maxLength: train[0]!.length }), { minLength: 1, maxLength: 6 }),
      options: fc.record({ k: fc.integer({ min: 1, max: Math.min(4, distinctCount(train)) }), components: fc.integer({ min: 1, max: train[0]!.length - 1 }), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
    }),
  )
  .filter(({ train, options: o }) => wellSeparated(standardised(train), o.components));

/** Any featurizer a registry could hold (PCA mean not 0, components not orthogonal) and rows to serve, one at a time and as a batch. */
const servingInput = fc.integer({ min: 1, max: 5 }).chain((d) => {
  const vector = (min: number, max: number) => fc.array(fc.double({ min, max, noNaN: true }).map(grid), { minLength: d, maxLength: d });
  return fc.record({
    featurizer: fc.record({
      mean: vector(-50, 50),
      std: vector(0.1, 20),
      centroids: fc.array(vector(-3, 3), { minLength: 1, maxLength: 4 }),
      pca: fc.record({ mean: vector(-1, 1), components: fc.array(vector(-1, 1), { minLength: 1, maxLength: d }), variances: fc.constant<number[]>([]) }),
    }),
    rows: fc.array(vector(-80, 80), { minLength: 1, maxLength: 6 }),
  });
});

export default defineTests<User>()([
  testCase({
    id: 'kmeans-prompt-example',
    name: 'finds the centroids of the prompt’s example: k-means++ seeded with mulberry32(42), then Lloyd passes',
    visible: true,
    rules: ['kmeans-plus-plus', 'lloyd-until-stable'],
    input: cases.kmeansExample,
    run: kMeansRun,
    check: (actual, t) => t.closeTo(actual, cases.kmeansExample.centroids, { what: 'k-means centroids of the prompt’s example', tolerance: FEATURE_TOLERANCE }),
  }),
  testCase({
    id: 'pca-prompt-example',
    name: 'gives the prompt’s PCA example: population covariance, unit components by decreasing variance',
    visible: true,
    rules: ['pca-population-covariance', 'pca-sign'],
    input: cases.pcaExample,
    run: pcaRun,
    check: (actual, t) => checkPca(actual, cases.pcaExample.pca as Pca, t, 'the prompt’s example'),
  }),
  testCase({
    id: 'featurizer-of-the-training-cars',
    name: 'learns the scaler, the centroids and the PCA of the 200 training cars and turns the test cars into features',
    visible: true,
    rules: ['standardise-on-train', 'kmeans-plus-plus', 'pca-population-covariance', 'feature-layout'],
    input: { train: trainX, serve: testX, options: featureOptions },
    run: featurizerRun,
    check: (actual, t) => {
      const got = actual as unknown as { featurizer: Featurizer; features: number[][] };
      checkFeaturizer(got.featurizer, reference, t, 'the training cars');
      t.closeTo(got.features, expected.testFeatures, { what: 'features of the test cars: [PCA scores, one-hot cluster, distances]', tolerance: FEATURE_TOLERANCE });
    },
  }),
  testCase({
    id: 'beats-the-raw-feature-model',
    name: 'fits the features on the training cars only and trains a linear model that beats the raw-feature one on the test cars',
    visible: true,
    rules: ['fit-on-train-only', 'training-recipe', 'feature-layout'],
    timeoutMs: 10_000,
    input: { cars, testX, options },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, t, 'the 300 cars'),
  }),
  testCase({
    id: 'ties-go-to-the-lowest-centroid',
    name: 'gives a row exactly between two centroids to the lower-numbered one',
    visible: false,
    rules: ['lloyd-until-stable'],
    input: cases.tieCase,
    run: kMeansRun,
    check: (actual, t) => t.closeTo(actual, cases.tieCase.centroids, { what: 'k-means centroids when a row is exactly between two centroids', tolerance: FEATURE_TOLERANCE }),
  }),
  testCase({
    id: 'an-empty-cluster-keeps-its-centroid',
    name: 'keeps the centroid of a cluster that loses all its rows',
    visible: false,
    rules: ['lloyd-until-stable', 'kmeans-plus-plus'],
    input: cases.emptyCluster,
    run: kMeansRun,
    check: (actual, t) => t.closeTo(actual, cases.emptyCluster.centroids, { what: 'k-means centroids when a cluster loses all its rows', tolerance: FEATURE_TOLERANCE }),
  }),
  testCase({
    id: 'pca-sign-and-population-variance',
    name: 'makes each component’s largest entry positive and divides the covariance by n on five rows',
    visible: false,
    rules: ['pca-sign', 'pca-population-covariance'],
    input: cases.pcaSign,
    run: pcaRun,
    check: (actual, t) => checkPca(actual, cases.pcaSign.pca as Pca, t, 'five rows in three columns'),
  }),
  testCase({
    id: 'a-constant-column',
    name: 'scales a constant training column by 1, so it standardises to 0 instead of NaN',
    visible: false,
    rules: ['standardise-on-train', 'feature-layout'],
    input: { train: cases.constantColumn.rows, serve: cases.constantColumn.rows.slice(0, 5), options: cases.constantColumn.options },
    run: featurizerRun,
    check: (actual, t) => {
      const got = actual as unknown as { featurizer: Featurizer; features: number[][] };
      const featurizer = cases.constantColumn.featurizer as Featurizer;
      checkFeaturizer(got.featurizer, featurizer, t, 'a constant column');
      t.that(Array.isArray(got.features) && got.features.flat().every(Number.isFinite), 'features of a constant column must be finite numbers');
    },
  }),
  testCase({
    id: 'one-car-at-a-time',
    name: 'gives a car the same features alone as in a batch: serving uses the featurizer, never the batch',
    visible: false,
    rules: ['row-by-row-serving', 'feature-layout'],
    input: { featurizer: reference, rows: testX.slice(0, 12) },
    run: oneAtATime,
    check: (actual, t) => {
      const got = actual as unknown as { batch: number[][]; single: number[][] };
      const want = expected.testFeatures.slice(0, 12);
      t.closeTo(got.batch, want, { what: 'features of a batch of test cars', tolerance: FEATURE_TOLERANCE });
      t.closeTo(got.single, want, { what: 'features of each test car served alone', tolerance: FEATURE_TOLERANCE });
    },
  }),
  testCase({
    id: 'ignores-the-test-cars',
    name: 'learns the same featurizer and model when the test cars change: nothing is fitted on them',
    visible: false,
    rules: ['fit-on-train-only', 'training-recipe', 'no-leaks'],
    timeoutMs: 10_000,
    input: { cars: shiftedCars, testX, options },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, t, 'with other test cars'),
  }),
  generatedCases({
    id: 'kmeans-on-generated-rows',
    name: 'finds the reference’s centroids on generated rows (1-4 columns, 2-30 rows, k 1-5, duplicates, any seed)',
    rules: ['kmeans-plus-plus', 'lloyd-until-stable'],
    input: kMeansInput,
    examples: [
      { rows: [[1, 2]], k: 1, seed: 0 },
      { rows: [[0], [0], [3], [3], [10]], k: 3, seed: 5 },
    ],
    count: 24,
    run: kMeansRun,
    what: 'k-means centroids',
  }),
  generatedCases({
    id: 'pca-on-generated-rows',
    name: 'finds the reference’s components and variances on generated rows (2-5 columns, 1 to all components)',
    rules: ['pca-population-covariance', 'pca-sign'],
    input: pcaInput,
    examples: [{ rows: [[1, 0], [-1, 0], [0, 0.5], [0, -0.5]], components: 2 }],
    count: 20,
    run: pcaRun,
    what: 'PCA',
  }),
  generatedCases({
    id: 'serves-any-featurizer',
    name: 'turns rows into the reference’s features with any given featurizer, alone and in a batch (ties between centroids, a PCA mean that is not 0)',
    rules: ['feature-layout', 'row-by-row-serving'],
    input: servingInput,
    examples: [
      {
        featurizer: { mean: [10], std: [2], centroids: [[1], [-1], [3]], pca: { mean: [0.5], components: [[1]], variances: [] } },
        rows: [[10], [12], [8]],
      },
    ],
    count: 20,
    run: oneAtATime,
    what: 'features',
  }),
  generatedCases({
    id: 'featurizer-on-generated-rows',
    name: 'fits on generated training rows (constant columns included) and turns other rows into the reference’s features',
    rules: ['standardise-on-train', 'feature-layout', 'row-by-row-serving'],
    input: featurizerInput,
    count: 20,
    run: featurizerRun,
    what: 'featurizer and features',
  }),
]);
