import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import productionJson from '../data/production.json';
import expected from './expected.json';

interface Split {
  embeddings: number[][];
  labels: number[];
}
interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}
interface EmOptions {
  maxIterations: number;
  tolerance: number;
  floor: number;
}
interface PriorEstimate {
  priors: number[];
  iterations: number;
  converged: boolean;
}
interface AuditScore {
  accuracy: number;
  precision: (number | null)[];
}
interface Production {
  train: Split;
  production: number[][];
  audit: { rows: number[]; labels: number[] };
}
interface Probe {
  model: tfjs.LayersModel;
  mean: number[];
  std: number[];
}
interface CorrectionReport {
  trainingPriors: number[];
  estimate: PriorEstimate;
  before: AuditScore;
  after: AuditScore;
  probe: Probe;
}
interface User {
  trainProbe(train: Split, options: ProbeOptions): Promise<Probe>;
  adjustPosteriors(posteriors: number[][], oldPriors: number[], newPriors: number[]): number[][];
  estimatePriors(posteriors: number[][], oldPriors: number[], options: EmOptions): PriorEstimate;
  correctProduction(data: Production, options: { probe: ProbeOptions; em: EmOptions }): Promise<CorrectionReport>;
}
type JobOptions = { probe: ProbeOptions; em: EmOptions };

// ---- Data ----

const week: Production = { train: productionJson.train, production: productionJson.production.embeddings, audit: productionJson.audit };
const wholeWeek: Production = { ...week, audit: { rows: week.production.map((_, i) => i), labels: expected.productionLabels } };
const JOB: JobOptions = expected.job;

// ---- Oracles (host, float64) ----

function adjustOracle(posteriors: number[][], oldPriors: number[], newPriors: number[]): number[][] {
  return posteriors.map((row) => {
    const weighted = row.map((p, k) => (p * newPriors[k]!) / oldPriors[k]!);
    const total = weighted.reduce((a, b) => a + b, 0);
    return weighted.map((w) => w / total);
  });
}

/** Every EM iterate with its largest change, up to the stopping iteration. */
function emTrace(posteriors: number[][], oldPriors: number[], options: EmOptions): { priors: number[]; change: number }[] {
  const trace: { priors: number[]; change: number }[] = [];
  let q = oldPriors;
  for (let i = 1; i <= options.maxIterations; i += 1) {
    const adjusted = adjustOracle(posteriors, oldPriors, q);
    const next = q.map((_, k) => adjusted.reduce((s, r) => s + r[k]!, 0) / adjusted.length);
    const change = Math.max(...next.map((p, k) => Math.abs(p - q[k]!)));
    trace.push({ priors: next, change });
    q = next;
    if (change < options.tolerance) break;
  }
  return trace;
}

function emOracle(posteriors: number[][], oldPriors: number[], options: EmOptions): PriorEstimate {
  const trace = emTrace(posteriors, oldPriors, options);
  const last = trace[trace.length - 1]!;
  const raised = last.priors.map((p) => Math.max(p, options.floor));
  const total = raised.reduce((a, b) => a + b, 0);
  return { priors: raised.map((p) => p / total), iterations: trace.length, converged: last.change < options.tolerance };
}

function statsOracle(rows: number[][]): { mean: number[]; std: number[] } {
  const dims = rows[0]!.length;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}

const priorsOf = (labels: number[], classes: number) => Array.from({ length: classes }, (_, k) => labels.filter((y) => y === k).length / labels.length);
const argMax = (row: number[]) => row.indexOf(Math.max(...row));

function scoreOracle(posteriors: number[][], labels: number[], classes: number): AuditScore {
  const predicted = posteriors.map(argMax);
  return {
    accuracy: predicted.filter((p, i) => p === labels[i]).length / labels.length,
    precision: Array.from({ length: classes }, (_, k) => {
      const rows = predicted.flatMap((p, i) => (p === k ? [labels[i]!] : []));
      return rows.length === 0 ? null : rows.filter((y) => y === k).length / rows.length;
    }),
  };
}

// ---- Drivers (run in the sandbox; self-contained) ----

const adjustDriver = (user: User, input: { posteriors: number[][]; oldPriors: number[]; newPriors: number[] }) =>
  user.adjustPosteriors(input.posteriors, input.oldPriors, input.newPriors);

const emDriver = (user: User, input: { posteriors: number[][]; oldPriors: number[]; options: EmOptions }) => {
  const estimate = user.estimatePriors(input.posteriors, input.oldPriors, input.options);
  return { priors: estimate.priors, iterations: estimate.iterations, converged: estimate.converged };
};

