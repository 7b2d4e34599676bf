import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import embeddingsJson from '../data/embeddings.json';
import expected from './expected.json';

interface Split {
  embeddings: number[][];
  labels: number[];
}
interface Data {
  train: Split;
  validation: Split;
  test: Split;
}
interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}
interface Probe {
  model: tfjs.LayersModel;
  mean: number[];
  std: number[];
}
interface Score {
  candidate: string;
  accuracy: number;
}
interface Report {
  validation: Score[];
  chosen: string;
  testAccuracy: number;
  probe: Probe;
}
interface User {
  knnClassify(reference: Split, queries: number[][], k: number, classes: number): number[];
  trainProbe(train: Split, options: ProbeOptions): Promise<Probe>;
  pickCandidate(scores: Score[]): string;
  selectAndReport(data: Data, options: { ks: number[]; probe: ProbeOptions }): Promise<Report>;
}

// ---- Data ----

const real: Data = { train: embeddingsJson.train, validation: embeddingsJson.validation, test: embeddingsJson.test };
const JOB = expected.job;

// ---- Oracles (host, float64) ----

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: number[], b: number[]) => {
  const na = norm(a);
  const nb = norm(b);
  return na === 0 || nb === 0 ? 0 : a.reduce((s, x, i) => s + x * b[i]!, 0) / (na * nb);
};

function knnOracle(reference: Split, queries: number[][], k: number, classes: number): number[] {
  return queries.map((q) => {
    const order = reference.embeddings
      .map((r, i) => [cosine(q, r), i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, Math.min(k, reference.labels.length));
    const votes = new Array<number>(classes).fill(0);
    for (const [, i] of order) votes[reference.labels[i]!]! += 1;
    const most = Math.max(...votes);
    return reference.labels[order.find(([, i]) => votes[reference.labels[i]!] === most)![1]]!;
  });
}

function statsOracle(rows: number[][]): { mean: number[]; std: number[] } {
  const dims = rows[0]!.length;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}

const kOf = (candidate: string) => (candidate === 'probe' ? 0 : Number(candidate.slice(4)));
const pickOracle = (scores: Score[]) => [...scores].sort((a, b) => b.accuracy - a.accuracy || kOf(a.candidate) - kOf(b.candidate))[0]!.candidate;

// ---- Drivers (run in the sandbox; self-contained) ----

const knnDriver = (user: User, input: { reference: Split; queries: number[][]; k: number; classes: number }) =>
  user.knnClassify(input.reference, input.queries, input.k, input.classes);

const pickDriver = (user: User, input: { scores: Score[] }) => user.pickCandidate(input.scores);

/**
 * Trains the submission's probe and measures it with the harness's own copy of the model: the
 * statistics it reports, and the probabilities it gives `probe` rows standardised with them.
 */
const probeDriver = async (user: User, input: { train: Split; options: ProbeOptions; probe: number[][] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const returned = await user.trainProbe(input.train, input.options);
  const model = await h.model(returned.model);
  const mean = Array.from(returned.mean);
  const std = Array.from(returned.std);
  const x = h.tensor(input.probe.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)));
  const probabilities = tf.tidy(() => (model.predict(x) as tfjs.Tensor).arraySync() as number[][]);
  const kernel = model.layers.map((l) => l.getWeights().map((w) => w.shape));
  return { mean, std, probabilities, layers: kernel };
};

/** Runs the whole job and measures the returned probe like probeDriver, on the validation and test splits. */
const selectDriver = async (user: User, input: { data: Data; options: { ks: number[]; probe: ProbeOptions } }, h: HarnessHelpers) => {
  const tf = h.tf;
  const report = await user.selectAndReport(input.data, input.options);
  const model = await h.model(report.probe.model);
  const mean = Array.from(report.probe.mean);
  const std = Array.from(report.probe.std);
  const probabilitiesOf = (rows: number[][]) => {
    const x = h.tensor(rows.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)));
    return tf.tidy(() => (model.predict(x) as tfjs.Tensor).arraySync() as number[][]);
  };
  return {
    validation: report.validation.map((s) => ({ candidate: s.candidate, accuracy: s.accuracy })),
    chosen: report.chosen,
    testAccuracy: report.testAccuracy,
    mean,
    std,
    validationProbabilities: probabilitiesOf(input.data.validation.embeddings),
    testProbabilities: probabilitiesOf(input.data.test.embeddings),
  };
};

