import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import penguinsCsv from '../data/penguins.csv';

interface TrainConfig {
  learningRate: number;
  maxNorm: number;
  steps: number;
}
interface TrainData {
  x: number[][];
  labels: number[];
}
interface TrainReport {
  losses: number[];
  mean: number[];
  std: number[];
}
interface User {
  jobConfig(): TrainConfig;
  stableCrossEntropy(logits: tfjs.Tensor2D, labels: tfjs.Tensor1D): tfjs.Scalar;
  clipByGlobalNorm(grads: tfjs.Tensor[], maxNorm: number): { clipped: tfjs.Tensor[]; norm: number };
  train(model: tfjs.LayersModel, data: TrainData, config: TrainConfig): TrainReport;
}

// ---- Data ----

const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];
const FEATURES = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];
const rows = parseCsv(penguinsCsv);
const splitOf = (name: string): TrainData => {
  const part = rows.filter((r) => r.split === name);
  return { x: part.map((r) => FEATURES.map((f) => Number(r[f]))), labels: part.map((r) => SPECIES.indexOf(String(r.species))) };
};
const penguins = splitOf('train');
const heldOut = splitOf('held-out');

/** The job's budget and targets (prompt, "The job"). */
const MAX_STEPS = 30;
const TARGET_LOSS = 0.1;
const MIN_ACCURACY = 0.95;

// ---- The rules, on the host (float64) ----

function hostStandardisation(x: number[][]): { mean: number[]; std: number[] } {
  const mean = x[0]!.map((_, k) => x.reduce((s, r) => s + r[k]!, 0) / x.length);
  const std = mean.map((m, k) => Math.sqrt(x.reduce((s, r) => s + (r[k]! - m) ** 2, 0) / x.length) || 1);
  return { mean, std };
}
const penguinScaler = hostStandardisation(penguins.x);
const standardise = (x: number[][], s: { mean: number[]; std: number[] }) => x.map((r) => r.map((v, k) => (v - s.mean[k]!) / s.std[k]!));

/** Per-row loss log Σ exp(z) − z[label] and its gradient (softmax − one-hot) / n, in float64. */
function hostLoss(logits: number[][], labels: number[]): { loss: number; grad: number[][] } {
  const n = logits.length;
  let total = 0;
  const grad = logits.map((z, i) => {
    const top = Math.max(...z);
    const sum = z.reduce((s, v) => s + Math.exp(v - top), 0);
    total += top + Math.log(sum) - z[labels[i]!]!;
    return z.map((v, j) => (Math.exp(v - top) / sum - (j === labels[i] ? 1 : 0)) / n);
  });
  return { loss: total / n, grad };
}

function hostClip(grads: number[][], maxNorm: number): { clipped: number[][]; norm: number } {
  const norm = Math.sqrt(grads.flat().reduce((s, v) => s + v * v, 0));
  const factor = norm > maxNorm ? maxNorm / norm : 1;
  return { clipped: grads.map((g) => g.map((v) => v * factor)), norm };
}

const relative = (expected: number, scale = 1e-5) => scale * Math.max(1, Math.abs(expected));

// ---- Drivers (run in the sandbox; self-contained) ----

interface LossCase {
  logits: number[][];
  labels: number[];
}

/** The submission's loss and, through tf.grad, its gradient with respect to the logits. */
const lossAndGradient = (user: User, input: { cases: LossCase[] }, h: HarnessHelpers) => {
  const tf = h.tf;
  return input.cases.map(({ logits, labels }) => {
    const z = h.tensor(logits) as tfjs.Tensor2D;
    const y = h.tensor(labels, [labels.length], 'int32') as tfjs.Tensor1D;
    const loss = user.stableCrossEntropy(z, y);
    const value = loss.dataSync()[0]!;
    loss.dispose();
    const grad = tf.tidy(() => tf.grad((l: tfjs.Tensor) => user.stableCrossEntropy(l as tfjs.Tensor2D, y))(z).arraySync() as number[][]);
    return { loss: value, grad };
  });
};

/** Clips harness-owned gradients of the given shapes with the submission, returning the values. */
const clipGrads = (user: User, input: { grads: number[][]; shapes: number[][]; maxNorm: number }, h: HarnessHelpers) => {
  const tensors = input.grads.map((g, i) => h.tensor(g, input.shapes[i]));
  const { clipped, norm } = user.clipByGlobalNorm(tensors, input.maxNorm);
  const values = clipped.map((t) => Array.from(t.dataSync()));
  clipped.forEach((t) => {
    if (!tensors.includes(t)) t.dispose();
  });
  return { clipped: values, norm, unchanged: input.grads.map((g, i) => Array.from(tensors[i]!.dataSync()).every((v, j) => v === g[j])) };
};

