import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import { mulberry32 } from '@/lib/seeded-random';
import { readZooCard, readZooModel } from '@/lib/zoo/read-zoo';
import addressesCsv from '../data/addresses.csv';
import expected from './expected.json';

interface Split {
  x: number[][];
  labels: number[];
}
interface ConformalReport {
  qhat: number;
  sets: number[][];
  coverage: number;
  averageSetSize: number;
}
interface User {
  nonconformityScores(probabilities: number[][], labels: number[]): number[];
  conformalQuantile(scores: number[], alpha: number): number;
  predictionSets(probabilities: number[][], qhat: number): number[][];
  conformalReport(model: tfjs.LayersModel, data: { calibration: Split; test: Split }, alpha: number): Promise<ConformalReport>;
}
interface QuantileInput {
  scores: number[];
  alpha: number;
}
interface SetsInput {
  probabilities: number[][];
  qhat: number;
}
interface Job {
  calibration: Split;
  test: Split;
  alpha: number;
}
/** What a quantile call gave: the threshold, or the kind of error it threw and whether its message names alpha. */
type QuantileOutcome = { qhat: number } | { thrown: string; namesAlpha: boolean };

// ---- Data: the addresses as the grader hands them over, and the zoo model's probabilities of each ----

const MODEL = 'region-mlp-m';
const artifacts = readZooModel(MODEL);
const zooCard = readZooCard(MODEL);
const { mean, std } = zooCard.inputs.normalisation!;
const labelsOfModel = zooCard.outputs.labels!;
const rows = parseCsv(addressesCsv);
type Part = Split & { probabilities: number[][] };
const partOf = (name: 'calibration' | 'test'): Part => {
  const part = rows.filter((r) => r.split === name);
  return {
    x: part.map((r) => [(Number(r.latitude) - mean[0]!) / std[0]!, (Number(r.longitude) - mean[1]!) / std[1]!]),
    labels: part.map((r) => labelsOfModel.indexOf(String(r.division))),
    probabilities: expected.probabilities[name],
  };
};
const calibration = partOf('calibration');
const test = partOf('test');
const slice = (part: Part, from: number, to: number): Part => ({ x: part.x.slice(from, to), labels: part.labels.slice(from, to), probabilities: part.probabilities.slice(from, to) });

// ---- The rules, on the host (the oracle the checks compare with) ----

const scoresOf = (probabilities: number[][], labels: number[]) => probabilities.map((row, i) => 1 - row[labels[i]!]!);

function quantileOf({ scores, alpha }: QuantileInput): QuantileOutcome {
  if (!(alpha > 0 && alpha < 1)) return { thrown: 'RangeError', namesAlpha: true };
  const level = (scores.length + 1) * (1 - alpha);
  const k = Math.abs(level - Math.round(level)) <= 1e-9 ? Math.round(level) : Math.ceil(level);
  if (k > scores.length) return { qhat: Infinity };
  return { qhat: [...scores].sort((a, b) => a - b)[k - 1]! };
}

const setsOf = ({ probabilities, qhat }: SetsInput) => probabilities.map((row) => row.flatMap((p, k) => (1 - p <= qhat ? [k] : [])));

function reportOf(parts: { calibration: Part; test: Part }, alpha: number): ConformalReport {
  const outcome = quantileOf({ scores: scoresOf(parts.calibration.probabilities, parts.calibration.labels), alpha });
  const qhat = 'qhat' in outcome ? outcome.qhat : NaN;
  const sets = setsOf({ probabilities: parts.test.probabilities, qhat });
  const coverage = sets.filter((s, i) => s.includes(parts.test.labels[i]!)).length / sets.length;
  return { qhat, sets, coverage, averageSetSize: sets.reduce((sum, s) => sum + s.length, 0) / sets.length };
}

// ---- Drivers (run in the sandbox; self-contained) ----

const scoresOfEach = (user: User, input: { batches: { probabilities: number[][]; labels: number[] }[] }) => input.batches.map((b) => user.nonconformityScores(b.probabilities, b.labels));

const quantileOfOne = (user: User, input: QuantileInput) => {
  try {
    return { qhat: user.conformalQuantile(input.scores, input.alpha) };
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown };
    return { thrown: String(e?.name), namesAlpha: /alpha/i.test(String(e?.message)) };
  }
};
const quantileOfEach = (user: User, input: { batches: QuantileInput[] }) =>
  input.batches.map((b) => {
    try {
      return { qhat: user.conformalQuantile(b.scores, b.alpha) };
    } catch (error) {
      const e = error as { name?: unknown; message?: unknown };
      return { thrown: String(e?.name), namesAlpha: /alpha/i.test(String(e?.message)) };
    }
  });