/** Trains the submission's probe and measures it with the harness's own copy: statistics, layer shapes, probabilities of `probe` rows. */
const probeDriver = async (user: User, input: { train: Split; options: ProbeOptions; probe: number[][] }, h: HarnessHelpers) => {
  const tf = h.tf;
  const returned = await user.trainProbe(input.train, input.options);
  const model = await h.model(returned.model);
  const mean = Array.from(returned.mean);
  const std = Array.from(returned.std);
  const x = h.tensor(input.probe.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)));
  const probabilities = tf.tidy(() => (model.predict(x) as tfjs.Tensor).arraySync() as number[][]);
  return { mean, std, probabilities, layers: model.layers.map((l) => l.getWeights().map((w) => w.shape)) };
};

/** Runs the week's correction and measures the returned probe on every production row with the harness's own copy. */
const jobDriver = async (user: User, input: { data: Production; options: JobOptions }, h: HarnessHelpers) => {
  const tf = h.tf;
  const report = await user.correctProduction(input.data, input.options);
  const model = await h.model(report.probe.model);
  const mean = Array.from(report.probe.mean);
  const std = Array.from(report.probe.std);
  const x = h.tensor(input.data.production.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)));
  return {
    trainingPriors: report.trainingPriors,
    estimate: { priors: report.estimate.priors, iterations: report.estimate.iterations, converged: report.estimate.converged },
    before: { accuracy: report.before.accuracy, precision: report.before.precision },
    after: { accuracy: report.after.accuracy, precision: report.after.precision },
    mean,
    std,
    posteriors: tf.tidy(() => (model.predict(x) as tfjs.Tensor).arraySync() as number[][]),
  };
};

/** Whether estimatePriors of no rows throws an Error with a message. */
const refusalDriver = (user: User, input: { oldPriors: number[]; options: EmOptions }) => {
  try {
    user.estimatePriors([], input.oldPriors, input.options);
    return false;
  } catch (error) {
    return error instanceof Error && error.message.length > 0;
  }
};

// ---- Checks (host) ----

type JobOutput = { trainingPriors: number[]; estimate: PriorEstimate; before: AuditScore; after: AuditScore; mean: number[]; std: number[]; posteriors: number[][] };

/** What the week's report must say, from the oracles and the grader's own measurement of the returned probe. */
function wantedReport(got: JobOutput, data: Production, options: JobOptions) {
  const { classes } = options.probe;
  const trainingPriors = priorsOf(data.train.labels, classes);
  const estimate = emOracle(got.posteriors, trainingPriors, options.em);
  const corrected = adjustOracle(got.posteriors, trainingPriors, estimate.priors);
  const audited = (rows: number[][]) => data.audit.rows.map((i) => rows[i]!);
  return { trainingPriors, estimate, before: scoreOracle(audited(got.posteriors), data.audit.labels, classes), after: scoreOracle(audited(corrected), data.audit.labels, classes) };
}

function checkReport(actual: Plain, data: Production, options: JobOptions, t: Checker, label: string): void {
  const got = actual as unknown as JobOutput;
  const want = wantedReport(got, data, options);
  const stats = statsOracle(data.train.embeddings);
  t.closeTo(got.mean, stats.mean, { what: `probe standardisation: the mean of each dimension (${label})`, tolerance: 1e-9 });
  t.closeTo(got.std, stats.std, { what: `probe standardisation: the standard deviation of each dimension (${label})`, tolerance: 1e-9 });
  t.closeTo(got.trainingPriors, want.trainingPriors, { what: `training priors: the label frequencies of the training split (${label})`, tolerance: 1e-12 });
  t.closeTo(got.estimate.priors, want.estimate.priors, { what: `estimated production priors, from the probe's posteriors on every production row (${label})`, tolerance: 1e-5 });
  t.equal({ iterations: got.estimate.iterations, converged: got.estimate.converged }, { iterations: want.estimate.iterations, converged: want.estimate.converged }, { what: `EM iterations and convergence (${label})` });
  t.closeTo(got.before, want.before, { what: `audit scores before the correction: accuracy and precision per class (${label})`, tolerance: 1e-9, exactKeys: true });
  t.closeTo(got.after, want.after, { what: `audit scores after the correction: accuracy and precision per class (${label})`, tolerance: 1e-9, exactKeys: true });
}

