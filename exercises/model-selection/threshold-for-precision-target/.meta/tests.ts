import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import csv from '../data/transactions.csv';

interface Metrics {
  precision: number;
  recall: number;
  flagged: number;
}
interface OperatingPoint extends Metrics {
  threshold: number;
}
interface ScoredRow {
  id: string;
  score: number;
  label: number;
  split: string;
}
interface ReviewPlan {
  threshold: number;
  validation: Metrics;
  test: Metrics;
}

interface User {
  evaluateAt(threshold: number, scores: number[], labels: number[]): Metrics;
  chooseThreshold(scores: number[], labels: number[], minPrecision: number): OperatingPoint | null;
  planReviewQueue(rows: ScoredRow[], minPrecision: number): ReviewPlan | null;
}

interface ChooseInput {
  scores: number[];
  labels: number[];
  minPrecision: number;
}

// ---- Host-side reference: brute force over every distinct observed score. ----

function metricsAt(threshold: number, scores: number[], labels: number[]): Metrics {
  let flagged = 0;
  let truePositives = 0;
  let positives = 0;
  scores.forEach((score, i) => {
    if (labels[i] === 1) positives += 1;
    if (score >= threshold) {
      flagged += 1;
      if (labels[i] === 1) truePositives += 1;
    }
  });
  return { precision: flagged === 0 ? 0 : truePositives / flagged, recall: positives === 0 ? 0 : truePositives / positives, flagged };
}

function bestPoint(scores: number[], labels: number[], minPrecision: number): OperatingPoint | null {
  if (!labels.includes(1)) return null;
  const candidates = [...new Set(scores.filter((s) => !Number.isNaN(s)))];
  let best: OperatingPoint | null = null;
  for (const threshold of candidates) {
    const m = metricsAt(threshold, scores, labels);
    if (m.precision < minPrecision) continue;
    if (best === null || m.recall > best.recall || (m.recall === best.recall && threshold > best.threshold)) {
      best = { threshold, ...m };
    }
  }
  return best;
}

function isPoint(value: unknown): value is OperatingPoint {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return ['threshold', 'precision', 'recall', 'flagged'].every((key) => typeof v[key] === 'number');
}

function isMetrics(value: unknown): value is Metrics {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return ['precision', 'recall', 'flagged'].every((key) => typeof v[key] === 'number');
}

const fmt = (n: number) => String(Number(n.toPrecision(6)));

/** Judges a chooseThreshold answer against the best threshold; `where` names the situation in every message. */
function checkPoint(actual: Plain, input: ChooseInput, t: Checker, where: string): void {
  const { scores, labels, minPrecision } = input;
  const expected = bestPoint(scores, labels, minPrecision);
  if (expected === null) {
    t.that(actual === null, `should return null (${where})`, { expected: 'null', actual: JSON.stringify(actual) });
    return;
  }
  t.that(actual !== null, `returned null, but a threshold meets the precision target (${where})`, { expected: 'an operating point', actual: 'null' });
  t.that(isPoint(actual), `should return { threshold, precision, recall, flagged } as numbers (${where})`);
  const point = actual as unknown as OperatingPoint;
  t.that(scores.includes(point.threshold), `the threshold must be one of the observed scores (${where})`, { actual: fmt(point.threshold) });

  const truth = metricsAt(point.threshold, scores, labels);
  t.closeTo({ precision: point.precision, recall: point.recall, flagged: point.flagged }, truth, {
    what: `reported metrics must match flagging every score >= the chosen threshold (${where})`,
  });
  t.that(truth.precision >= minPrecision, `the chosen threshold misses the precision target (${where})`, {
    expected: `precision >= ${minPrecision}`,
    actual: `precision ${fmt(truth.precision)} at threshold ${fmt(point.threshold)}`,
  });
  t.that(truth.recall >= expected.recall, `a lower threshold still meets the precision target with higher recall (${where})`, {
    expected: `recall ${fmt(expected.recall)} at threshold ${fmt(expected.threshold)}`,
    actual: `recall ${fmt(truth.recall)} at threshold ${fmt(point.threshold)}`,
  });
  t.equal(point.threshold, expected.threshold, { what: `chosen threshold (${where})` });
}