const setsOfOne = (user: User, input: SetsInput) => user.predictionSets(input.probabilities, input.qhat);
const setsOfEach = (user: User, input: { batches: SetsInput[] }) => input.batches.map((b) => user.predictionSets(b.probabilities, b.qhat));

/** Loads the zoo model from its artifacts and runs the submission's job for each (splits, alpha), one after another. */
const runJobs = async (user: User, input: { model: ModelArtifactsData; jobs: Job[] }, h: HarnessHelpers) => {
  const model = await h.loadModel(input.model);
  const reports = [];
  for (const job of input.jobs) reports.push(await user.conformalReport(model, { calibration: job.calibration, test: job.test }, job.alpha));
  return reports;
};

// ---- Checks (run on the host) ----

function checkQuantile(actual: unknown, want: QuantileOutcome, t: Checker, what: string, visibleWhat = what): void {
  const got = (actual ?? {}) as Partial<{ qhat: number; thrown: string; namesAlpha: boolean }>;
  if ('thrown' in want) {
    t.that(got.thrown === 'RangeError' && got.namesAlpha === true, `${what}: an alpha outside (0, 1) should throw a RangeError that names alpha`, { expected: 'RangeError naming alpha', actual: got.thrown === undefined ? `returned ${String(got.qhat)}` : `${got.thrown}` });
    return;
  }
  t.that(got.thrown === undefined, `${what}: a valid alpha should not throw`, { actual: String(got.thrown) });
  if (want.qhat === Infinity) t.that(got.qhat === Infinity, `${what}: with k > n the threshold should be Infinity`, { visibleProperty: `${visibleWhat}: with k > n the threshold should be Infinity`, expected: 'Infinity', actual: String(got.qhat) });
  else t.closeTo(got.qhat, want.qhat, { what, visibleWhat, tolerance: 1e-6 });
}

function checkQuantiles(actual: Plain, batches: QuantileInput[], t: Checker, what: string): void {
  const got = actual as unknown as unknown[];
  t.that(Array.isArray(got) && got.length === batches.length, 'conformalQuantile should be called once per batch');
  batches.forEach((b, i) => checkQuantile(got[i], quantileOf(b), t, what, `${what} (n = ${b.scores.length}, alpha = ${b.alpha})`));
}

function checkSets(actual: Plain, batches: SetsInput[], t: Checker, what: string): void {
  const got = actual as unknown as unknown[];
  t.that(Array.isArray(got) && got.length === batches.length, 'predictionSets should be called once per batch');
  batches.forEach((b, i) => t.equal(got[i], setsOf(b), { what, visibleWhat: `${what} (qhat = ${b.qhat})` }));
}

function checkReports(actual: Plain, jobs: { parts: { calibration: Part; test: Part }; alpha: number; where: string }[], t: Checker): void {
  const got = actual as unknown as Partial<ConformalReport>[];
  t.that(Array.isArray(got) && got.length === jobs.length, 'conformalReport should return a report for every call');
  jobs.forEach(({ parts, alpha, where }, i) => {
    const want = reportOf(parts, alpha);
    const report = got[i] ?? {};
    if (want.qhat === Infinity) t.that(report.qhat === Infinity, `threshold from the calibration split (${where}): with k > n it should be Infinity`, { expected: 'Infinity', actual: String(report.qhat) });
    else t.closeTo(report.qhat, want.qhat, { what: `threshold from the calibration split (${where})`, tolerance: 1e-6 });
    t.equal(report.sets, want.sets, { what: `prediction sets of the test rows (${where})` });
    t.closeTo(report.coverage, want.coverage, { what: `coverage of the test rows (${where})` });
    t.closeTo(report.averageSetSize, want.averageSetSize, { what: `average set size of the test rows, empty sets included (${where})` });
  });
}

const jobOf = (parts: { calibration: Part; test: Part }, alpha: number): Job => ({
  calibration: { x: parts.calibration.x, labels: parts.calibration.labels },
  test: { x: parts.test.x, labels: parts.test.labels },
  alpha,
});

// ---- Hand-written cases ----