interface TrainInput {
  data: TrainData;
  config: TrainConfig | null;
  seed: number;
  hidden: number;
  classes: number;
  evaluate: number[][];
  twice: boolean;
}

/**
 * Builds the seeded network (Dense hidden relu → Dense classes, linear logits), trains it with the
 * submission (with its jobConfig when config is null), and predicts `evaluate` with the harness's copy.
 */
const trainRun = async (user: User, input: TrainInput, h: HarnessHelpers) => {
  const tf = h.tf;
  const build = () =>
    h.own(
      tf.sequential({
        layers: [
          tf.layers.dense({ units: input.hidden, activation: 'relu', inputShape: [input.data.x[0]!.length], kernelInitializer: tf.initializers.glorotUniform({ seed: input.seed }) }),
          tf.layers.dense({ units: input.classes, kernelInitializer: tf.initializers.glorotUniform({ seed: input.seed + 1 }) }),
        ],
      }),
    );
  const config = input.config ?? user.jobConfig();
  const model = build();
  const report = user.train(model, input.data, config);
  const trained = await h.model(model);
  const predicted = input.evaluate.length === 0 ? [] : tf.tidy(() => Array.from((trained.predict(h.tensor(input.evaluate)) as tfjs.Tensor).argMax(1).dataSync()));
  let again: number[] | null = null;
  let sameWeights = true;
  if (input.twice) {
    const second = build();
    again = user.train(second, input.data, config).losses;
    const [a, b] = [trained.getWeights(), (await h.model(second)).getWeights()];
    sameWeights = a.every((w, i) => Array.from(w.dataSync()).every((v, j) => v === b[i]!.dataSync()[j]));
  }
  return { config, report, predicted, again, sameWeights };
};

// ---- Checks (host) ----

function checkLoss(actual: Plain, cases: LossCase[], t: Checker, what: string): void {
  const got = actual as unknown as { loss: number; grad: number[][] }[];
  cases.forEach((c, i) => {
    const want = hostLoss(c.logits, c.labels);
    const where = { what: `${what}: the loss`, visibleWhat: `${what} ${i + 1}: the loss` };
    t.that(Number.isFinite(got[i]?.loss), `${what}: the loss must be finite`, { visibleProperty: `${what} ${i + 1}: the loss must be finite, got ${String(got[i]?.loss)}` });
    // float32 keeps about 7 digits of the largest logit, so the tolerance grows with it.
    const largest = Math.max(...c.logits.flat().map(Math.abs));
    t.closeTo(got[i]!.loss, want.loss, { ...where, tolerance: relative(want.loss) + 1e-6 * largest });
    t.that(got[i]!.grad.flat().every(Number.isFinite), `${what}: the gradient must be finite`, { visibleProperty: `${what} ${i + 1}: the gradient with respect to the logits must be finite` });
    t.closeTo(got[i]!.grad, want.grad, { what: `${what}: the gradient with respect to the logits ((softmax − one-hot) / n)`, visibleWhat: `${what} ${i + 1}: the gradient with respect to the logits ((softmax − one-hot) / n)`, tolerance: 1e-5 });
  });
}

function checkClip(actual: Plain, input: { grads: number[][]; maxNorm: number }, t: Checker, what: string): void {
  const got = actual as unknown as { clipped: number[][]; norm: number; unchanged: boolean[] };
  const want = hostClip(input.grads, input.maxNorm);
  t.closeTo(got.norm, want.norm, { what: `${what}: the global norm (all gradients together)`, tolerance: relative(want.norm) });
  t.closeTo(got.clipped, want.clipped, { what: `${what}: the clipped gradients (every one scaled by maxNorm / globalNorm, only when the norm is above maxNorm)`, tolerance: 1e-5 * Math.max(1, ...input.grads.flat().map(Math.abs)) });
  t.equal(got.unchanged, input.grads.map(() => true), { what: `${what}: the gradients passed in are left as they were` });
}