// ---- Checks (host) ----

function checkKnn(actual: Plain, input: { reference: Split; queries: number[][]; k: number; classes: number }, t: Checker, label: string): void {
  t.equal(actual, knnOracle(input.reference, input.queries, input.k, input.classes), { what: `k-NN predictions (${label})`, visibleWhat: `k-NN predictions (${label}, k = ${input.k})` });
}

function checkStats(actual: { mean: number[]; std: number[] }, train: Split, t: Checker, label: string): void {
  const want = statsOracle(train.embeddings);
  t.closeTo(actual.mean, want.mean, { what: `probe standardisation: the mean of each dimension (${label})`, tolerance: 1e-9 });
  t.closeTo(actual.std, want.std, { what: `probe standardisation: the standard deviation of each dimension (${label})`, tolerance: 1e-9 });
}

type SelectOutput = { validation: Score[]; chosen: string; testAccuracy: number; mean: number[]; std: number[]; validationProbabilities: number[][]; testProbabilities: number[][] };

const argMax = (row: number[]) => row.indexOf(Math.max(...row));
const accuracyOf = (predicted: number[], labels: number[]) => predicted.filter((p, i) => p === labels[i]).length / labels.length;

/**
 * What the job must report, from the oracles and the grader's own measurement of the returned
 * probe: k-NN scored with the training rows as reference, the probe's accuracies read from its
 * probabilities, the pick by the rule, and only the chosen candidate scored on test.
 */
function wantedSelection(got: SelectOutput, data: Data, options: { ks: number[]; probe: ProbeOptions }) {
  const { classes } = options.probe;
  const probeValidation = accuracyOf(got.validationProbabilities.map(argMax), data.validation.labels);
  const validation = [
    ...options.ks.map((k) => ({ candidate: `knn-${k}`, accuracy: accuracyOf(knnOracle(data.train, data.validation.embeddings, k, classes), data.validation.labels) })),
    { candidate: 'probe', accuracy: probeValidation },
  ];
  const chosen = pickOracle(validation);
  const testAccuracy =
    chosen === 'probe' ? accuracyOf(got.testProbabilities.map(argMax), data.test.labels) : accuracyOf(knnOracle(data.train, data.test.embeddings, kOf(chosen), classes), data.test.labels);
  return { validation, chosen, testAccuracy };
}

function checkSelection(actual: Plain, data: Data, options: { ks: number[]; probe: ProbeOptions }, t: Checker, label: string): void {
  const got = actual as unknown as SelectOutput;
  const want = wantedSelection(got, data, options);
  checkStats(got, data.train, t, label);
  t.equal(got.validation.map((s) => s.candidate), want.validation.map((s) => s.candidate), { what: `candidates scored on validation, in order (${label})` });
  t.closeTo(got.validation.map((s) => s.accuracy), want.validation.map((s) => s.accuracy), { what: `validation accuracy of each candidate (${label})`, tolerance: 1e-9 });
  t.equal(got.chosen, want.chosen, { what: `candidate chosen (${label})` });
  t.closeTo(got.testAccuracy, want.testAccuracy, { what: `test accuracy reported for the chosen candidate (${label})`, tolerance: 1e-9 });
}

// ---- Hand-made cases ----