const promptScores = { probabilities: [[0.75, 0.25], [0.5, 0.5], [0.125, 0.875]], labels: [0, 1, 0] };
const promptQuantiles: QuantileInput[] = [0.25, 0.5, 0.1].map((alpha) => ({ scores: [0.25, 0.5, 0.875, 0.125], alpha }));
const promptSets: SetsInput = { probabilities: [[0.75, 0.25, 0], [0.5, 0.5, 0], [0.25, 0.25, 0.5]], qhat: 0.5 };
const calibrationScores = scoresOf(calibration.probabilities, calibration.labels);
const realQuantiles: QuantileInput[] = [0.02, 0.1, 0.3].map((alpha) => ({ scores: calibrationScores, alpha }));

/** Distinct scores on a 1/1024 grid in a seeded order: k and k + 1 always give different thresholds. */
function gridScores(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const scores = Array.from({ length: n }, (_, i) => (i + 1) / 1024);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [scores[i], scores[j]] = [scores[j]!, scores[i]!];
  }
  return scores;
}
/** Products that floating point puts just above a whole number: 500 × 0.82, 25 × 0.56, 100 × 0.58. */
const floatProducts: QuantileInput[] = [
  { scores: gridScores(499, 1), alpha: 0.18 },
  { scores: gridScores(24, 2), alpha: 0.44 },
  { scores: gridScores(99, 3), alpha: 0.42 },
];
const tooFew: QuantileInput[] = [
  { scores: [], alpha: 0.5 },
  { scores: [0.25, 0.5, 0.875, 0.125], alpha: 0.1 },
  { scores: gridScores(18, 4), alpha: 0.05 },
  // k = n exactly: the largest score, not Infinity.
  { scores: gridScores(19, 5), alpha: 0.05 },
  { scores: gridScores(4, 6), alpha: 0.999 },
];
const tiedScores: QuantileInput[] = [
  { scores: [0.5, 0.25, 0.5, 0.5, 0.75, 0.25, 0.5], alpha: 0.5 },
  { scores: [0.5, 0.25, 0.5, 0.5, 0.75, 0.25, 0.5], alpha: 0.25 },
  { scores: [0.5, 0.25, 0.5, 0.5, 0.75, 0.25, 0.5], alpha: 0.7 },
];
/** Saturated probabilities give scores like 5.96e-8, which a string sort puts after 0.9. */
const tinyScores: QuantileInput[] = [
  { scores: [0.9, 5.960464477539063e-8, 0.25, 1.1920928955078125e-7, 2e-9, 0.5, 3e-8, 0.0625, 0.125], alpha: 0.5 },
  { scores: [0.9, 5.960464477539063e-8, 0.25, 1.1920928955078125e-7, 2e-9, 0.5, 3e-8, 0.0625, 0.125], alpha: 0.7 },
];
const badAlphas: QuantileInput[] = [0, 1, -0.1, 1.5, NaN].map((alpha) => ({ scores: [0.25, 0.5, 0.125], alpha }));
const setEdges: SetsInput[] = [
  // Scores exactly equal to qhat are in; a row can end up with no class at all.
  { probabilities: [[0.75, 0.125, 0.125], [0.5, 0.25, 0.25], [0.375, 0.375, 0.25], [0.25, 0.5, 0.25]], qhat: 0.625 },
  { probabilities: [[0.75, 0.125, 0.125], [0.5, 0.25, 0.25], [0.375, 0.375, 0.25], [0.25, 0.5, 0.25]], qhat: 0.25 },
  { probabilities: [[0.75, 0.125, 0.125], [0.5, 0.25, 0.25]], qhat: Infinity },
  { probabilities: [[1, 0, 0], [0.5, 0.25, 0.25]], qhat: 0 },
];

const hubJob = [{ parts: { calibration, test }, alpha: 0.02, where: 'the bench, alpha 0.02' }];
const otherJobs = [
  { parts: { calibration, test: slice(test, 0, 250) }, alpha: 0.1, where: 'alpha 0.1: some sets are empty' },
  { parts: { calibration: slice(test, 0, 250), test: slice(calibration, 0, 250) }, alpha: 0.05, where: 'splits swapped' },
  { parts: { calibration: slice(calibration, 0, 250), test: slice(test, 250, 500) }, alpha: 0.18, where: 'half of each split' },
];
const edgeJobs = [
  { parts: { calibration: slice(calibration, 0, 0), test: slice(test, 0, 40) }, alpha: 0.1, where: 'no calibration rows' },
  { parts: { calibration: slice(calibration, 0, 0), test: slice(test, 40, 50) }, alpha: 0.5, where: 'no calibration rows, alpha 0.5' },
  { parts: { calibration: slice(calibration, 0, 30), test: slice(test, 0, 60) }, alpha: 0.02, where: 'too few calibration rows for alpha 0.02' },
  { parts: { calibration, test: slice(test, 0, 1) }, alpha: 0.3, where: 'one test row' },
];