function checkJob(actual: Plain, t: Checker, what: string): void {
  const got = actual as unknown as { config: TrainConfig; report: TrainReport; predicted: number[]; again: number[] | null; sameWeights: boolean };
  const { config, report } = got;
  t.that(Number.isInteger(config?.steps) && config.steps >= 1 && config.steps <= MAX_STEPS, `jobConfig.steps must be a whole number of steps within the job's budget of ${MAX_STEPS}`);
  t.that(Number.isFinite(config.maxNorm) && config.maxNorm > 0, 'jobConfig must clip gradients (a finite, positive maxNorm)');
  t.that(Array.isArray(report?.losses) && report.losses.length === config.steps, `${what}: one loss per step`);
  t.that(report.losses.every(Number.isFinite), `${what}: every step's loss must be finite (no NaN, no Infinity)`);
  t.atMost(report.losses.at(-1)!, TARGET_LOSS, { what: `${what}: the last step's training loss` });
  const accuracy = got.predicted.filter((p, i) => p === heldOut.labels[i]).length / heldOut.labels.length;
  t.atLeast(accuracy, MIN_ACCURACY, { what: `${what}: held-out accuracy of the trained model (inputs standardised with the training rows' mean and std)` });
}

const heldOutStandardised = standardise(heldOut.x, penguinScaler);
const jobInput = (seed: number, twice = false): TrainInput => ({ data: penguins, config: null, seed, hidden: 8, classes: 3, evaluate: heldOutStandardised, twice });

// ---- Hand-written inputs ----

const EXTREME: LossCase[] = [
  { logits: [[1000, 0, -1000]], labels: [0] },
  { logits: [[1000, 0, -1000]], labels: [2] },
  { logits: [[88, 89, 90], [0, 0, 0], [-3, 2, 1]], labels: [2, 1, 1] },
  { logits: [[-1e4, 1e4, 0], [50, -50, 0]], labels: [0, 0] },
];
const GENTLE: LossCase[] = [{ logits: [[2, 1, 0.5], [0.1, 0.2, 0.3]], labels: [0, 2] }];
const HUGE: LossCase[] = [
  { logits: [[1e30, -1e30], [-1e30, 1e30]], labels: [1, 1] },
  { logits: [[-1e4, -1e4, -1e4, -1e4]], labels: [3] },
];
const CLIP_EXAMPLE = { grads: [[3, 4], [12]], shapes: [[2], [1]], maxNorm: 6.5 };
const CLIP_LIMIT = { grads: [[3, 4], [0, 0, 0, 0]], shapes: [[2], [2, 2]], maxNorm: 5 };
const CLIP_ZERO = { grads: [[0, 0], [0]], shapes: [[1, 2], [1]], maxNorm: 1 };
const CLIP_MANY = { grads: [[30, -40, 0, 0, 0, 0], [120], [0.5, -0.5]], shapes: [[2, 3], [1], [2]], maxNorm: 1 };

// ---- Generated inputs ----

const logitsCase: fc.Arbitrary<LossCase> = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 2, max: 5 }), magnitude: fc.constantFrom(1, 10, 100, 1000, 1e4) })
  .chain(({ n, k, magnitude }) =>
    fc.record({
      logits: fc.array(fc.array(fc.integer({ min: -64, max: 64 }).map((v) => (v * magnitude) / 64), { minLength: k, maxLength: k }), { minLength: n, maxLength: n }),
      labels: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
    }),
  );

const clipCase = fc
  .array(fc.array(fc.integer({ min: -40, max: 40 }).map((v) => v / 4), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 })
  .chain((grads) => {
    const norm = Math.sqrt(grads.flat().reduce((s, v) => s + v * v, 0));
    return fc.record({
      grads: fc.constant(grads),
      shapes: fc.constant(grads.map((g) => [g.length])),
      maxNorm: fc.oneof(fc.constantFrom(0.5, 1, 5, 100), fc.constant(Number.isInteger(norm) && norm > 0 ? norm : 1)),
    });
  });