/** The line's gain: audited accuracy up by 3 points, every estimated prior within 0.05 of the true mix. */
function checkGain(actual: Plain, t: Checker, label: string): void {
  const got = actual as unknown as JobOutput;
  t.atLeast(got.after.accuracy - got.before.accuracy, 0.03, { what: `gain in audited accuracy from the correction (${label})` });
  t.closeTo(got.estimate.priors, expected.productionMix, { what: `estimated priors against the line's true pattern mix (${label})`, tolerance: 0.05 });
}

// ---- Hand-written inputs ----

const promptAdjust = { posteriors: [[0.5, 0.5], [0.8, 0.2]], oldPriors: [0.5, 0.5], newPriors: [0.9, 0.1] };
const promptOneStep = { posteriors: [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7]], oldPriors: [0.5, 0.5], options: { maxIterations: 1, tolerance: 1e-6, floor: 0 } };
const promptFloor = { posteriors: [[0.9, 0.1], [0.8, 0.2], [0.6, 0.4]], oldPriors: [0.5, 0.5], options: { maxIterations: 500, tolerance: 1e-6, floor: 0.05 } };
/** Old priors far from uniform: the ratio, not the new priors alone. */
const skewedAdjust = { posteriors: [[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.1, 0.8, 0.1]], oldPriors: [0.7, 0.2, 0.1], newPriors: [0.2, 0.3, 0.5] };
/** One-hot rows: the first change is exactly 0.25 (not below a tolerance of 0.25), the second exactly 0. */
const changeAtTolerance = { posteriors: [[1, 0], [0, 1], [1, 0], [1, 0]], oldPriors: [0.5, 0.5], options: { maxIterations: 10, tolerance: 0.25, floor: 0 } };
const stopsAtMax = {
  posteriors: [[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.5, 0.1, 0.4]],
  oldPriors: [0.5, 0.3, 0.2],
  options: { maxIterations: 3, tolerance: 1e-9, floor: 0.01 },
};
/** Two of four classes vanish: both are raised to the floor. */
const twoFloors = {
  posteriors: [[0.85, 0.05, 0.05, 0.05], [0.05, 0.85, 0.05, 0.05], [0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1], [0.6, 0.2, 0.1, 0.1]],
  oldPriors: [0.25, 0.25, 0.25, 0.25],
  options: { maxIterations: 400, tolerance: 1e-7, floor: 0.02 },
};

const constantDims: Split = {
  embeddings: [[1, 0, 2, 0.5], [2, 0, 2, 1.5], [0, 0, 2, 2.5], [3, 0, 2, 0.25], [1.5, 0, 2, 3], [0.5, 0, 2, 1]],
  labels: [0, 1, 2, 0, 1, 2],
};

/**
 * A small job with an imbalanced training split (6, 3, 1 rows), a production batch whose rows the
 * audit covers only in part, and a class the audit never sees predicted.
 */
function smallJob(): Production {
  const centre = (k: number) => [k === 0 ? 3 : 0, k === 1 ? 3 : 0, k === 2 ? 3 : 0, 1];
  const jitter = (k: number, i: number) => centre(k).map((v, j) => v + (((i * 7 + j * 3) % 5) - 2) / 4);
  const trainLabels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
  const productionLabels = [2, 2, 1, 2, 0, 2, 2, 1, 2, 2, 0, 2];
  const rows = [0, 2, 3, 5, 8, 11];
  return {
    train: { labels: trainLabels, embeddings: trainLabels.map((k, i) => jitter(k, i)) },
    production: productionLabels.map((k, i) => jitter(k, i + 20)),
    audit: { rows, labels: rows.map((i) => productionLabels[i]!) },
  };
}
const small = smallJob();
const smallOptions: JobOptions = { probe: { classes: 3, epochs: 30, learningRate: 0.1, seed: 3 }, em: { maxIterations: 100, tolerance: 1e-6, floor: 0.001 } };

// ---- Generators ----

/** Rows of strictly positive probabilities on a 1/64 grid of logits, summing to 1. */
const posteriorRows = (classes: number, min: number, max: number) =>
  fc.array(fc.array(fc.integer({ min: -192, max: 192 }), { minLength: classes, maxLength: classes }), { minLength: min, maxLength: max }).map((rows) =>
    rows.map((logits) => {
      const exps = logits.map((l) => Math.exp(l / 64));
      const total = exps.reduce((a, b) => a + b, 0);
      return exps.map((e) => e / total);
    }),
  );