// ---- Generated cases ----

/** Scores on a 1/64 grid (ties common, exact in float32), any n from 0 to 80, alphas in thousandths plus the float-product traps and invalid values. */
const generatedQuantile: fc.Arbitrary<QuantileInput> = fc.record({
  scores: fc.array(fc.integer({ min: 0, max: 64 }).map((v) => v / 64), { minLength: 0, maxLength: 80 }),
  alpha: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 999 }).map((v) => v / 1000) },
    { weight: 2, arbitrary: fc.constantFrom(0.18, 0.44, 0.42, 0.41, 0.7, 0.05, 0.1) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, -0.25, 2, NaN) },
  ),
});

/** Probability rows on a 1/64 grid summing to 1, 2 to 9 classes, thresholds on the same grid, 0 or Infinity. */
const generatedSets: fc.Arbitrary<SetsInput> = fc.integer({ min: 2, max: 9 }).chain((classes) =>
  fc.record({
    probabilities: fc.array(
      fc.array(fc.integer({ min: 0, max: 16 }), { minLength: classes, maxLength: classes }).map((weights) => {
        const cuts = weights.map((w) => w + 1);
        const total = cuts.reduce((a, b) => a + b, 0);
        // Rescale to 64ths, putting the rounding remainder on the first class.
        const scaled = cuts.map((c) => Math.floor((c * 64) / total));
        scaled[0]! += 64 - scaled.reduce((a, b) => a + b, 0);
        return scaled.map((s) => s / 64);
      }),
      { minLength: 0, maxLength: 20 },
    ),
    qhat: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 64 }).map((v) => v / 64) }, { weight: 1, arbitrary: fc.constantFrom(0, Infinity) }),
  }),
);