// ---- Data ----

const rows: ScoredRow[] = parseCsv(csv).map((r) => ({
  id: String(r.id),
  score: Number(r.score),
  label: Number(r.label),
  split: String(r.split),
}));
const validation = rows.filter((r) => r.split === 'validation');
const validationScores = validation.map((r) => r.score);
const validationLabels = validation.map((r) => r.label);

/** The worked example of the prompt: precision dips at 0.88 and recovers at 0.72. */
const example = {
  scores: [0.97, 0.91, 0.88, 0.85, 0.85, 0.72, 0.64, 0.4, 0.33, 0.12],
  labels: [1, 1, 0, 1, 1, 1, 0, 1, 0, 0],
};

function planExpectation(planRows: ScoredRow[], minPrecision: number): ReviewPlan | null {
  const v = planRows.filter((r) => r.split === 'validation');
  const te = planRows.filter((r) => r.split === 'test');
  const point = bestPoint(
    v.map((r) => r.score),
    v.map((r) => r.label),
    minPrecision,
  );
  if (point === null) return null;
  return {
    threshold: point.threshold,
    validation: metricsAt(
      point.threshold,
      v.map((r) => r.score),
      v.map((r) => r.label),
    ),
    test: metricsAt(
      point.threshold,
      te.map((r) => r.score),
      te.map((r) => r.label),
    ),
  };
}

function checkPlan(actual: Plain, planRows: ScoredRow[], minPrecision: number, t: Checker, where: string): void {
  const expected = planExpectation(planRows, minPrecision);
  if (expected === null) {
    t.that(actual === null, `should return null when no validation threshold reaches the target (${where})`, { expected: 'null', actual: JSON.stringify(actual) });
    return;
  }
  const plan = actual as unknown as ReviewPlan | null;
  t.that(plan !== null && typeof plan === 'object' && typeof plan.threshold === 'number', `should return { threshold, validation, test } (${where})`);
  t.that(isMetrics(plan!.validation) && isMetrics(plan!.test), `validation and test must each be { precision, recall, flagged } (${where})`);
  if (plan!.threshold !== expected.threshold) {
    const bestOn = (subset: ScoredRow[]) =>
      bestPoint(
        subset.map((r) => r.score),
        subset.map((r) => r.label),
        minPrecision,
      )?.threshold;
    const onTest = bestOn(planRows.filter((r) => r.split === 'test'));
    const onAll = bestOn(planRows);
    t.that(plan!.threshold !== onTest, `review threshold was tuned on the test split: choose it on the validation rows, then only evaluate it on test (${where})`);
    t.that(plan!.threshold !== onAll, `review threshold was tuned on validation and test together: choose it on the validation rows only (${where})`);
  }
  t.equal(plan!.threshold, expected.threshold, { what: `review threshold (the best threshold on the validation rows) (${where})` });
  t.closeTo(plan!.validation, expected.validation, { what: `validation-split metrics at the review threshold (${where})` });
  t.closeTo(plan!.test, expected.test, { what: `test-split metrics at the review threshold (${where})` });
}

// ---- Generated months: any size, fraud rate and split, heavy ties, NaN scores, exact targets. ----

interface GeneratedMonth {
  rows: ScoredRow[];
  minPrecision: number;
  threshold: number;
}

/** Scores on a coarse grid (many ties), a fine grid, the ends 0 and 1, and NaN (a failed model call). */
const generatedScore = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 20 }).map((k) => k / 20) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);

/** Fraud rate from none (rate 0) through mostly fraud to all fraud (rate 5). */
const generatedRows = fc.integer({ min: 0, max: 5 }).chain((rate) =>
  fc
    .array(
      fc.record({
        score: generatedScore,
        label: fc.integer({ min: 0, max: 4 }).map((x) => (x < rate ? 1 : 0)),
        split: fc.constantFrom('validation', 'validation', 'test'),
      }),
      { maxLength: 40 },
    )
    .map((items) => items.map((item, i) => ({ id: `txn-${String(i + 1).padStart(5, '0')}`, ...item }))),
);