const priorVector = (classes: number, allowZero: boolean) =>
  fc.array(fc.integer({ min: allowZero ? 0 : 1, max: 20 }), { minLength: classes, maxLength: classes }).filter((w) => w.some((v) => v > 0)).map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / total);
  });

const generatedAdjust = fc
  .integer({ min: 2, max: 5 })
  .chain((classes) => fc.record({ posteriors: posteriorRows(classes, 0, 6), oldPriors: priorVector(classes, false), newPriors: priorVector(classes, true) }));

/** Far from the stopping knife edge: no iteration's change within 1% of the tolerance. */
const awayFromTolerance = (input: { posteriors: number[][]; oldPriors: number[]; options: EmOptions }) =>
  emTrace(input.posteriors, input.oldPriors, input.options).every(({ change }) => Math.abs(change - input.options.tolerance) > input.options.tolerance * 0.01);

const generatedEm = fc
  .integer({ min: 2, max: 5 })
  .chain((classes) =>
    fc.record({
      posteriors: posteriorRows(classes, 1, 24),
      oldPriors: priorVector(classes, false),
      options: fc.record({ maxIterations: fc.integer({ min: 1, max: 80 }), tolerance: fc.constantFrom(1e-2, 1e-4, 1e-6), floor: fc.constantFrom(0, 0.001, 0.02, 0.1) }),
    }),
  )
  .filter(awayFromTolerance);

/** Clusters, one per class, on a 1/8 grid; some dimensions constant (std 0). */
function clusterRows(classes: number, dims: number, labels: number[], noise: fc.Arbitrary<number[]>, constant: number[]): fc.Arbitrary<number[][]> {
  return fc.array(noise, { minLength: labels.length, maxLength: labels.length }).map((rows) =>
    rows.map((n, i) => n.map((v, j) => (constant.includes(j) ? j % 2 : Math.round(8 * ((j % classes === labels[i] ? 2 : 0) + v)) / 8))),
  );
}

const generatedProbe = fc
  .record({ classes: fc.integer({ min: 2, max: 4 }), dims: fc.integer({ min: 3, max: 6 }), rows: fc.integer({ min: 6, max: 14 }), constant: fc.uniqueArray(fc.nat(5), { maxLength: 2 }) })
  .chain(({ classes, dims, rows, constant }) => {
    const noise = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: dims, maxLength: dims });
    const fixed = constant.filter((j) => j < dims && j >= classes);
    const labels = Array.from({ length: rows }, (_, i) => i % classes);
    return fc.record({
      train: clusterRows(classes, dims, labels, noise, fixed).map((embeddings) => ({ embeddings, labels })),
      probe: clusterRows(classes, dims, [0, 1, 0, 1], noise, []),
      options: fc.record({ classes: fc.constant(classes), epochs: fc.integer({ min: 2, max: 5 }), learningRate: fc.constantFrom(0.01, 0.05, 0.1), seed: fc.integer({ min: 1, max: 999 }) }),
    });
  });

