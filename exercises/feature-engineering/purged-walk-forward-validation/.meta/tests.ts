import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import weatherCsv from '../data/seattle-weather.csv';
import expected from './expected.json';

interface Days {
  features: number[][];
  labels: number[];
}
interface FoldOptions {
  horizon: number;
  firstTest: number;
  testSize: number;
  gap: number;
  window: number | null;
}
interface Fold {
  train: number[];
  test: number[];
}
interface Recipe {
  epochs: number;
  learningRate: number;
}
interface FoldScore {
  trainRows: number;
  testRows: number;
  logLoss: number;
}
interface Validation {
  folds: FoldScore[];
  meanLogLoss: number | null;
}
interface User {
  walkForwardFolds(n: number, options: FoldOptions): Fold[];
  scoreFold(days: Days, fold: Fold, recipe: Recipe): Promise<number>;
  validateWalkForward(days: Days, options: FoldOptions, recipe: Recipe): Promise<Validation>;
}

// ---- Data: the days as the grader hands them over ----

const rows = parseCsv(weatherCsv);
const all: Days = {
  features: rows.map((r) => [Number(r.precipitation), Number(r.temp_max), Number(r.temp_min), Number(r.wind)]),
  labels: rows.map((r) => Number(r.wet_next_3)),
};
const firstDays = (count: number, from = 0): Days => ({ features: all.features.slice(from, from + count), labels: all.labels.slice(from, from + count) });
const graderOptions = expected.grader.options as FoldOptions;
const rollingOptions = expected.rolling.options as FoldOptions;

/** Log-losses are compared within this; the recipe is fixed, so only float rounding separates two correct runs. */
const SCORE_TOLERANCE = 1e-3;

// ---- The fold rule, on the host (the oracle of the hand-written fold cases) ----

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

function foldsOf(n: number, o: FoldOptions): Fold[] {
  const folds: Fold[] = [];
  for (let s = o.firstTest; s + o.testSize <= n; s += o.testSize) {
    const last = s - o.horizon - o.gap - 1;
    const train = range(o.window === null ? 0 : Math.max(0, last - o.window + 1), last);
    if (train.length > 0) folds.push({ train, test: range(s, s + o.testSize - 1) });
  }
  return folds;
}

// ---- Drivers (run in the sandbox; self-contained) ----

const foldsRun = (user: User, input: { n: number; options: FoldOptions }) => user.walkForwardFolds(input.n, input.options);
const scoreRun = (user: User, input: { days: Days; fold: Fold; recipe: Recipe }) => user.scoreFold(input.days, input.fold, input.recipe);
const validateRun = (user: User, input: { days: Days; options: FoldOptions; recipe: Recipe }) => user.validateWalkForward(input.days, input.options, input.recipe);

// ---- Checks (run on the host) ----

function checkFolds(actual: Plain, input: { n: number; options: FoldOptions }, t: Checker, where: string): void {
  const got = actual as unknown as Fold[];
  const want = foldsOf(input.n, input.options);
  t.equal(Array.isArray(got) ? got.length : -1, want.length, { what: 'number of folds', visibleWhat: `number of folds (${where})` });
  want.forEach((fold, k) => {
    t.equal(got[k]?.test, fold.test, { what: 'test rows of a fold', visibleWhat: `test rows of fold ${k} (${where})` });
    t.equal(got[k]?.train, fold.train, { what: 'training rows of a fold', visibleWhat: `training rows of fold ${k} (${where})` });
  });
}

function checkValidation(actual: Plain, want: Validation, t: Checker, where: string): void {
  const got = actual as unknown as Validation;
  t.that(typeof got === 'object' && got !== null && Array.isArray(got.folds), 'validateWalkForward returns { folds, meanLogLoss }');
  t.equal(got.folds.map((f) => [f.trainRows, f.testRows]), want.folds.map((f) => [f.trainRows, f.testRows]), { what: 'training and test rows of each fold', visibleWhat: `training and test rows of each fold (${where})` });
  t.closeTo(got.folds.map((f) => f.logLoss), want.folds.map((f) => f.logLoss), { what: 'test log-loss of each fold', visibleWhat: `test log-loss of each fold (${where})`, tolerance: SCORE_TOLERANCE });
  t.closeTo(got.meanLogLoss, want.meanLogLoss, { what: 'mean log-loss over the folds', visibleWhat: `mean log-loss over the folds (${where})`, tolerance: SCORE_TOLERANCE });
}

// ---- Hand-written inputs ----