const twoD: Split = {
  embeddings: [[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [1, 1], [-1, 0]],
  labels: [0, 0, 1, 1, 2, 2],
};
const promptKnn = { reference: twoD, queries: [[2, 0.4], [0.2, 3], [1, 0.9], [-2, -0.1]], k: 3, classes: 3 };
const voteTie = { reference: { embeddings: [[1, 0], [0.8, 0.6], [0.6, 0.8], [0, 1]], labels: [1, 0, 1, 0] }, queries: [[1, 0.2], [0.1, 1]], k: 4, classes: 2 };
const zeroVectors = {
  reference: { embeddings: [[0, 0, 0], [1, 2, 0], [0, 0, 3], [2, 0, 1], [0, 0, 0]], labels: [2, 0, 1, 1, 2] },
  queries: [[0, 0, 0], [1, 1, 0], [0, 0, 1]],
  k: 9,
  classes: 3,
};
const similarityTies = {
  reference: { embeddings: [[1, 1], [0, 1], [2, 2], [1, 0], [4, 4], [0, 2]], labels: [0, 1, 2, 1, 1, 0] },
  queries: [[3, 3], [0, 5], [1, 0.5]],
  k: 2,
  classes: 3,
};

const promptScores: Score[] = [
  { candidate: 'knn-1', accuracy: 0.55 },
  { candidate: 'knn-7', accuracy: 0.675 },
  { candidate: 'probe', accuracy: 0.675 },
];
const kTie: Score[] = [
  { candidate: 'knn-9', accuracy: 0.8 },
  { candidate: 'probe', accuracy: 0.7 },
  { candidate: 'knn-3', accuracy: 0.8 },
  { candidate: 'knn-11', accuracy: 0.8 },
];

/** Two constant dimensions (std 0), one of them non-zero; three classes. */
const constantDims: Split = {
  embeddings: [
    [0, 3, 1.5, 0.2], [0, 3, 1.1, 0.4], [0, 3, -0.5, 1.9], [0, 3, -0.9, 2.3], [0, 3, 0.1, -1.8], [0, 3, 0.3, -2.2], [0, 3, 1.4, 0.1], [0, 3, -0.7, 2.0],
  ],
  labels: [0, 0, 1, 1, 2, 2, 0, 1],
};

/**
 * A small job where validation and test disagree: 1-NN is best on validation (3 of 3) and 3-NN on
 * test (4 of 4, 1-NN 2 of 4), so choosing on test, or reporting the best test accuracy, shows.
 * Rows are points on the unit circle's first quadrant at several lengths (angle decides cosine).
 */
const disagreeing: Data = {
  train: {
    embeddings: [[1, 0], [1.9696, 0.3473], [1.4095, 0.513], [0.866, 0.5], [1.25, 2.1651], [0.342, 0.9397], [0.3473, 1.9696], [2.2981, 1.9284]],
    labels: [0, 0, 1, 0, 1, 1, 1, 0],
  },
  validation: { embeddings: [[1.891, 0.6511], [0.3882, 1.4489], [2.4905, 0.2179]], labels: [1, 1, 0] },
  test: { embeddings: [[0.9336, 0.3584], [2.318, 0.9365], [0.5071, 1.0876], [2.9982, 0.1047]], labels: [0, 0, 1, 0] },
};
const disagreeingOptions = { ks: [1, 3], probe: { classes: 2, epochs: 8, learningRate: 0.1, seed: 3 } };

// ---- Generators ----

/** Small integer vectors (zero rows included), with exact ties: copies of a row scaled by 2. Near ties are filtered out. */
const generatedKnn = fc
  .record({ classes: fc.integer({ min: 2, max: 4 }), dims: fc.integer({ min: 2, max: 5 }), rows: fc.integer({ min: 1, max: 10 }), queries: fc.integer({ min: 1, max: 5 }) })
  .chain(({ classes, dims, rows, queries }) => {
    const vector = fc.oneof({ weight: 8, arbitrary: fc.array(fc.integer({ min: -3, max: 4 }), { minLength: dims, maxLength: dims }) }, { weight: 1, arbitrary: fc.constant(new Array<number>(dims).fill(0)) });
    return fc.record({
      base: fc.array(vector, { minLength: rows, maxLength: rows }),
      doubled: fc.array(fc.nat(rows - 1), { maxLength: 3 }),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows + 3, maxLength: rows + 3 }),
      queries: fc.array(vector, { minLength: queries, maxLength: queries }),
      k: fc.integer({ min: 1, max: rows + 4 }),
      classes: fc.constant(classes),
    });
  })
  .map(({ base, doubled, labels, queries, k, classes }) => {
    const embeddings = [...base, ...doubled.map((i) => base[i]!.map((v) => v * 2))];
    return { reference: { embeddings, labels: labels.slice(0, embeddings.length) }, queries, k, classes };
  })
  .filter(({ reference, queries }) =>
    queries.every((q) => {
      const sims = reference.embeddings.map((r) => cosine(q, r));
      return sims.every((a) => sims.every((b) => a === b || Math.abs(a - b) > 1e-6));
    }),
  );

