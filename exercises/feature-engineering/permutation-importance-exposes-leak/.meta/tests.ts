import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import moviesCsv from '../data/movies.csv';
import expected from './expected.json';

interface Table {
  names: string[];
  x: number[][];
  y: number[];
}
interface Importance {
  feature: string;
  drops: number[];
  mean: number;
  std: number;
}
interface Recipe {
  epochs: number;
  learningRate: number;
}
interface AuditOptions extends Recipe {
  repeats: number;
  seed: number;
  dominance: number;
}
interface AuditReport {
  baselineLogLoss: number;
  importances: Importance[];
  leak: string | null;
  kept: string[];
  honestLogLoss: number;
}
interface User {
  permutationImportance(model: tfjs.LayersModel, data: Table, options: { repeats: number; seed: number }): Importance[];
  findLeak(importances: Importance[], dominance: number): string | null;
  trainHitModel(data: Table, recipe: Recipe): Promise<tfjs.LayersModel>;
  auditForLeak(train: Table, heldOut: Table, options: AuditOptions): Promise<AuditReport>;
}

// ---- Data: the films as the grader hands them over ----

const NAMES = ['log_budget', 'release_year', 'summer_release', 'holiday_release', 'rated_r', 'action_adventure', 'original_screenplay', 'us_gross'];
const rows = parseCsv(moviesCsv);
const tableOf = (split: string): Table => {
  const part = rows.filter((r) => r.split === split);
  return { names: NAMES, x: part.map((r) => NAMES.map((name) => Number(r[name]))), y: part.map((r) => Number(r.hit)) };
};
const train = tableOf('train');
const heldOut = tableOf('held-out');
const select = (table: Table, keep: string[], count = table.x.length, from = 0): Table => {
  const columns = keep.map((name) => table.names.indexOf(name));
  return { names: keep, x: table.x.slice(from, from + count).map((row) => columns.map((c) => row[c]!)), y: table.y.slice(from, from + count) };
};
const options = expected.options as AuditOptions;
const other = expected.other as unknown as { features: string[]; rows: number; options: AuditOptions; model: ModelArtifactsData; importances: Importance[]; audit: AuditReport };
const otherTrain = select(train, other.features, other.rows);
const withoutLeak = other.features.filter((name) => name !== 'us_gross');
const otherHeldOut = select(heldOut, other.features, other.rows);

const TOLERANCE = 1e-4;
const SCORE_TOLERANCE = 1e-3;

// ---- The leak rule, on the host (the oracle of the hand-written rule cases) ----

function leakOf(importances: Importance[], dominance: number): string | null {
  let top: Importance | undefined;
  importances.forEach((i) => {
    if (top === undefined || i.mean > top.mean) top = i;
  });
  if (top === undefined) return null;
  const runnerUp = Math.max(0, ...importances.filter((i) => i !== top).map((i) => i.mean));
  return top.mean - 2 * top.std > 0 && top.mean >= dominance * runnerUp ? top.feature : null;
}
const importance = (feature: string, mean: number, std: number): Importance => ({ feature, drops: [mean - std, mean + std], mean, std });

// ---- Drivers (run in the sandbox; self-contained) ----

/** Permutation importance of a given model; the rows are lent so a change to them shows. */
const importanceRun = async (user: User, input: { artifacts: ModelArtifactsData; data: Table; repeats: number; seed: number }, h: HarnessHelpers) => {
  const model = await h.loadModel(input.artifacts);
  const data = h.lend({ names: input.data.names.slice(), x: input.data.x.map((r) => r.slice()), y: input.data.y.slice() });
  const importances = user.permutationImportance(model, data, { repeats: input.repeats, seed: input.seed });
  const unchanged = data.x.every((r, i) => r.every((v, j) => v === input.data.x[i]![j])) && data.y.every((v, i) => v === input.data.y[i]);
  return { importances, unchanged };
};

/** Permutation importance of a logistic model the driver builds from generated weights. */
const weightsRun = (user: User, input: { kernel: number[]; bias: number; data: Table; repeats: number; seed: number }, h: HarnessHelpers) => {
  const model = h.own(h.tf.sequential({ layers: [h.tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [input.kernel.length] })] }));
  model.setWeights([h.tensor(input.kernel.map((w) => [w])), h.tensor([input.bias])]);
  return user.permutationImportance(model, input.data, { repeats: input.repeats, seed: input.seed });
};