/** A small week: every class in training (imbalanced), a production batch of another mix, an audit of some of its rows. */
const generatedJob = fc
  .record({ classes: fc.integer({ min: 2, max: 4 }), dims: fc.integer({ min: 3, max: 5 }), extra: fc.array(fc.nat(3), { minLength: 0, maxLength: 8 }), rows: fc.integer({ min: 4, max: 16 }) })
  .chain(({ classes, dims, extra, rows }) => {
    const noise = fc.array(fc.double({ min: -1.2, max: 1.2, noNaN: true }), { minLength: dims, maxLength: dims });
    const trainLabels = [...Array.from({ length: classes }, (_, k) => k), ...extra.filter((k) => k < classes)];
    return fc.record({
      train: clusterRows(classes, dims, trainLabels, noise, []).map((embeddings) => ({ embeddings, labels: trainLabels })),
      productionLabels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
      audited: fc.array(fc.boolean(), { minLength: rows, maxLength: rows }),
      noise: fc.array(noise, { minLength: rows, maxLength: rows }),
      options: fc.record({
        probe: fc.record({ classes: fc.constant(classes), epochs: fc.integer({ min: 2, max: 6 }), learningRate: fc.constantFrom(0.05, 0.1), seed: fc.integer({ min: 1, max: 999 }) }),
        em: fc.record({ maxIterations: fc.integer({ min: 1, max: 60 }), tolerance: fc.constantFrom(1e-3, 1e-5), floor: fc.constantFrom(0, 0.001, 0.05) }),
      }),
    }).map(({ train, productionLabels, audited, noise: n, options }) => {
      const production = n.map((v, i) => v.map((x, j) => Math.round(8 * ((j % classes === productionLabels[i] ? 2 : 0) + x)) / 8));
      const picked = audited.flatMap((a, i) => (a || i === 0 ? [i] : []));
      return { data: { train, production, audit: { rows: picked, labels: picked.map((i) => productionLabels[i]!) } }, options };
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

const compareEstimate = (actual: Plain, want: Plain, t: Checker) => {
  const got = actual as unknown as PriorEstimate;
  const ref = want as unknown as PriorEstimate;
  t.closeTo(got.priors, ref.priors, { what: 'estimated priors', tolerance: 1e-9 });
  t.equal({ iterations: got.iterations, converged: got.converged }, { iterations: ref.iterations, converged: ref.converged }, { what: 'EM iterations and convergence' });
};

export default defineTests<User>()([
  testCase({
    id: 'adjust-prompt-example',
    name: 'multiplies each posterior by new over old prior and renormalises the row',
    visible: true,
    rules: ['adjust-by-prior-ratio'],
    input: promptAdjust,
    run: adjustDriver,
    check: (actual, t) => t.closeTo(actual, [[0.9, 0.1], [1.44 / 1.48, 0.04 / 1.48]], { what: 'corrected posteriors (the prompt’s example)', tolerance: 1e-9 }),
  }),
  testCase({
    id: 'em-one-iteration',
    name: 'takes the mean of the rows as the first EM estimate and reports no convergence after maxIterations',
    visible: true,
    rules: ['em-steps', 'em-stop'],
    input: promptOneStep,
    run: emDriver,
    check: (actual, t) => t.closeTo(actual, { priors: [2 / 3, 1 / 3], iterations: 1, converged: false }, { what: 'estimated priors after one iteration (the prompt’s example)', tolerance: 1e-9, exactKeys: true }),
  }),
  testCase({
    id: 'em-floor-example',
    name: 'raises a vanishing prior to the floor and renormalises',
    visible: true,
    rules: ['clip-priors', 'em-stop'],
    input: promptFloor,
    run: emDriver,
    check: (actual, t) => t.closeTo(actual, emOracle(promptFloor.posteriors, promptFloor.oldPriors, promptFloor.options), { what: 'estimated priors with a floor (the prompt’s example)', tolerance: 1e-9, exactKeys: true }),
  }),
  testCase({
    id: 'weaving-line-week',
    name: 'corrects the week on the weaving line: priors from all 400 unlabelled photos, audit scored before and after',
    visible: true,
    rules: ['unlabelled-estimate', 'training-priors', 'audit-scores', 'probe-recipe', 'standardise-on-train', 'accuracy-gain'],
    timeoutMs: 15_000,
    input: { data: week, options: JOB },
    run: jobDriver,
    check: (actual, t) => {
      const got = actual as unknown as JobOutput;
      t.closeTo(got.estimate.priors, expected.estimate.priors, { what: 'estimated production priors of the recipe’s probe', tolerance: 1e-3 });
      checkReport(actual, week, JOB, t, 'the weaving line');
      t.closeTo(got.before.accuracy, expected.before.accuracy, { what: 'audited accuracy before the correction', tolerance: 1e-9 });
      t.closeTo(got.after.accuracy, expected.after.accuracy, { what: 'audited accuracy after the correction', tolerance: 1e-9 });
      checkGain(actual, t, 'the weaving line');
    },
  }),
  testCase({
    id: 'adjust-skewed-old-priors',
    name: 'divides by the old priors when they are far from uniform',
    visible: false,
    rules: ['adjust-by-prior-ratio'],
    input: skewedAdjust,
    run: adjustDriver,
    check: (actual, t) => t.closeTo(actual, adjustOracle(skewedAdjust.posteriors, skewedAdjust.oldPriors, skewedAdjust.newPriors), { what: 'corrected posteriors', tolerance: 1e-9 }),
  }),
  testCase({
    id: 'em-change-equal-to-tolerance',
    name: 'does not stop on a change equal to the tolerance, only below it',
    visible: false,
    rules: ['em-stop', 'em-steps'],
    input: changeAtTolerance,
    run: emDriver,
    check: (actual, t) => t.closeTo(actual, { priors: [0.75, 0.25], iterations: 2, converged: true }, { what: 'estimated priors, iterations and convergence', tolerance: 1e-12, exactKeys: true }),
  }),
  testCase({
    id: 'em-stops-at-max-iterations',
    name: 'stops after maxIterations without convergence and clips the last estimate',
    visible: false,
    rules: ['em-stop', 'em-steps', 'clip-priors'],
    input: stopsAtMax,
    run: emDriver,
    check: (actual, t) => t.closeTo(actual, emOracle(stopsAtMax.posteriors, stopsAtMax.oldPriors, stopsAtMax.options), { what: 'estimated priors, iterations and convergence', tolerance: 1e-9, exactKeys: true }),
  }),
  testCase({
    id: 'em-two-floors',
    name: 'raises every vanishing prior to the floor, then renormalises all of them',
    visible: false,
    rules: ['clip-priors'],
    input: twoFloors,
    run: emDriver,
    check: (actual, t) => t.closeTo(actual, emOracle(twoFloors.posteriors, twoFloors.oldPriors, twoFloors.options), { what: 'estimated priors with two classes at the floor', tolerance: 1e-9, exactKeys: true }),
  }),
  testCase({
    id: 'em-refuses-no-rows',
    name: 'throws an error with a message when there are no production rows',
    visible: false,
    rules: ['refuses-empty'],
    input: { oldPriors: [0.5, 0.5], options: { maxIterations: 10, tolerance: 1e-6, floor: 0 } },
    run: refusalDriver,
    check: (actual, t) => t.equal(actual, true, { what: 'an error thrown with a message for no rows' }),
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
      const stats = statsOracle(constantDims.embeddings);
      t.closeTo(got.mean, stats.mean, { what: 'probe standardisation: the mean of each dimension', tolerance: 1e-9 });
      t.closeTo(got.std, stats.std, { what: 'probe standardisation: the standard deviation of each dimension', tolerance: 1e-9 });
      t.equal(got.layers, [[[4, 3], [3]]], { what: 'the probe’s layers and weight shapes: one dense layer, kernel and bias' });
      t.that(got.probabilities.every((row) => row.every(Number.isFinite) && Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5), 'the probe outputs finite softmax probabilities');
    },
  }),
  testCase({
    id: 'imbalanced-training-split',
    name: 'takes the old priors from an imbalanced training split and estimates from every production row, not the audited ones',
    visible: false,
    rules: ['training-priors', 'unlabelled-estimate', 'audit-scores', 'no-leaks'],
    timeoutMs: 6_000,
    input: { data: small, options: smallOptions },
    run: jobDriver,
    check: (actual, t) => checkReport(actual, small, smallOptions, t, 'a small week'),
  }),
  testCase({
    id: 'whole-week-audited',
    name: 'gains at least 3 points of accuracy when the whole week is audited',
    visible: false,
    rules: ['accuracy-gain', 'audit-scores', 'unlabelled-estimate'],
    timeoutMs: 15_000,
    input: { data: wholeWeek, options: JOB },
    run: jobDriver,
    check: (actual, t) => {
      checkReport(actual, wholeWeek, JOB, t, 'the whole week');
      checkGain(actual, t, 'the whole week');
    },
  }),
  generatedCases({
    id: 'adjust-on-generated-posteriors',
    name: 'corrects like the reference on generated posteriors (2 to 5 classes, no rows, skewed old priors, new priors with zeros)',
    rules: ['adjust-by-prior-ratio'],
    input: generatedAdjust,
    examples: [{ posteriors: [], oldPriors: [0.5, 0.5], newPriors: [0.1, 0.9] }],
    count: 20,
    run: adjustDriver,
    what: 'corrected posteriors',
  }),
  generatedCases({
    id: 'em-on-generated-posteriors',
    name: 'estimates like the reference on generated posteriors (1 to 24 rows, any iteration budget, tolerance and floor)',
    rules: ['em-steps', 'em-stop', 'clip-priors'],
    input: generatedEm,
    examples: [{ posteriors: [[0.25, 0.75]], oldPriors: [0.5, 0.5], options: { maxIterations: 1, tolerance: 1e-6, floor: 0.1 } }],
    count: 28,
    run: emDriver,
    what: 'estimated priors',
    compare: compareEstimate,
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
    id: 'week-on-generated-lines',
    name: 'estimates, corrects and scores like the rules say on generated weeks (imbalanced training, partial audits, any class count)',
    rules: ['training-priors', 'unlabelled-estimate', 'audit-scores', 'em-stop', 'clip-priors'],
    input: generatedJob,
    count: 8,
    run: jobDriver,
    what: 'the week’s report',
    compare: (actual, _expected, t, input) => checkReport(actual, input.data, input.options, t, 'a generated week'),
  }),
]);