const generatedScores = fc
  .record({
    ks: fc.uniqueArray(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 5 }),
    accuracies: fc.array(fc.constantFrom(0.5, 0.625, 0.75, 0.875, 1), { minLength: 6, maxLength: 6 }),
    probeAt: fc.nat(5),
  })
  .map(({ ks, accuracies, probeAt }) => {
    const scores: Score[] = ks.map((k, i) => ({ candidate: `knn-${k}`, accuracy: accuracies[i]! }));
    scores.splice(Math.min(probeAt, scores.length), 0, { candidate: 'probe', accuracy: accuracies[5]! });
    return { scores };
  });

/** Gaussian-ish clusters, one per class, on a 1/8 grid; some dimensions constant (std 0). */
function clusterSplit(random: fc.Arbitrary<number[]>, classes: number, dims: number, rows: number, constant: number[]): fc.Arbitrary<Split> {
  return fc.array(fc.tuple(fc.integer({ min: 0, max: classes - 1 }), random), { minLength: rows, maxLength: rows }).map((pairs) => ({
    labels: pairs.map(([label]) => label),
    embeddings: pairs.map(([label, noise]) =>
      noise.map((n, j) => (constant.includes(j) ? j % 2 : Math.round(8 * ((j % classes === label ? 2 : 0) + n)) / 8)),
    ),
  }));
}

const generatedProbe = fc
  .record({ classes: fc.integer({ min: 2, max: 4 }), dims: fc.integer({ min: 3, max: 6 }), rows: fc.integer({ min: 6, max: 16 }), constant: fc.uniqueArray(fc.nat(5), { maxLength: 2 }) })
  .chain(({ classes, dims, rows, constant }) => {
    const noise = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: dims, maxLength: dims });
    const fixed = constant.filter((j) => j < dims && j >= classes);
    return fc.record({
      train: clusterSplit(noise, classes, dims, rows, fixed),
      probe: clusterSplit(noise, classes, dims, 5, []).map((s) => s.embeddings),
      options: fc.record({ classes: fc.constant(classes), epochs: fc.integer({ min: 2, max: 5 }), learningRate: fc.constantFrom(0.01, 0.05, 0.1), seed: fc.integer({ min: 1, max: 999 }) }),
    });
  });

/** A small job: clustered splits of 2 or 3 classes, a few values of k, a briefly trained probe. */
const generatedJob = fc
  .record({ classes: fc.integer({ min: 2, max: 3 }), dims: fc.integer({ min: 3, max: 5 }), rows: fc.integer({ min: 6, max: 12 }), held: fc.integer({ min: 3, max: 6 }) })
  .chain(({ classes, dims, rows, held }) => {
    const noise = fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: dims, maxLength: dims });
    return fc.record({
      data: fc.record({ train: clusterSplit(noise, classes, dims, rows, []), validation: clusterSplit(noise, classes, dims, held, []), test: clusterSplit(noise, classes, dims, held, []) }),
      options: fc.record({
        ks: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
        probe: fc.record({ classes: fc.constant(classes), epochs: fc.integer({ min: 2, max: 4 }), learningRate: fc.constantFrom(0.05, 0.1), seed: fc.integer({ min: 1, max: 999 }) }),
      }),
    });
  });