export default defineTests<User>()([
  testCase({
    id: 'scores-of-the-prompt-example',
    name: 'scores each row by 1 − the probability of its label',
    visible: true,
    rules: ['score-definition'],
    input: { batches: [promptScores] },
    run: scoresOfEach,
    check: (actual, t) => t.closeTo(actual, [scoresOf(promptScores.probabilities, promptScores.labels)], { what: 'nonconformity scores of the prompt’s example' }),
  }),
  testCase({
    id: 'quantiles-of-the-prompt-example',
    name: 'takes the k-th smallest score with k = ceil((n + 1)(1 − alpha)), and Infinity when k > n',
    visible: true,
    rules: ['finite-sample-quantile', 'too-few-rows'],
    input: { batches: promptQuantiles },
    run: quantileOfEach,
    check: (actual, t) => checkQuantiles(actual, promptQuantiles, t, 'threshold of the prompt’s example'),
  }),
  testCase({
    id: 'sets-of-the-prompt-example',
    name: 'puts every class with 1 − p ≤ qhat in the set, a tie included',
    visible: true,
    rules: ['set-rule'],
    input: { batches: [promptSets] },
    run: setsOfEach,
    check: (actual, t) => checkSets(actual, [promptSets], t, 'prediction sets of the prompt’s example'),
  }),
  testCase({
    id: 'sets-for-the-bench',
    name: 'calibrates on the 500 calibration addresses at alpha 0.02 and reports the 500 test addresses',
    visible: true,
    rules: ['calibration-only', 'finite-sample-quantile', 'set-rule', 'no-leaks'],
    timeoutMs: 8000,
    input: { model: artifacts, jobs: hubJob.map((j) => jobOf(j.parts, j.alpha)) },
    run: runJobs,
    check: (actual, t) => checkReports(actual, hubJob, t),
  }),
  testCase({
    id: 'quantiles-of-real-scores',
    name: 'gives the threshold of the model’s calibration scores at alpha 0.02, 0.1 and 0.3',
    visible: false,
    rules: ['finite-sample-quantile', 'score-definition'],
    input: { batches: realQuantiles },
    run: quantileOfEach,
    check: (actual, t) => checkQuantiles(actual, realQuantiles, t, 'threshold of real calibration scores'),
  }),
  testCase({
    id: 'k-is-computed-exactly',
    name: 'treats (n + 1)(1 − alpha) that floating point puts just above a whole number as that whole number',
    visible: false,
    rules: ['exact-k', 'finite-sample-quantile'],
    input: { batches: floatProducts },
    run: quantileOfEach,
    check: (actual, t) => checkQuantiles(actual, floatProducts, t, 'threshold where (n + 1)(1 − alpha) is a whole number'),
  }),
  testCase({
    id: 'too-few-calibration-rows',
    name: 'returns Infinity when k > n, no rows included, and the largest score when k = n',
    visible: false,
    rules: ['too-few-rows', 'finite-sample-quantile'],
    input: { batches: tooFew },
    run: quantileOfEach,
    check: (actual, t) => checkQuantiles(actual, tooFew, t, 'threshold with few calibration rows'),
  }),
  testCase({
    id: 'tied-scores-each-count',
    name: 'counts every copy of a tied score when it takes the k-th smallest',
    visible: false,
    rules: ['finite-sample-quantile'],
    input: { batches: tiedScores },
    run: quantileOfEach,
    check: (actual, t) => checkQuantiles(actual, tiedScores, t, 'threshold with tied scores'),
  }),
  testCase({
    id: 'sorts-scores-as-numbers',
    name: 'sorts scores as numbers, so a score of 6e-8 comes before 0.9',
    visible: false,
    rules: ['finite-sample-quantile'],
    input: { batches: tinyScores },
    run: quantileOfEach,
    check: (actual, t) => checkQuantiles(actual, tinyScores, t, 'threshold with scores near 0'),
  }),
  testCase({
    id: 'rejects-alpha-outside-zero-one',
    name: 'throws a RangeError that names alpha for 0, 1, a negative alpha, one above 1 and NaN',
    visible: false,
    rules: ['alpha-range'],
    input: { batches: badAlphas },
    run: quantileOfEach,
    check: (actual, t) => checkQuantiles(actual, badAlphas, t, 'threshold for an invalid alpha'),
  }),
  testCase({
    id: 'set-edges',
    name: 'includes scores equal to qhat, keeps empty sets empty, and includes every class for Infinity',
    visible: false,
    rules: ['set-rule', 'too-few-rows'],
    input: { batches: setEdges },
    run: setsOfEach,
    check: (actual, t) => checkSets(actual, setEdges, t, 'prediction sets at the edges'),
  }),
  testCase({
    id: 'calibrates-on-the-calibration-split-only',
    name: 'calibrates on whichever split is the calibration split: alpha 0.1 with empty sets, splits swapped, half of each split',
    visible: false,
    rules: ['calibration-only', 'set-rule', 'finite-sample-quantile', 'no-leaks'],
    timeoutMs: 10_000,
    input: { model: artifacts, jobs: otherJobs.map((j) => jobOf(j.parts, j.alpha)) },
    run: runJobs,
    check: (actual, t) => checkReports(actual, otherJobs, t),
  }),
  testCase({
    id: 'job-edges',
    name: 'with no calibration rows or too few for alpha every set holds every class; one test row works',
    visible: false,
    rules: ['too-few-rows', 'calibration-only', 'no-leaks'],
    timeoutMs: 8000,
    input: { model: artifacts, jobs: edgeJobs.map((j) => jobOf(j.parts, j.alpha)) },
    run: runJobs,
    check: (actual, t) => checkReports(actual, edgeJobs, t),
  }),
  generatedCases({
    id: 'quantiles-of-generated-scores',
    name: 'gives the reference’s threshold on generated scores (0 to 80 rows, ties, alphas across (0, 1), products on whole numbers, invalid alphas)',
    rules: ['finite-sample-quantile', 'exact-k', 'too-few-rows', 'alpha-range'],
    input: generatedQuantile,
    examples: [
      { scores: [], alpha: 0.999 },
      { scores: [0.5], alpha: 0.5 },
      { scores: gridScores(9, 7), alpha: 0.7 },
    ],
    count: 40,
    run: quantileOfOne,
    what: 'threshold',
    compare: (actual, want, t) => checkQuantile(actual, want as unknown as QuantileOutcome, t, 'threshold'),
  }),
  generatedCases({
    id: 'sets-of-generated-rows',
    name: 'gives the reference’s prediction sets on generated probabilities (2 to 9 classes, thresholds on ties, 0 and Infinity, no rows)',
    rules: ['set-rule'],
    input: generatedSets,
    examples: [{ probabilities: [], qhat: 0.5 }],
    count: 24,
    run: setsOfOne,
    what: 'prediction sets',
  }),
]);