const leakRun = (user: User, input: { importances: Importance[]; dominance: number }) => user.findLeak(input.importances, input.dominance);

/** Trains through the submission and scores the held-out rows with the harness's own copy of the model. */
const trainRun = async (user: User, input: { train: Table; heldOut: Table; recipe: Recipe }, h: HarnessHelpers) => {
  const model = await h.model(await user.trainHitModel(input.train, input.recipe));
  const size = h.modelSize(model);
  const x = h.tensor(input.heldOut.x);
  const p = h.tf.tidy(() => Array.from((model.predict(x) as tfjs.Tensor).dataSync()));
  const logLoss = -input.heldOut.y.reduce((sum, y, i) => {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]!));
    return sum + (y === 1 ? Math.log(q) : Math.log(1 - q));
  }, 0) / input.heldOut.y.length;
  return { parameters: size.parameters, logLoss };
};

const auditRun = (user: User, input: { train: Table; heldOut: Table; options: AuditOptions }) => user.auditForLeak(input.train, input.heldOut, input.options);

// ---- Checks (run on the host) ----

function checkImportances(got: Importance[], want: Importance[], t: Checker, where: string): void {
  t.equal(got.map((i) => i.feature), want.map((i) => i.feature), { what: 'features of the importances, in column order', visibleWhat: `features of the importances (${where})` });
  t.closeTo(got.map((i) => i.drops), want.map((i) => i.drops), { what: 'log-loss drop of each permutation', visibleWhat: `log-loss drop of each permutation (${where})`, tolerance: TOLERANCE });
  t.closeTo(got.map((i) => i.mean), want.map((i) => i.mean), { what: 'mean drop of each feature', visibleWhat: `mean drop of each feature (${where})`, tolerance: TOLERANCE });
  t.closeTo(got.map((i) => i.std), want.map((i) => i.std), { what: 'standard deviation of the drops of each feature', visibleWhat: `standard deviation of the drops (${where})`, tolerance: TOLERANCE });
}

function checkAudit(actual: Plain, want: AuditReport, t: Checker, where: string): void {
  const got = actual as unknown as AuditReport;
  t.closeTo(got.baselineLogLoss, want.baselineLogLoss, { what: 'held-out log-loss with every feature', visibleWhat: `held-out log-loss with every feature (${where})`, tolerance: SCORE_TOLERANCE });
  t.equal(got.importances.map((i) => i.feature), want.importances.map((i) => i.feature), { what: 'features of the importances, in column order' });
  t.closeTo(got.importances.map((i) => i.mean), want.importances.map((i) => i.mean), { what: 'held-out importances of the trained model', visibleWhat: `held-out importances of the trained model (${where})`, tolerance: SCORE_TOLERANCE });
  t.equal(got.leak, want.leak, { what: 'the leak the rule finds', visibleWhat: `the leak the rule finds (${where})` });
  t.equal(got.kept, want.kept, { what: 'features kept after dropping the leak' });
  t.closeTo(got.honestLogLoss, want.honestLogLoss, { what: 'honest held-out log-loss', visibleWhat: `honest held-out log-loss (${where})`, tolerance: SCORE_TOLERANCE });
}

// ---- Hand-written inputs ----

const promptLeak = {
  importances: [importance('log_budget', 0.12, 0.01), importance('us_gross', 0.54, 0.02), importance('rated_r', 0, 0.01)],
  dominance: 3,
};
/** The top drop is within two standard deviations of zero: noise, not a leak. */
const noisyTop = { importances: [importance('a', 0.05, 0.03), importance('b', 0.001, 0.001)], dominance: 3 };
/** Exactly dominance × the runner-up (powers of two, exact in floating point) counts; a tie for the top goes to the first. */
const exactDominance = { importances: [importance('a', 0.125, 0.0078125), importance('b', 0.5, 0.0625), importance('c', 0.5, 0.03125)], dominance: 4 };
const tiedTop = { importances: [importance('a', 0.25, 0.0625), importance('b', 0.25, 0.03125)], dominance: 1 };
/** Every other feature hurts when kept (negative drops): the runner-up counts as 0; one feature alone; no features. */
const negativeOthers = { importances: [importance('a', -0.02, 0.01), importance('b', 0.03, 0.01), importance('c', -0.01, 0.002)], dominance: 10 };