/** The precision each observed validation score reaches: a target exactly there is met. */
function validationPrecisions(monthRows: ScoredRow[]): number[] {
  const v = monthRows.filter((r) => r.split === 'validation');
  const scores = v.map((r) => r.score);
  const labels = v.map((r) => r.label);
  return [...new Set(scores.filter((score) => !Number.isNaN(score)))].map((threshold) => metricsAt(threshold, scores, labels).precision);
}

const generatedMonth: fc.Arbitrary<GeneratedMonth> = generatedRows.chain((monthRows) => {
  const exactTargets = validationPrecisions(monthRows);
  const observed = monthRows.map((r) => r.score).filter((score) => !Number.isNaN(score));
  const target = fc.oneof(
    fc.constantFrom(0, 1),
    fc.integer({ min: 0, max: 100 }).map((k) => k / 100),
    ...(exactTargets.length > 0 ? [fc.constantFrom(...exactTargets), fc.constantFrom(...exactTargets)] : []),
  );
  const threshold = fc.oneof(fc.integer({ min: 0, max: 20 }).map((k) => k / 20), ...(observed.length > 0 ? [fc.constantFrom(...observed)] : []));
  return fc.record({ rows: fc.constant(monthRows), minPrecision: target, threshold });
});

/** The boundaries the prompt defines, always graded first. */
const boundaryMonths: GeneratedMonth[] = [
  { rows: [], minPrecision: 0.9, threshold: 0.5 },
  {
    rows: [
      { id: 'txn-1', score: 0.8, label: 1, split: 'validation' },
      { id: 'txn-2', score: 0.8, label: 0, split: 'validation' },
      { id: 'txn-3', score: 0.8, label: 1, split: 'validation' },
      { id: 'txn-4', score: Number.NaN, label: 1, split: 'validation' },
      { id: 'txn-5', score: 0.4, label: 0, split: 'test' },
      { id: 'txn-6', score: 0.9, label: 0, split: 'test' },
    ],
    minPrecision: 2 / 3,
    threshold: 0.8,
  },
  {
    rows: [
      { id: 'txn-1', score: 0.3, label: 0, split: 'validation' },
      { id: 'txn-2', score: 0.2, label: 0, split: 'validation' },
      { id: 'txn-3', score: 0.7, label: 1, split: 'test' },
    ],
    minPrecision: 0,
    threshold: 0,
  },
  {
    rows: [
      { id: 'txn-1', score: 1, label: 1, split: 'validation' },
      { id: 'txn-2', score: 0, label: 1, split: 'validation' },
      { id: 'txn-3', score: 0, label: 0, split: 'validation' },
      { id: 'txn-4', score: 1, label: 0, split: 'test' },
    ],
    minPrecision: 1,
    threshold: 1,
  },
];

/** The three functions on one month, with the arrays handed over lent so changes to them show. */
function planMonth(user: User, input: GeneratedMonth, h: HarnessHelpers) {
  const monthRows = h.lend(input.rows.map((r) => ({ ...r })));
  const scores = h.lend(input.rows.map((r) => r.score));
  const labels = h.lend(input.rows.map((r) => r.label));
  const v = input.rows.filter((r) => r.split === 'validation');
  const vScores = h.lend(v.map((r) => r.score));
  const vLabels = h.lend(v.map((r) => r.label));
  return {
    metrics: user.evaluateAt(input.threshold, scores, labels),
    point: user.chooseThreshold(vScores, vLabels, input.minPrecision),
    plan: user.planReviewQueue(monthRows, input.minPrecision),
    inputsAfter: { rows: monthRows, scores, labels, vScores, vLabels },
  };
}

// ---- Hand-made cases for the edges ----

/** Four items tied at 0.80: flagged together they miss 0.75 precision; the first one alone would not. */
const tied: ChooseInput = {
  scores: [0.3, 0.8, 0.95, 0.9, 0.8, 0.2, 0.8, 0.9, 0.8, 0.1],
  labels: [0, 1, 1, 1, 0, 0, 0, 1, 1, 0],
  minPrecision: 0.75,
};

/** Ten items at or above 0.90 with exactly nine frauds: precision 0.9 meets a 0.9 target. */
const exactlyAtTarget: ChooseInput = {
  scores: [0.93, 0.99, 0.9, 0.4, 0.97, 0.91, 0.95, 0.5, 0.92, 0.96, 0.94, 0.98],
  labels: [1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1],
  minPrecision: 0.9,
};