const promptExpanding = { n: 10, options: { horizon: 2, firstTest: 4, testSize: 2, gap: 1, window: null } };
const promptRolling = { n: 10, options: { horizon: 2, firstTest: 4, testSize: 2, gap: 1, window: 2 } };
const graderFolds = { n: all.labels.length, options: graderOptions };
/** 50 rows: blocks at 6, 12, … 42 (rows 48 and 49 are left over), the first block has no training rows, a rolling window of 5. */
const rollingEdges = { n: 50, options: { horizon: 4, firstTest: 6, testSize: 6, gap: 2, window: 5 } };
/** No look-ahead and no gap: the training set ends right before the block. */
const noHorizon = { n: 12, options: { horizon: 0, firstTest: 3, testSize: 4, gap: 0, window: null } };

// ---- Generated inputs ----

const foldInput = fc.record({
  n: fc.integer({ min: 0, max: 60 }),
  options: fc.record({
    horizon: fc.integer({ min: 0, max: 6 }),
    firstTest: fc.integer({ min: 0, max: 30 }),
    testSize: fc.integer({ min: 1, max: 12 }),
    gap: fc.integer({ min: 0, max: 4 }),
    window: fc.option(fc.integer({ min: 1, max: 25 }), { nil: null }),
  }),
});

/** 40-120 consecutive real days from anywhere in the record, folds sized to give one to three blocks. */
const validationInput = fc
  .record({
    from: fc.integer({ min: 0, max: 1330 }),
    count: fc.integer({ min: 40, max: 120 }),
    horizon: fc.integer({ min: 0, max: 5 }),
    gap: fc.integer({ min: 0, max: 3 }),
    window: fc.option(fc.integer({ min: 10, max: 60 }), { nil: null }),
    epochs: fc.integer({ min: 2, max: 5 }),
    learningRate: fc.constantFrom(0.05, 0.1, 0.3),
  })
  .map(({ from, count, horizon, gap, window, epochs, learningRate }) => ({
    days: firstDays(count, from),
    options: { horizon, firstTest: Math.floor(count / 3), testSize: Math.ceil(count / 4), gap, window },
    recipe: { epochs, learningRate },
  }));