// ---- Generated inputs ----

const dropArbitrary = fc.integer({ min: -40, max: 400 }).map((k) => k / 1024);
const leakInput = fc.record({
  importances: fc
    .array(fc.record({ mean: dropArbitrary, std: fc.integer({ min: 0, max: 64 }).map((k) => k / 1024) }), { maxLength: 6 })
    .map((list) => list.map(({ mean, std }, i) => importance(`f${i}`, mean, std))),
  dominance: fc.constantFrom(1, 1.5, 2, 3, 4),
});

const weightsInput = fc.integer({ min: 1, max: 4 }).chain((width) =>
  fc.record({
    kernel: fc.array(fc.integer({ min: -30, max: 30 }).map((k) => k / 10), { minLength: width, maxLength: width }),
    bias: fc.integer({ min: -10, max: 10 }).map((k) => k / 10),
    data: fc.integer({ min: 2, max: 24 }).chain((n) =>
      fc.record({
        names: fc.constant(Array.from({ length: width }, (_, j) => `x${j}`)),
        x: fc.array(fc.array(fc.integer({ min: -20, max: 20 }).map((k) => k / 10), { minLength: width, maxLength: width }), { minLength: n, maxLength: n }),
        y: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      }),
    ),
    repeats: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  }),
);

const auditInput = fc
  .record({
    keep: fc.subarray(NAMES, { minLength: 1 }),
    from: fc.integer({ min: 0, max: 400 }),
    count: fc.integer({ min: 30, max: 90 }),
    epochs: fc.integer({ min: 2, max: 8 }),
    learningRate: fc.constantFrom(0.05, 0.1, 0.3),
    repeats: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    dominance: fc.constantFrom(1.5, 2, 3),
  })
  .map(({ keep, from, count, epochs, learningRate, repeats, seed, dominance }) => ({
    train: select(train, keep, count, from),
    heldOut: select(heldOut, keep, Math.min(count, 200), Math.min(from, 200)),
    options: { epochs, learningRate, repeats, seed, dominance },
  }));