const planWithoutValidationWinner: ScoredRow[] = [
  { id: 'txn-a1', score: 0.95, label: 0, split: 'validation' },
  { id: 'txn-a2', score: 0.9, label: 1, split: 'validation' },
  { id: 'txn-a3', score: 0.85, label: 0, split: 'validation' },
  { id: 'txn-a4', score: 0.5, label: 1, split: 'validation' },
  { id: 'txn-a5', score: 0.97, label: 1, split: 'test' },
  { id: 'txn-a6', score: 0.9, label: 1, split: 'test' },
  { id: 'txn-a7', score: 0.6, label: 0, split: 'test' },
];

const planWithQuietTestSplit: ScoredRow[] = [
  { id: 'txn-b1', score: 0.9, label: 1, split: 'validation' },
  { id: 'txn-b2', score: 0.7, label: 0, split: 'test' },
  { id: 'txn-b3', score: 0.8, label: 1, split: 'validation' },
  { id: 'txn-b4', score: 0.4, label: 0, split: 'validation' },
  { id: 'txn-b5', score: 0.75, label: 1, split: 'test' },
  { id: 'txn-b6', score: 0.2, label: 0, split: 'test' },
];

export default defineTests<User>()([
  testCase({
    id: 'evaluate-flags-scores-equal-to-threshold',
    name: 'evaluateAt flags every item whose score is at or above the threshold, ties included',
    visible: true,
    rules: ['flag-at-or-above'],
    input: { threshold: 0.85, ...example },
    run: (user: User, input: { threshold: number; scores: number[]; labels: number[] }) => user.evaluateAt(input.threshold, input.scores, input.labels),
    check: (actual, t) => {
      t.that(isMetrics(actual), 'evaluateAt should return { precision, recall, flagged } as numbers');
      t.closeTo(actual, metricsAt(0.85, example.scores, example.labels), { what: 'metrics when flagging score >= threshold 0.85' });
    },
  }),
  testCase({
    id: 'chooses-highest-recall-meeting-target',
    name: 'chooseThreshold keeps lowering the threshold past a dip in precision and returns the highest recall that meets the target',
    visible: true,
    rules: ['highest-recall'],
    input: { ...example, minPrecision: 0.8 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, { ...example, minPrecision: 0.8 }, t, 'worked example, where precision dips and recovers'),
  }),
  testCase({
    id: 'chooses-threshold-on-validation-scores',
    name: 'chooseThreshold finds the 0.90-precision threshold with the most recall on the validation transactions',
    visible: true,
    rules: ['highest-recall', 'observed-threshold'],
    input: { scores: validationScores, labels: validationLabels, minPrecision: 0.9 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, { scores: validationScores, labels: validationLabels, minPrecision: 0.9 }, t, 'validation split, target 0.90'),
  }),
  testCase({
    id: 'plans-on-validation-reports-on-test',
    name: 'planReviewQueue chooses the threshold on the validation split and reports it honestly on the test split',
    visible: true,
    rules: ['choose-on-validation', 'honest-test-metrics'],
    input: { rows, minPrecision: 0.9 },
    run: (user: User, input: { rows: ScoredRow[]; minPrecision: number }) => user.planReviewQueue(input.rows, input.minPrecision),
    check: (actual, t) => checkPlan(actual, rows, 0.9, t, 'all transactions, target 0.90'),
  }),
  testCase({
    id: 'flags-tied-scores-together',
    name: 'flags all items tied at a score together, even when only part of the group would meet the target',
    visible: false,
    rules: ['flag-at-or-above'],
    input: tied,
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, tied, t, 'tied scores at the boundary'),
  }),
  testCase({
    id: 'returns-null-when-target-unreachable',
    name: 'returns null when no threshold reaches the precision target',
    visible: false,
    rules: ['null-choice'],
    input: { scores: [0.99, 0.9, 0.8, 0.7, 0.6, 0.3], labels: [0, 1, 0, 1, 0, 0], minPrecision: 0.9 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => t.that(actual === null, 'should return null when no threshold reaches the precision target'),
  }),
  testCase({
    id: 'returns-null-without-positives',
    name: 'returns null when there is no fraud to catch, even with a target of 0',
    visible: false,
    rules: ['null-choice'],
    input: { scores: [0.4, 0.3, 0.2, 0.3], labels: [0, 0, 0, 0] },
    run: (user: User, input: { scores: number[]; labels: number[] }) => [
      user.chooseThreshold(input.scores, input.labels, 0.9),
      user.chooseThreshold(input.scores, input.labels, 0),
    ],
    check: (actual, t) => {
      const [strict, lenient] = Array.isArray(actual) ? actual : [undefined, undefined];
      t.that(strict === null, 'should return null when the labels hold no fraud (target 0.9)');
      t.that(lenient === null, 'should return null when the labels hold no fraud (target 0)');
    },
  }),
  testCase({
    id: 'flags-everything-when-all-positive',
    name: 'flags every item when every item is fraud',
    visible: false,
    rules: ['highest-recall'],
    input: { scores: [0.7, 0.2, 0.5, 0.5], labels: [1, 1, 1, 1], minPrecision: 0.9 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, { scores: [0.7, 0.2, 0.5, 0.5], labels: [1, 1, 1, 1], minPrecision: 0.9 }, t, 'only fraud in the data'),
  }),
  testCase({
    id: 'target-zero-flags-everything',
    name: 'with a precision target of 0 every threshold qualifies and the lowest score wins',
    visible: false,
    rules: ['target-range'],
    input: { scores: validationScores, labels: validationLabels, minPrecision: 0 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, { scores: validationScores, labels: validationLabels, minPrecision: 0 }, t, 'target 0: every threshold qualifies'),
  }),
  testCase({
    id: 'target-one-allows-no-false-alarms',
    name: 'with a precision target of 1 the threshold flags no legitimate transaction',
    visible: false,
    rules: ['target-range'],
    input: { scores: validationScores, labels: validationLabels, minPrecision: 1 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, { scores: validationScores, labels: validationLabels, minPrecision: 1 }, t, 'target 1: no false alarms allowed'),
  }),
  testCase({
    id: 'stricter-target-on-validation',
    name: 'a stricter 0.95 target moves the threshold up and gives up recall',
    visible: false,
    rules: ['highest-recall', 'observed-threshold'],
    input: { scores: validationScores, labels: validationLabels, minPrecision: 0.95 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, { scores: validationScores, labels: validationLabels, minPrecision: 0.95 }, t, 'validation split, target 0.95'),
  }),
  testCase({
    id: 'handles-empty-input',
    name: 'handles no transactions: evaluateAt gives zeros, chooseThreshold and planReviewQueue give null',
    visible: false,
    rules: ['zero-denominators', 'null-choice', 'null-plan'],
    input: {},
    run: (user: User) => ({
      metrics: user.evaluateAt(0.5, [], []),
      point: user.chooseThreshold([], [], 0.9),
      plan: user.planReviewQueue([], 0.9),
    }),
    check: (actual, t) => {
      const out = (actual ?? {}) as { metrics?: Plain; point?: Plain; plan?: Plain };
      t.that(isMetrics(out.metrics), 'evaluateAt on no items should return { precision, recall, flagged } as numbers');
      t.closeTo(out.metrics, { precision: 0, recall: 0, flagged: 0 }, { what: 'evaluateAt on no items' });
      t.that(out.point === null, 'chooseThreshold on no items should return null');
      t.that(out.plan === null, 'planReviewQueue on no rows should return null');
    },
  }),
  testCase({
    id: 'never-flags-unscored-items',
    name: 'never flags an item whose score is NaN, but still counts a missed fraud in recall',
    visible: false,
    rules: ['nan-scores'],
    input: { scores: [0.9, Number.NaN, 0.8, 0.6, Number.NaN, 0.3], labels: [1, 1, 1, 0, 0, 0], minPrecision: 0.9 },
    run: (user: User, input: ChooseInput) => ({
      point: user.chooseThreshold(input.scores, input.labels, input.minPrecision),
      metrics: user.evaluateAt(0.5, input.scores, input.labels),
    }),
    check: (actual, t) => {
      const scores = [0.9, Number.NaN, 0.8, 0.6, Number.NaN, 0.3];
      const labels = [1, 1, 1, 0, 0, 0];
      const out = (actual ?? {}) as { metrics?: Plain; point?: Plain };
      t.that(isMetrics(out.metrics), 'evaluateAt should return { precision, recall, flagged } as numbers (unscored items)');
      t.closeTo(out.metrics, metricsAt(0.5, scores, labels), { what: 'metrics at threshold 0.5 with unscored (NaN) items' });
      checkPoint(out.point ?? null, { scores, labels, minPrecision: 0.9 }, t, 'unscored (NaN) items');
    },
  }),
  testCase({
    id: 'precision-exactly-at-target-counts',
    name: 'a threshold whose precision equals the target exactly meets it',
    visible: false,
    rules: ['target-inclusive'],
    input: exactlyAtTarget,
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) => checkPoint(actual, exactlyAtTarget, t, 'precision exactly at the target'),
  }),
  testCase({
    id: 'prefers-higher-threshold-on-equal-recall',
    name: 'when several thresholds reach the same best recall, returns the highest (the smallest review queue)',
    visible: false,
    rules: ['highest-recall'],
    input: { scores: [0.5, 0.9, 0.2, 0.8, 0.7], labels: [0, 1, 0, 1, 0], minPrecision: 0.5 },
    run: (user: User, input: ChooseInput) => user.chooseThreshold(input.scores, input.labels, input.minPrecision),
    check: (actual, t) =>
      checkPoint(actual, { scores: [0.5, 0.9, 0.2, 0.8, 0.7], labels: [0, 1, 0, 1, 0], minPrecision: 0.5 }, t, 'several thresholds with the same recall'),
  }),
  testCase({
    id: 'plan-with-looser-target',
    name: 'planReviewQueue with a looser 0.85 target still chooses on validation and reports on test',
    visible: false,
    rules: ['choose-on-validation', 'honest-test-metrics'],
    input: { rows, minPrecision: 0.85 },
    run: (user: User, input: { rows: ScoredRow[]; minPrecision: number }) => user.planReviewQueue(input.rows, input.minPrecision),
    check: (actual, t) => checkPlan(actual, rows, 0.85, t, 'all transactions, target 0.85'),
  }),
  testCase({
    id: 'plan-null-when-validation-misses-target',
    name: 'planReviewQueue returns null when no validation threshold meets the target, whatever the test split would allow',
    visible: false,
    rules: ['null-plan'],
    input: { rows: planWithoutValidationWinner, minPrecision: 0.9 },
    run: (user: User, input: { rows: ScoredRow[]; minPrecision: number }) => user.planReviewQueue(input.rows, input.minPrecision),
    check: (actual, t) => checkPlan(actual, planWithoutValidationWinner, 0.9, t, 'validation never reaches the target'),
  }),
  testCase({
    id: 'plan-reports-zeros-when-test-flags-nothing',
    name: 'planReviewQueue reports precision 0 and recall 0 on a test split where nothing reaches the threshold',
    visible: false,
    rules: ['honest-test-metrics', 'zero-denominators'],
    input: { rows: planWithQuietTestSplit, minPrecision: 0.9 },
    run: (user: User, input: { rows: ScoredRow[]; minPrecision: number }) => user.planReviewQueue(input.rows, input.minPrecision),
    check: (actual, t) => checkPlan(actual, planWithQuietTestSplit, 0.9, t, 'nothing flagged on the test split'),
  }),
  generatedCases({
    id: 'plans-generated-months-like-the-reference',
    name: 'evaluates, chooses and plans like the reference on generated months (any size and fraud rate, tied and NaN scores, targets of 0, 1 and exactly at a reachable precision)',
    rules: ['flag-at-or-above', 'zero-denominators', 'nan-scores', 'observed-threshold', 'target-inclusive', 'highest-recall', 'null-choice', 'target-range', 'choose-on-validation', 'honest-test-metrics', 'null-plan', 'plain-and-unchanged'],
    input: generatedMonth,
    examples: boundaryMonths,
    count: 32,
    run: planMonth,
    what: 'review plan',
  }),
]);