export default defineTests<User>()([
  testCase({
    id: 'prompt-example-expanding',
    name: 'builds the prompt’s expanding folds: purged rows and the gap stay out of training',
    visible: true,
    rules: ['full-test-blocks', 'purge-label-overlap', 'gap-before-test', 'exact-folds'],
    input: promptExpanding,
    run: foldsRun,
    check: (actual, t) => checkFolds(actual, promptExpanding, t, 'the prompt’s expanding example'),
  }),
  testCase({
    id: 'prompt-example-rolling',
    name: 'builds the prompt’s rolling folds: the window counts rows left after purge and gap',
    visible: true,
    rules: ['expanding-or-rolling', 'exact-folds'],
    input: promptRolling,
    run: foldsRun,
    check: (actual, t) => checkFolds(actual, promptRolling, t, 'the prompt’s rolling example'),
  }),
  testCase({
    id: 'grader-folds-on-the-record',
    name: 'builds the four half-year folds of the grader’s options on the 1,458 days',
    visible: true,
    rules: ['full-test-blocks', 'purge-label-overlap', 'gap-before-test', 'exact-folds'],
    input: graderFolds,
    run: foldsRun,
    check: (actual, t) => checkFolds(actual, graderFolds, t, 'the grader’s options'),
  }),
  testCase({
    id: 'scores-the-first-fold',
    name: 'trains a fresh logistic regression on the first fold’s 726 days and scores its 182 test days',
    visible: true,
    rules: ['scaler-from-fold-train', 'training-recipe', 'fold-log-loss'],
    timeoutMs: 6000,
    input: { days: all, fold: foldsOf(all.labels.length, graderOptions)[0]!, recipe: expected.grader.recipe },
    run: scoreRun,
    check: (actual, t) => t.closeTo(actual, expected.firstFold.logLoss, { what: 'test log-loss of the first fold', tolerance: SCORE_TOLERANCE }),
  }),
  testCase({
    id: 'validates-the-record',
    name: 'reports each fold’s rows and log-loss and the mean for the grader’s options',
    visible: true,
    rules: ['report-folds-and-mean', 'training-recipe', 'fold-log-loss'],
    timeoutMs: 8000,
    input: { days: all, options: graderOptions, recipe: expected.grader.recipe },
    run: validateRun,
    check: (actual, t) => checkValidation(actual, expected.grader, t, 'the grader’s options'),
  }),
  testCase({
    id: 'rolling-window-with-gap-and-leftovers',
    name: 'leaves out a fold with no training rows and the rows too few for a block, and rolls a window counted after purge and gap',
    visible: false,
    rules: ['full-test-blocks', 'purge-label-overlap', 'gap-before-test', 'expanding-or-rolling', 'exact-folds'],
    input: rollingEdges,
    run: foldsRun,
    check: (actual, t) => checkFolds(actual, rollingEdges, t, 'a rolling window with a gap'),
  }),
  testCase({
    id: 'no-horizon-no-gap',
    name: 'trains right up to the block when the label reads no later day and there is no gap',
    visible: false,
    rules: ['purge-label-overlap', 'gap-before-test'],
    input: noHorizon,
    run: foldsRun,
    check: (actual, t) => checkFolds(actual, noHorizon, t, 'horizon 0'),
  }),
  testCase({
    id: 'no-block-fits',
    name: 'gives no folds when the first block does not fit, and a null mean when validating them',
    visible: false,
    rules: ['exact-folds', 'report-folds-and-mean'],
    input: { days: firstDays(30), options: { horizon: 3, firstTest: 25, testSize: 6, gap: 0, window: null }, recipe: { epochs: 2, learningRate: 0.1 } },
    run: validateRun,
    check: (actual, t) => t.equal(actual, { folds: [], meanLogLoss: null }, { what: 'validation with no fold' }),
  }),
  testCase({
    id: 'validates-rolling-folds',
    name: 'validates 700 days with a 200-day rolling window, a 5-day horizon, a 3-day gap and another recipe',
    visible: false,
    rules: ['expanding-or-rolling', 'training-recipe', 'report-folds-and-mean', 'no-leaks'],
    timeoutMs: 6000,
    input: { days: firstDays(expected.rolling.days), options: rollingOptions, recipe: expected.rolling.recipe },
    run: validateRun,
    check: (actual, t) => checkValidation(actual, expected.rolling, t, 'rolling folds'),
  }),
  testCase({
    id: 'scaler-from-winter-training-rows',
    name: 'standardises summer test days with the statistics of the winter training days only',
    visible: false,
    rules: ['scaler-from-fold-train', 'fold-log-loss', 'no-leaks'],
    timeoutMs: 6000,
    input: { days: all, fold: expected.winter.fold, recipe: expected.winter.recipe },
    run: scoreRun,
    check: (actual, t) => t.closeTo(actual, expected.winter.logLoss, { what: 'test log-loss with a scaler fitted on the training rows', tolerance: SCORE_TOLERANCE }),
  }),
  testCase({
    id: 'constant-feature-in-training',
    name: 'divides a feature that is constant on the training rows (dry days only) by 1',
    visible: false,
    rules: ['scaler-from-fold-train', 'fold-log-loss'],
    timeoutMs: 6000,
    input: { days: all, fold: expected.dry.fold, recipe: expected.dry.recipe },
    run: scoreRun,
    check: (actual, t) => t.closeTo(actual, expected.dry.logLoss, { what: 'test log-loss when a feature is constant in training', tolerance: SCORE_TOLERANCE }),
  }),
  generatedCases({
    id: 'folds-on-generated-options',
    name: 'builds the reference’s folds for generated lengths, horizons, gaps, block sizes and windows',
    rules: ['full-test-blocks', 'purge-label-overlap', 'gap-before-test', 'expanding-or-rolling', 'exact-folds'],
    input: foldInput,
    examples: [
      { n: 0, options: { horizon: 1, firstTest: 0, testSize: 1, gap: 0, window: null } },
      { n: 20, options: { horizon: 2, firstTest: 14, testSize: 6, gap: 1, window: null } },
      { n: 20, options: { horizon: 2, firstTest: 3, testSize: 5, gap: 0, window: 1 } },
      { n: 15, options: { horizon: 0, firstTest: 0, testSize: 3, gap: 0, window: 4 } },
    ],
    count: 28,
    run: foldsRun,
    what: 'walk-forward folds',
  }),
  generatedCases({
    id: 'validation-on-generated-days',
    name: 'validates generated stretches of real days like the reference (expanding and rolling, horizons 0-5, gaps 0-3)',
    rules: ['scaler-from-fold-train', 'training-recipe', 'fold-log-loss', 'report-folds-and-mean', 'no-leaks'],
    input: validationInput,
    count: 4,
    perCase: 2,
    timeoutMs: 6000,
    run: validateRun,
    what: 'fold scores and their mean',
  }),
]);