/** 6 to 16 rows of 2 to 4 features on wildly different scales (one sometimes constant), 2 or 3 classes, short runs of the recipe. */
const trainCase: fc.Arbitrary<TrainInput> = fc
  .record({
    rows: fc.integer({ min: 6, max: 16 }),
    scales: fc.array(fc.constantFrom(0.01, 1, 100, 5000), { minLength: 2, maxLength: 4 }),
    constant: fc.boolean(),
    classes: fc.constantFrom(2, 3),
    seed: fc.integer({ min: 1, max: 1000 }),
    learningRate: fc.constantFrom(0.05, 0.3, 1),
    maxNorm: fc.constantFrom(0.25, 1, 4, 1e6),
    steps: fc.integer({ min: 1, max: 5 }),
  })
  .chain((p) =>
    fc
      .record({
        x: fc.array(fc.tuple(...p.scales.map((s) => fc.integer({ min: 0, max: 20 }).map((v) => 3 * s + (v * s) / 10))), { minLength: p.rows, maxLength: p.rows }),
        labels: fc.array(fc.integer({ min: 0, max: p.classes - 1 }), { minLength: p.rows, maxLength: p.rows }),
      })
      .map(({ x, labels }) => ({
        data: { x: x.map((r) => (p.constant ? [...r.slice(0, -1), 7] : r)), labels },
        config: { learningRate: p.learningRate, maxNorm: p.maxNorm, steps: p.steps },
        seed: p.seed,
        hidden: 4,
        classes: p.classes,
        evaluate: [],
        twice: false,
      })),
  );

/** Losses and standardisation like the reference's (float32 training, relative tolerance). */
function compareTraining(actual: Plain, expected: Plain, t: Checker): void {
  const got = (actual as unknown as { report: TrainReport }).report;
  const want = (expected as unknown as { report: TrainReport }).report;
  t.closeTo(got?.mean, want.mean, { what: 'the training mean of each feature', tolerance: 1e-6 * Math.max(1, ...want.mean.map(Math.abs)) });
  t.closeTo(got?.std, want.std, { what: 'the population standard deviation of each feature (1 for a constant feature)', tolerance: 1e-6 * Math.max(1, ...want.std) });
  t.that(Array.isArray(got?.losses) && got.losses.length === want.losses.length, 'one loss per step');
  t.closeTo(got.losses, want.losses, { what: 'the loss of every step (before its update), following the recipe', tolerance: 1e-3 * Math.max(1, ...want.losses) });
}