export default defineTests<User>()([
  testCase({
    id: 'importance-of-the-reference-model',
    name: 'measures the held-out permutation importance of the greenlight model: 3 seeded shuffles per feature',
    visible: true,
    rules: ['held-out-rows', 'seeded-permutations', 'one-column-at-a-time', 'log-loss-drop'],
    input: { artifacts: expected.model as unknown as ModelArtifactsData, data: heldOut, repeats: options.repeats, seed: options.seed },
    run: importanceRun,
    check: (actual, t) => {
      const got = actual as unknown as { importances: Importance[]; unchanged: boolean };
      checkImportances(got.importances, expected.importances, t, 'the greenlight model');
      t.that(got.unchanged, 'the held-out rows are unchanged after the permutations');
    },
  }),
  testCase({
    id: 'prompt-example-leak',
    name: 'flags the prompt’s us_gross: far above noise and three times the runner-up',
    visible: true,
    rules: ['leak-rule'],
    input: promptLeak,
    run: leakRun,
    check: (actual, t) => t.equal(actual, 'us_gross', { what: 'the leak the rule finds' }),
  }),
  testCase({
    id: 'trains-the-hit-model',
    name: 'trains the logistic regression on 150 training films and five features (10 epochs, learning rate 0.4); the grader scores 150 held-out films with its copy',
    visible: true,
    rules: ['training-recipe'],
    input: { train: otherTrain, heldOut: otherHeldOut, recipe: { epochs: other.options.epochs, learningRate: other.options.learningRate } },
    run: trainRun,
    check: (actual, t) => {
      const got = actual as unknown as { parameters: number; logLoss: number };
      t.equal(got.parameters, other.features.length + 1, { what: 'parameters of the model: one weight per feature and a bias' });
      t.closeTo(got.logLoss, other.audit.baselineLogLoss, { what: 'held-out log-loss of the trained model', tolerance: SCORE_TOLERANCE });
    },
  }),
  testCase({
    id: 'audits-the-greenlight-model',
    name: 'finds us_gross on the held-out films, drops it, retrains and reports the honest log-loss',
    visible: true,
    rules: ['audit', 'held-out-rows', 'leak-rule'],
    timeoutMs: 6000,
    input: { train, heldOut, options },
    run: auditRun,
    check: (actual, t) => checkAudit(actual, expected.audit as AuditReport, t, 'the greenlight films'),
  }),
  testCase({
    id: 'importance-of-another-model',
    name: 'measures importances of another model on 150 films and five features with another seed and 4 repeats, leaving the rows unchanged',
    visible: false,
    rules: ['seeded-permutations', 'one-column-at-a-time', 'log-loss-drop', 'no-leaks'],
    input: { artifacts: other.model, data: otherHeldOut, repeats: other.options.repeats, seed: other.options.seed },
    run: importanceRun,
    check: (actual, t) => {
      const got = actual as unknown as { importances: Importance[]; unchanged: boolean };
      checkImportances(got.importances, other.importances, t, 'another model');
      t.that(got.unchanged, 'the rows are unchanged after the permutations');
    },
  }),
  testCase({
    id: 'noise-is-not-a-leak',
    name: 'does not flag a top drop within two standard deviations of zero',
    visible: false,
    rules: ['leak-rule'],
    input: noisyTop,
    run: leakRun,
    check: (actual, t) => t.equal(actual, leakOf(noisyTop.importances, noisyTop.dominance), { what: 'the leak the rule finds when the top drop is noise' }),
  }),
  testCase({
    id: 'dominance-exactly-met-and-ties',
    name: 'flags a top drop exactly dominance times the runner-up and gives a tie for the top to the first feature',
    visible: false,
    rules: ['leak-rule'],
    input: { cases: [exactDominance, tiedTop, negativeOthers, { importances: [importance('only', 0.2, 0.01)], dominance: 5 }, { importances: [], dominance: 2 }] },
    run: (user: User, input: { cases: { importances: Importance[]; dominance: number }[] }) => input.cases.map((c) => user.findLeak(c.importances, c.dominance)),
    check: (actual, t) =>
      t.equal(actual, [exactDominance, tiedTop, negativeOthers, { importances: [importance('only', 0.2, 0.01)], dominance: 5 }, { importances: [], dominance: 2 }].map((c) => leakOf(c.importances, c.dominance)), { what: 'the leaks found at the edges of the rule' }),
  }),
  testCase({
    id: 'audit-on-another-model',
    name: 'audits 150 films with five features and other options',
    visible: false,
    rules: ['audit', 'training-recipe', 'held-out-rows', 'no-leaks'],
    timeoutMs: 6000,
    input: { train: otherTrain, heldOut: otherHeldOut, options: other.options },
    run: auditRun,
    check: (actual, t) => checkAudit(actual, other.audit, t, 'another model'),
  }),
  generatedCases({
    id: 'leak-rule-on-generated-importances',
    name: 'applies the leak rule like the reference to generated importances (none, one, ties, negative drops, exact multiples)',
    rules: ['leak-rule'],
    input: leakInput,
    examples: [{ importances: [], dominance: 2 }, { importances: [importance('f0', 0.25, 0.125)], dominance: 1 }],
    count: 30,
    run: leakRun,
    what: 'the leak found',
  }),
  generatedCases({
    id: 'importance-on-generated-models',
    name: 'measures permutation importances like the reference for generated logistic models, rows, repeats and seeds',
    rules: ['seeded-permutations', 'one-column-at-a-time', 'log-loss-drop', 'no-leaks'],
    input: weightsInput,
    examples: [{ kernel: [1.5], bias: 0, data: { names: ['x0'], x: [[1], [-1]], y: [1, 0] }, repeats: 1, seed: 0 }],
    count: 23,
    // All in one case: each input is a few predictions, a case's fresh context costs more.
    perCase: 24,
    run: weightsRun,
    what: 'permutation importances',
  }),
  generatedCases({
    id: 'audit-on-generated-subsets',
    name: 'audits generated subsets of films and features like the reference',
    rules: ['audit', 'training-recipe', 'held-out-rows', 'leak-rule', 'no-leaks'],
    input: auditInput,
    // The other model's films without us_gross: no feature clears its noise, so the audit keeps
    // every feature and reports the baseline as honest.
    examples: [{ train: select(train, withoutLeak, other.rows), heldOut: select(heldOut, withoutLeak, other.rows), options: other.options }],
    count: 3,
    // One case: the four audits run one after another in one context, where the training code is warm.
    perCase: 4,
    timeoutMs: 6000,
    run: auditRun,
    what: 'audit report',
  }),
]);