/** Probabilities within 1e-4 (float32 training), the statistics within 1e-9, the layer shapes exactly. */
const compareProbe = (actual: Plain, want: Plain, t: Checker) => {
  const got = actual as unknown as { mean: number[]; std: number[]; probabilities: number[][]; layers: number[][][] };
  const ref = want as unknown as typeof got;
  t.closeTo(got.mean, ref.mean, { what: 'probe standardisation: the mean of each dimension', tolerance: 1e-9 });
  t.closeTo(got.std, ref.std, { what: 'probe standardisation: the standard deviation of each dimension', tolerance: 1e-9 });
  t.equal(got.layers, ref.layers, { what: 'the probe’s layers and weight shapes' });
  t.closeTo(got.probabilities, ref.probabilities, { what: 'probabilities of the trained probe', tolerance: 1e-4 });
};

export default defineTests<User>()([
  testCase({
    id: 'knn-prompt-example',
    name: 'classifies the prompt’s example by the 3 nearest neighbours in cosine similarity',
    visible: true,
    rules: ['cosine-similarity', 'majority-vote'],
    input: promptKnn,
    run: knnDriver,
    check: (actual, t) => checkKnn(actual, promptKnn, t, 'the prompt’s example'),
  }),
  testCase({
    id: 'knn-vote-tie',
    name: 'gives a tied vote to the tied class whose neighbour comes first',
    visible: true,
    rules: ['majority-vote'],
    input: voteTie,
    run: knnDriver,
    check: (actual, t) => checkKnn(actual, voteTie, t, 'a 2-2 vote'),
  }),
  testCase({
    id: 'pick-prompt-example',
    name: 'picks the probe when it ties the best k-NN on validation',
    visible: true,
    rules: ['pick-rule'],
    input: { scores: promptScores },
    run: pickDriver,
    check: (actual, t) => t.equal(actual, 'probe', { what: 'candidate picked' }),
  }),
  testCase({
    id: 'weekly-job',
    name: 'runs the job on the MobileNetV2 swatch embeddings: scores every candidate on validation, picks one, scores it on test',
    visible: true,
    rules: ['validation-only', 'pick-rule', 'probe-recipe', 'standardise-on-train'],
    timeoutMs: 15_000,
    input: { data: real, options: JOB },
    run: selectDriver,
    check: (actual, t) => {
      const got = actual as unknown as SelectOutput;
      t.closeTo(got.validationProbabilities, expected.validationProbabilities, { what: 'validation probabilities of the returned probe, measured by the grader (the recipe in the prompt)', tolerance: 1e-3 });
      checkSelection(actual, real, JOB, t, 'the swatch photos');
      t.equal(got.chosen, expected.chosen, { what: 'candidate chosen for the swatch photos' });
      t.closeTo(got.testAccuracy, expected.testAccuracy, { what: 'test accuracy reported for the swatch photos', tolerance: 1e-9 });
    },
  }),
  testCase({
    id: 'knn-zero-vectors',
    name: 'treats a zero vector as similar to nothing and uses every reference row when k exceeds them',
    visible: false,
    rules: ['cosine-similarity', 'neighbour-order'],
    input: zeroVectors,
    run: knnDriver,
    check: (actual, t) => checkKnn(actual, zeroVectors, t, 'zero vectors, k above the reference size'),
  }),
  testCase({
    id: 'knn-similarity-ties',
    name: 'breaks equal similarities by the lower reference row',
    visible: false,
    rules: ['neighbour-order', 'cosine-similarity'],
    input: similarityTies,
    run: knnDriver,
    check: (actual, t) => checkKnn(actual, similarityTies, t, 'equal similarities'),
  }),
  testCase({
    id: 'knn-real-embeddings',
    name: 'classifies the test photos like the reference for k = 2 and k = 9 on the real embeddings',
    visible: false,
    rules: ['cosine-similarity', 'neighbour-order', 'majority-vote'],
    input: { reference: real.train, queries: real.test.embeddings, ks: [2, 9], classes: 5 },
    run: (user: User, input: { reference: Split; queries: number[][]; ks: number[]; classes: number }) => input.ks.map((k) => user.knnClassify(input.reference, input.queries, k, input.classes)),
    check: (actual, t) => {
      t.equal(actual, [2, 9].map((k) => knnOracle(real.train, real.test.embeddings, k, 5)), { what: 'k-NN predictions on the real embeddings' });
    },
  }),
  testCase({
    id: 'pick-ties',
    name: 'among equally accurate k-NN candidates picks the smallest k, wherever the probe is listed',
    visible: false,
    rules: ['pick-rule'],
    input: { scores: kTie },
    run: pickDriver,
    check: (actual, t) => t.equal(actual, pickOracle(kTie), { what: 'candidate picked' }),
  }),
  testCase({
    id: 'probe-constant-dimensions',
    name: 'standardises with the training statistics, a constant dimension with std 1, and trains a dense softmax probe',
    visible: false,
    rules: ['standardise-on-train', 'probe-recipe', 'no-leaks'],
    input: { train: constantDims, options: { classes: 3, epochs: 5, learningRate: 0.1, seed: 11 }, probe: constantDims.embeddings },
    run: probeDriver,
    check: (actual, t) => {
      const got = actual as unknown as { mean: number[]; std: number[]; probabilities: number[][]; layers: number[][][] };
      checkStats(got, constantDims, t, 'constant dimensions');
      t.equal(got.layers, [[[4, 3], [3]]], { what: 'the probe’s layers and weight shapes: one dense layer, kernel and bias' });
      t.that(got.probabilities.every((row) => row.every(Number.isFinite) && Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5), 'the probe outputs finite softmax probabilities');
    },
  }),
  testCase({
    id: 'chooses-on-validation',
    name: 'chooses on validation (training rows as the reference) and reports the chosen candidate’s test accuracy, not the best one',
    visible: false,
    rules: ['validation-only', 'pick-rule', 'no-leaks'],
    timeoutMs: 8_000,
    input: { data: disagreeing, options: disagreeingOptions },
    run: selectDriver,
    check: (actual, t) => checkSelection(actual, disagreeing, disagreeingOptions, t, 'a small job'),
  }),
  generatedCases({
    id: 'knn-on-generated-sets',
    name: 'predicts like the reference on generated sets (zero vectors, exact ties, k from 1 to past the reference size)',
    rules: ['cosine-similarity', 'neighbour-order', 'majority-vote'],
    input: generatedKnn,
    examples: [{ reference: { embeddings: [[1, 0]], labels: [1] }, queries: [[0, 0], [3, 1]], k: 3, classes: 2 }],
    count: 24,
    run: knnDriver,
    what: 'k-NN predictions',
  }),
  generatedCases({
    id: 'pick-on-generated-scores',
    name: 'picks like the reference on generated validation scores with ties',
    rules: ['pick-rule'],
    input: generatedScores,
    count: 24,
    run: pickDriver,
    what: 'candidate picked',
  }),
  generatedCases({
    id: 'probe-on-generated-sets',
    name: 'trains the same probe as the reference on generated sets (2 to 4 classes, constant dimensions, any epochs, learning rate and seed)',
    rules: ['standardise-on-train', 'probe-recipe', 'no-leaks'],
    input: generatedProbe,
    count: 4,
    run: probeDriver,
    what: 'trained probe',
    compare: compareProbe,
  }),
  generatedCases({
    id: 'job-on-generated-sets',
    name: 'scores, picks and reports like the rule says on generated jobs (any ks, class count and split sizes)',
    rules: ['validation-only', 'pick-rule', 'standardise-on-train'],
    input: generatedJob,
    count: 4,
    run: selectDriver,
    what: 'the job’s report',
    compare: (actual, _expected, t, input) => checkSelection(actual, input.data, input.options, t, 'a generated job'),
  }),
]);