export default defineTests<User>()([
  testCase({
    id: 'stable-loss-on-extreme-logits',
    name: 'gives a finite, exact loss and gradient on logits of ±1000 and ±10000',
    visible: true,
    rules: ['stable-loss', 'stable-gradient'],
    input: { cases: EXTREME },
    run: lossAndGradient,
    check: (actual, t) => checkLoss(actual, EXTREME, t, 'extreme logits'),
  }),
  testCase({
    id: 'clips-by-global-norm',
    name: 'clips two gradients with global norm 13 to norm 6.5, scaling both by the same factor',
    visible: true,
    rules: ['global-norm'],
    input: CLIP_EXAMPLE,
    run: clipGrads,
    check: (actual, t) => checkClip(actual, CLIP_EXAMPLE, t, 'clipByGlobalNorm([[3, 4], [12]], 6.5)'),
  }),
  testCase({
    id: 'job-converges',
    name: `the job with jobConfig trains the penguin model to a loss of at most ${TARGET_LOSS} in at most ${MAX_STEPS} steps, with no NaN`,
    visible: true,
    rules: ['job-converges', 'standardise-inputs'],
    timeoutMs: 10_000,
    input: jobInput(11),
    run: trainRun,
    check: (actual, t) => checkJob(actual, t, 'the job with jobConfig'),
  }),
  testCase({
    id: 'stable-loss-on-ordinary-logits',
    name: 'gives the usual cross-entropy on ordinary logits',
    visible: true,
    rules: ['stable-loss', 'stable-gradient'],
    input: { cases: GENTLE },
    run: lossAndGradient,
    check: (actual, t) => checkLoss(actual, GENTLE, t, 'ordinary logits'),
  }),
  testCase({
    id: 'stable-loss-on-huge-logits',
    name: 'stays finite and exact at logits of ±1e30 and when every logit is very negative',
    visible: false,
    rules: ['stable-loss', 'stable-gradient'],
    input: { cases: HUGE },
    run: lossAndGradient,
    check: (actual, t) => checkLoss(actual, HUGE, t, 'huge logits'),
  }),
  testCase({
    id: 'clip-edges',
    name: 'leaves gradients at exactly maxNorm and all-zero gradients unchanged, and clips many tensors by one factor',
    visible: false,
    rules: ['global-norm', 'no-leaks'],
    input: { limit: CLIP_LIMIT, zero: CLIP_ZERO, many: CLIP_MANY },
    run: (user: User, input: { limit: typeof CLIP_LIMIT; zero: typeof CLIP_ZERO; many: typeof CLIP_MANY }, h: HarnessHelpers) => {
      const one = (c: typeof CLIP_LIMIT) => {
        const tensors = c.grads.map((g, i) => h.tensor(g, c.shapes[i]));
        const { clipped, norm } = user.clipByGlobalNorm(tensors, c.maxNorm);
        const values = clipped.map((t) => Array.from(t.dataSync()));
        clipped.forEach((t) => {
          if (!tensors.includes(t)) t.dispose();
        });
        return { clipped: values, norm, unchanged: c.grads.map((g, i) => Array.from(tensors[i]!.dataSync()).every((v, j) => v === g[j])) };
      };
      return { limit: one(input.limit), zero: one(input.zero), many: one(input.many) };
    },
    check: (actual, t) => {
      const got = actual as unknown as Record<'limit' | 'zero' | 'many', Plain>;
      checkClip(got.limit, CLIP_LIMIT, t, 'gradients exactly at maxNorm');
      checkClip(got.zero, CLIP_ZERO, t, 'all-zero gradients');
      checkClip(got.many, CLIP_MANY, t, 'three gradients far above maxNorm');
    },
  }),
  testCase({
    id: 'job-converges-reproducibly',
    name: 'the job converges from another initialisation, and two runs give the same losses and weights',
    visible: false,
    rules: ['job-converges', 'reproducible', 'training-recipe', 'no-leaks'],
    timeoutMs: 15_000,
    input: jobInput(29, true),
    run: trainRun,
    check: (actual, t) => {
      checkJob(actual, t, 'the job from another initialisation');
      const got = actual as unknown as { report: TrainReport; again: number[]; sameWeights: boolean };
      t.closeTo(got.again, got.report.losses, { what: 'losses of a second run with the same data, configuration and initialisation', tolerance: 0 });
      t.that(got.sameWeights, 'a second run must end with the same weights');
    },
  }),
  testCase({
    id: 'standardises-with-training-statistics',
    name: 'standardises with the training rows’ mean and population standard deviation, and reports them',
    visible: false,
    rules: ['standardise-inputs'],
    timeoutMs: 10_000,
    input: { ...jobInput(5), config: { learningRate: 0.5, maxNorm: 1, steps: 2 }, evaluate: [] },
    run: trainRun,
    check: (actual, t) => {
      const report = (actual as unknown as { report: TrainReport }).report;
      t.closeTo(report.mean, penguinScaler.mean, { what: 'the reported training mean of each feature', tolerance: 1e-6 * 5000 });
      t.closeTo(report.std, penguinScaler.std, { what: 'the reported population standard deviation of each feature', tolerance: 1e-6 * 1000 });
    },
  }),
  generatedCases({
    id: 'stable-loss-on-generated-logits',
    name: 'gives the exact loss and gradient on generated logits (1 to 5 rows, 2 to 5 classes, magnitudes up to 10000)',
    rules: ['stable-loss', 'stable-gradient'],
    input: logitsCase,
    count: 20,
    perCase: 5,
    run: (user: User, input: LossCase, h: HarnessHelpers) => {
      const tf = h.tf;
      const z = h.tensor(input.logits) as tfjs.Tensor2D;
      const y = h.tensor(input.labels, [input.labels.length], 'int32') as tfjs.Tensor1D;
      const loss = user.stableCrossEntropy(z, y);
      const value = loss.dataSync()[0]!;
      loss.dispose();
      const grad = tf.tidy(() => tf.grad((l: tfjs.Tensor) => user.stableCrossEntropy(l as tfjs.Tensor2D, y))(z).arraySync() as number[][]);
      return { loss: value, grad };
    },
    what: 'the loss and its gradient',
    compare: (actual, _expected, t, input) => checkLoss([actual] as unknown as Plain, [input], t, 'generated logits'),
  }),
  generatedCases({
    id: 'clips-generated-gradients',
    name: 'clips generated gradients (1 to 4 tensors, maxNorm below, at and above their global norm)',
    rules: ['global-norm'],
    input: clipCase,
    count: 20,
    perCase: 5,
    run: clipGrads,
    what: 'clipped gradients',
    compare: (actual, _expected, t, input) => checkClip(actual, input, t, 'generated gradients'),
  }),
  generatedCases({
    id: 'trains-like-the-recipe',
    name: 'follows the recipe on generated data (features on scales from 0.01 to 5000, a constant feature, 1 to 5 steps, clipping on and off)',
    rules: ['training-recipe', 'standardise-inputs', 'global-norm', 'no-leaks'],
    input: trainCase,
    count: 12,
    perCase: 4,
    run: trainRun,
    what: 'training losses',
    compare: compareTraining,
  }),
]);
