import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import csv from '../data/churn-scores.csv';

interface ScoredRow {
  id: string;
  score: number;
  label: number;
  split: string;
}
interface Bin {
  lower: number;
  upper: number;
  count: number;
  meanScore: number | null;
  positiveRate: number | null;
}
interface Platt {
  a: number;
  b: number;
}
interface Quality {
  ece: number;
  brier: number;
}
interface CalibrationReport {
  raw: Quality;
  platt: Platt | null;
  calibrated: Quality | null;
  decision: 'use-raw' | 'use-platt' | 'do-not-use';
}
interface User {
  reliabilityBins(scores: number[], labels: number[], bins: number): Bin[];
  expectedCalibrationError(scores: number[], labels: number[], bins: number): number;
  brierScore(scores: number[], labels: number[]): number;
  fitPlatt(scores: number[], labels: number[]): Platt | null;
  applyPlatt(platt: Platt, scores: number[]): number[];
  calibrationReport(rows: ScoredRow[], bins: number, maxEce: number): CalibrationReport;
}
interface Scores {
  scores: number[];
  labels: number[];
}

/** How close a and b must be to the optimum of Platt's objective. */
const PLATT_TOLERANCE = 1e-3;
/** How close bin statistics, ECE, Brier scores and calibrated scores must be (float32 arithmetic passes). */
const TOLERANCE = 1e-5;

// ---- Host-side reference ----

function binsOf(scores: number[], labels: number[], bins: number): Bin[] {
  return Array.from({ length: bins }, (_, i) => {
    const members = scores.flatMap((s, j) => (!Number.isNaN(s) && Math.min(bins - 1, Math.floor(s * bins)) === i ? [j] : []));
    const n = members.length;
    return {
      lower: i / bins,
      upper: (i + 1) / bins,
      count: n,
      meanScore: n === 0 ? null : members.reduce((sum, j) => sum + scores[j]!, 0) / n,
      positiveRate: n === 0 ? null : members.filter((j) => labels[j] === 1).length / n,
    };
  });
}

function eceOf(scores: number[], labels: number[], bins: number): number {
  const table = binsOf(scores, labels, bins);
  const scored = scores.filter((s) => !Number.isNaN(s)).length;
  if (scored === 0) return NaN;
  return table.reduce((sum, bin) => sum + (bin.count === 0 ? 0 : (bin.count / scored) * Math.abs(bin.meanScore! - bin.positiveRate!)), 0);
}

function brierOf(scores: number[], labels: number[]): number {
  const scored = scores.flatMap((s, i) => (Number.isNaN(s) ? [] : [(s - labels[i]!) ** 2]));
  return scored.length === 0 ? NaN : scored.reduce((a, b) => a + b, 0) / scored.length;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Minimises the cross-entropy of sigmoid(a s + b) against `targets` by Newton's method with step halving. */
function logisticFit(x: number[], targets: number[]): Platt {
  const loss = (a: number, b: number) =>
    x.reduce((sum, s, i) => {
      const z = a * s + b;
      return sum + (z >= 0 ? (1 - targets[i]!) * z + Math.log1p(Math.exp(-z)) : -targets[i]! * z + Math.log1p(Math.exp(z)));
    }, 0);
  let a = 0;
  let b = 0;
  for (let it = 0; it < 200; it += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    x.forEach((s, i) => {
      const p = sigmoid(a * s + b);
      ga += (p - targets[i]!) * s;
      gb += p - targets[i]!;
      haa += p * (1 - p) * s * s;
      hab += p * (1 - p) * s;
      hbb += p * (1 - p);
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    const before = loss(a, b);
    let step = 1;
    while (step > 1e-12 && !(loss(a - step * da, b - step * db) <= before)) step /= 2;
    a -= step * da;
    b -= step * db;
    if (Math.abs(step * da) + Math.abs(step * db) < 1e-13) break;
  }
  return { a, b };
}

function plattOf(scores: number[], labels: number[], smoothed = true): Platt | null {
  const x = scores.filter((s) => !Number.isNaN(s));
  const y = labels.filter((_, i) => !Number.isNaN(scores[i]!));
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const hi = smoothed ? (positives + 1) / (positives + 2) : 1;
  const lo = smoothed ? 1 / (negatives + 2) : 0;
  return logisticFit(
    x,
    y.map((v) => (v === 1 ? hi : lo)),
  );
}

const applyOf = (p: Platt, scores: number[]) => scores.map((s) => (Number.isNaN(s) ? NaN : sigmoid(p.a * s + p.b)));

function reportOf(rows: ScoredRow[], bins: number, maxEce: number): CalibrationReport {
  const v = rows.filter((r) => r.split === 'validation');
  const te = rows.filter((r) => r.split === 'test');
  const scores = te.map((r) => r.score);
  const labels = te.map((r) => r.label);
  const raw = { ece: eceOf(scores, labels, bins), brier: brierOf(scores, labels) };
  const platt = plattOf(
    v.map((r) => r.score),
    v.map((r) => r.label),
  );
  const calibrated = platt && { ece: eceOf(applyOf(platt, scores), labels, bins), brier: brierOf(applyOf(platt, scores), labels) };
  const decision = raw.ece <= maxEce ? 'use-raw' : calibrated && calibrated.ece <= maxEce ? 'use-platt' : 'do-not-use';
  return { raw, platt, calibrated, decision };
}

// ---- Checks ----

const isNumber = (v: unknown): v is number => typeof v === 'number';
const near = (p: Plain | undefined, q: Platt | null) => {
  const o = p as Partial<Platt> | null | undefined;
  return q !== null && o != null && isNumber(o.a) && isNumber(o.b) && Math.abs(o.a - q.a) <= PLATT_TOLERANCE && Math.abs(o.b - q.b) <= PLATT_TOLERANCE;
};

function checkBins(actual: Plain, input: Scores & { bins: number }, t: Checker, where: string): void {
  const expected = binsOf(input.scores, input.labels, input.bins);
  t.that(Array.isArray(actual) && actual.length === input.bins, `reliabilityBins should return one bin per interval (${where})`, {
    visibleProperty: `reliabilityBins should return one bin per interval, ${input.bins} in all (${where})`,
  });
  const got = actual as unknown as Bin[];
  t.that(
    got.every((bin) => bin !== null && typeof bin === 'object'),
    `each bin should be an object { lower, upper, count, meanScore, positiveRate } (${where})`,
  );
  const ones = input.scores.filter((s) => s === 1).length;
  if (ones > 0) {
    // Exactly the scores of 1 are missing from the bins: the index floor(1 * bins) fell off the end.
    const total = got.reduce((sum, bin) => sum + (isNumber(bin.count) ? bin.count : 0), 0);
    const lastShort = expected[input.bins - 1]!.count - (got[input.bins - 1]!.count ?? 0);
    t.that(
      !(total === expected.reduce((sum, bin) => sum + bin.count, 0) - ones && lastShort === ones),
      `a score of exactly 1 belongs to the last bin, whose upper edge 1 is included (${where})`,
      { visibleProperty: `a score of exactly 1 belongs to the last bin, [${fmt(1 - 1 / input.bins)}, 1] (${where})` },
    );
  }
  t.equal(
    got.map((bin) => bin?.count),
    expected.map((bin) => bin.count),
    { what: `bin counts (every score that is not NaN, in bin min(bins - 1, floor(score * bins))) (${where})` },
  );
  expected.forEach((bin, i) => {
    if (bin.count === 0) {
      t.that(got[i]!.meanScore === null && got[i]!.positiveRate === null, `an empty bin has meanScore null and positiveRate null, not NaN or 0 (${where})`, {
        visibleProperty: `an empty bin has meanScore null and positiveRate null, not NaN or 0 (bin ${i}, ${where})`,
      });
    }
  });
  t.closeTo(
    got.map((bin) => [bin.lower, bin.upper]),
    expected.map((bin) => [bin.lower, bin.upper]),
    { what: `bin edges (lower = i / bins, upper = (i + 1) / bins) (${where})`, tolerance: 1e-12 },
  );
  t.closeTo(
    got.map((bin) => bin.meanScore ?? -1),
    expected.map((bin) => bin.meanScore ?? -1),
    { what: `meanScore of each bin (the average score of the rows in it) (${where})`, tolerance: TOLERANCE },
  );
  t.closeTo(
    got.map((bin) => bin.positiveRate ?? -1),
    expected.map((bin) => bin.positiveRate ?? -1),
    { what: `positiveRate of each bin (the share of its rows with label 1) (${where})`, tolerance: TOLERANCE },
  );
}

const fmt = (n: number) => String(Number(n.toPrecision(6)));

function checkPlatt(actual: Plain, input: Scores, t: Checker, where: string, alternatives: { test?: Scores; all?: Scores } = {}): void {
  const expected = plattOf(input.scores, input.labels);
  if (expected === null) {
    t.that(actual === null, `fitPlatt should return null when the scored rows hold only one class (${where})`);
    return;
  }
  const got = actual as Partial<Platt> | null;
  t.that(got != null && typeof got === 'object' && isNumber(got.a) && isNumber(got.b) && Number.isFinite(got.a) && Number.isFinite(got.b), `fitPlatt should return finite numbers { a, b } (${where})`);
  if (!near(actual, expected)) {
    if (alternatives.test) t.that(!near(actual, plattOf(alternatives.test.scores, alternatives.test.labels)), `Platt parameters were fitted on the test split: fit them on the validation rows, then only apply them to test (${where})`);
    if (alternatives.all) t.that(!near(actual, plattOf(alternatives.all.scores, alternatives.all.labels)), `Platt parameters were fitted on validation and test together: fit them on the validation rows only (${where})`);
    const unsmoothed = plattOf(input.scores, input.labels, false);
    t.that(!near(actual, unsmoothed), `a and b fit the 0/1 labels: use Platt's targets (N+ + 1) / (N+ + 2) for label 1 and 1 / (N- + 2) for label 0 (${where})`);
  }
  t.closeTo(actual, expected, { what: `Platt parameters (the minimum of the cross-entropy against Platt's targets) (${where})`, tolerance: PLATT_TOLERANCE });
}

// ---- Data ----

const rows: ScoredRow[] = parseCsv(csv).map((r) => ({
  id: String(r.customer_id),
  score: r.score === null ? Number.NaN : Number(r.score),
  label: Number(r.churned),
  split: String(r.split),
}));
const pick = (split: string): Scores => {
  const subset = rows.filter((r) => r.split === split);
  return { scores: subset.map((r) => r.score), labels: subset.map((r) => r.label) };
};
const validation = pick('validation');
const test = pick('test');
const everything: Scores = { scores: rows.map((r) => r.score), labels: rows.map((r) => r.label) };

/** The worked example of the prompt: 10 customers, 5 bins, bin [0.2, 0.4) empty, one score of exactly 1. */
const example: Scores = {
  scores: [0.05, 0.12, 0.18, 0.41, 0.47, 0.62, 0.66, 0.7, 0.93, 1],
  labels: [0, 0, 1, 0, 1, 1, 0, 1, 1, 1],
};

/** Scores that separate the classes perfectly: plain maximum likelihood has no finite answer. */
const separable: Scores = { scores: [0.1, 0.2, 0.3, 0.35, 0.6, 0.7, 0.8, 0.9], labels: [0, 0, 0, 0, 1, 1, 1, 1] };

const withNaN: Scores = {
  scores: [0.9, Number.NaN, 0.15, 0.55, Number.NaN, 0.8, 0.3, 0.05, 0.62, Number.NaN],
  labels: [1, 1, 0, 1, 0, 0, 0, 0, 1, 1],
};

/** Validation holds no churner: nothing to calibrate against. */
const oneClassValidation: ScoredRow[] = [
  ...[0.1, 0.3, 0.2, 0.5].map((score, i) => ({ id: `v${i}`, score, label: 0, split: 'validation' })),
  ...[0.05, 0.9, 0.2, 0.6, 0.85].map((score, i) => ({ id: `t${i}`, score, label: i === 1 || i === 4 ? 1 : 0, split: 'test' })),
];

function checkReport(actual: Plain, reportRows: ScoredRow[], bins: number, maxEce: number, t: Checker, where: string): void {
  const expected = reportOf(reportRows, bins, maxEce);
  const got = (actual ?? {}) as Partial<CalibrationReport>;
  t.that(got.raw !== undefined && isNumber(got.raw?.ece) && isNumber(got.raw?.brier), `report.raw should be { ece, brier } (${where})`);
  if (Math.abs(got.raw!.ece - expected.raw.ece) > TOLERANCE) {
    const counted = reportRows.filter((r) => r.split === 'test');
    const nanRows = counted.filter((r) => Number.isNaN(r.score)).length;
    if (nanRows > 0) {
      const withNaNRows = (eceOf(counted.map((r) => r.score), counted.map((r) => r.label), bins) * (counted.length - nanRows)) / counted.length;
      t.that(Math.abs(got.raw!.ece - withNaNRows) > TOLERANCE, `raw ECE counts the rows with a NaN score in its denominator: leave them out entirely (${where})`);
    }
  }
  t.closeTo(got.raw, expected.raw, { what: `ECE and Brier score of the raw test scores (${where})`, tolerance: TOLERANCE });
  const v = reportRows.filter((r) => r.split === 'validation');
  const te = reportRows.filter((r) => r.split === 'test');
  checkPlatt(
    (got.platt ?? null) as Plain,
    { scores: v.map((r) => r.score), labels: v.map((r) => r.label) },
    t,
    `${where}, report.platt`,
    {
      test: { scores: te.map((r) => r.score), labels: te.map((r) => r.label) },
      all: { scores: reportRows.map((r) => r.score), labels: reportRows.map((r) => r.label) },
    },
  );
  if (expected.platt === null) {
    t.that(got.calibrated === null, `report.calibrated should be null when there is no Platt fit (${where})`);
  } else {
    // Judged with the submission's own a and b (already checked against the optimum above).
    const own = got.platt as Platt;
    const scores = applyOf(own, te.map((r) => r.score));
    const labels = te.map((r) => r.label);
    t.closeTo(got.calibrated, { ece: eceOf(scores, labels, bins), brier: brierOf(scores, labels) }, {
      what: `ECE and Brier score of the Platt-calibrated test scores (${where})`,
      tolerance: TOLERANCE,
    });
  }
  // The rule applied to the raw ECE and to the ECE of the submission's own calibrated scores; an ECE
  // within float rounding of the limit (but not on it) is a knife edge the rule cannot decide.
  const calibratedEce = got.platt && expected.platt ? ownCalibratedEce(got.platt as Platt, te, bins) : null;
  const onKnifeEdge = (ece: number | null) => ece !== null && ece !== maxEce && Math.abs(ece - maxEce) <= TOLERANCE;
  if (onKnifeEdge(expected.raw.ece) || (!(expected.raw.ece <= maxEce) && onKnifeEdge(calibratedEce))) return;
  const decision = expected.raw.ece <= maxEce ? 'use-raw' : calibratedEce !== null && calibratedEce <= maxEce ? 'use-platt' : 'do-not-use';
  t.equal(got.decision, decision, {
    what: `decision (use-raw if raw ECE <= maxEce, else use-platt if calibrated ECE <= maxEce, else do-not-use) (${where})`,
    visibleWhat: `decision (use-raw if raw ECE <= ${maxEce}, else use-platt if calibrated ECE <= ${maxEce}, else do-not-use) (${where})`,
  });
}

function ownCalibratedEce(own: Platt, te: ScoredRow[], bins: number): number {
  return eceOf(applyOf(own, te.map((r) => r.score)), te.map((r) => r.label), bins);
}


// ---- Generated cases ----

/**
 * A score logged to 3 decimals, exactly on a bin edge (0 and 1 included) or NaN. Only the edges
 * where the two statements of the rule agree (floor((i / bins) * bins) === i) are generated.
 */
const generatedScore = (bins: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: bins }).map((i) => i / bins).filter((s) => s === 1 || Math.floor(s * bins) === Math.round(s * bins)) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, Number.NaN) },
  );
const generatedLabel = fc.constantFrom(0, 1);

/** 1 to 25 bins; 0 to 30 rows with edges, zeros, ones, NaN, one class or both. */
const generatedBinning = fc.integer({ min: 1, max: 25 }).chain((bins) =>
  fc.array(fc.tuple(generatedScore(bins), generatedLabel), { maxLength: 30 }).map((pairs) => ({ bins, scores: pairs.map((p) => p[0]), labels: pairs.map((p) => p[1]) })),
);

/** Both classes among the scored rows with scores spread apart, or not both classes: the optimum is then unique. */
function plattIsDetermined(scores: number[], labels: number[]): boolean {
  const scored = scores.flatMap((s, i) => (Number.isNaN(s) ? [] : [{ s, y: labels[i] }]));
  const bothClasses = scored.some((r) => r.y === 1) && scored.some((r) => r.y === 0);
  if (!bothClasses) return true;
  const values = scored.map((r) => r.s);
  return Math.max(...values) - Math.min(...values) >= 0.2;
}

/** 0 to 30 rows: separable, overlapping, one class, NaN; a Platt curve to apply, rising or falling. */
const generatedPlatt = fc
  .record({
    pairs: fc.array(fc.tuple(generatedScore(10), generatedLabel), { maxLength: 30 }),
    shift: fc.integer({ min: -300, max: 300 }).map((k) => k / 1000),
    platt: fc.record({ a: fc.integer({ min: -80, max: 80 }).map((k) => k / 10), b: fc.integer({ min: -50, max: 50 }).map((k) => k / 10) }),
  })
  .map(({ pairs, shift, platt }) => ({
    // Positives shifted up or down: from well separated to overlapping classes.
    scores: pairs.map(([s, y]) => (Number.isNaN(s) ? s : Math.min(1, Math.max(0, Math.round((s + (y === 1 ? shift : 0)) * 1000) / 1000)))),
    labels: pairs.map((p) => p[1]),
    platt,
  }))
  .filter((c) => plattIsDetermined(c.scores, c.labels));

interface ReportInput {
  rows: ScoredRow[];
  bins: number;
  maxEce: number;
}
/** Validation and test rows in any order and any number (none included), 1 to 15 bins, a limit from 0 to 1. */
const generatedReport: fc.Arbitrary<ReportInput> = fc
  .record({
    bins: fc.integer({ min: 1, max: 15 }),
    maxEce: fc.constantFrom(0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1),
    lift: fc.integer({ min: 0, max: 400 }).map((k) => k / 1000),
    rows: fc.array(fc.record({ score: generatedScore(10), label: generatedLabel, split: fc.constantFrom('validation', 'test') }), { maxLength: 40 }),
  })
  .map(({ bins, maxEce, lift, rows }) => ({
    bins,
    maxEce,
    // Scores pulled towards the label by `lift`: from uninformative to nearly separating the classes.
    rows: rows.map((r, i) => ({ id: `c${i}`, score: Number.isNaN(r.score) ? r.score : Math.min(1, Math.round((r.score * (1 - lift) + lift * r.label) * 1000) / 1000), label: r.label, split: r.split })),
  }))
  .filter((c) => {
    const v = c.rows.filter((r) => r.split === 'validation');
    return plattIsDetermined(
      v.map((r) => r.score),
      v.map((r) => r.label),
    );
  });

/** Raw test ECE exactly 0 with a limit of 0, and exactly 0.5 with a limit of 0.5: both use-raw. */
const reportOnTheLimit: ReportInput[] = [
  {
    bins: 4,
    maxEce: 0,
    rows: [
      { id: 'c0', score: 0, label: 0, split: 'test' },
      { id: 'c1', score: 1, label: 1, split: 'test' },
      { id: 'c2', score: 0.2, label: 0, split: 'validation' },
      { id: 'c3', score: 0.9, label: 1, split: 'validation' },
      { id: 'c4', score: 0.6, label: 0, split: 'validation' },
    ],
  },
  {
    bins: 1,
    maxEce: 0.5,
    rows: [
      { id: 'c0', score: 0.5, label: 1, split: 'test' },
      { id: 'c1', score: 0.5, label: 1, split: 'test' },
      { id: 'c2', score: Number.NaN, label: 0, split: 'test' },
      { id: 'c3', score: 0.1, label: 0, split: 'validation' },
      { id: 'c4', score: 0.7, label: 1, split: 'validation' },
    ],
  },
  { bins: 3, maxEce: 0.1, rows: [] },
];

export default defineTests<User>()([
  testCase({
    id: 'bins-scores-into-equal-width-bins',
    name: 'reliabilityBins puts each score in its equal-width bin, with the bin mean score and positive rate',
    visible: true,
    rules: ['equal-width-bins', 'empty-bins'],
    input: { ...example, bins: 5 },
    run: (user: User, input: Scores & { bins: number }) => user.reliabilityBins(input.scores, input.labels, input.bins),
    check: (actual, t) => checkBins(actual, { ...example, bins: 5 }, t, 'worked example, 5 bins'),
  }),
  testCase({
    id: 'ece-weights-bins-by-count',
    name: 'expectedCalibrationError weights each bin gap by the share of rows in the bin',
    visible: true,
    rules: ['weighted-ece'],
    input: { ...example, bins: 5 },
    run: (user: User, input: Scores & { bins: number }) => user.expectedCalibrationError(input.scores, input.labels, input.bins),
    check: (actual, t) =>
      t.closeTo(actual, eceOf(example.scores, example.labels, 5), {
        what: 'expected calibration error (bin gaps |meanScore - positiveRate| weighted by each bin’s share of the scored rows) (worked example, 5 bins)',
        tolerance: TOLERANCE,
      }),
  }),
  testCase({
    id: 'brier-score-of-raw-test-scores',
    name: 'brierScore is the mean squared difference between score and label on the test customers',
    visible: true,
    rules: ['brier-of-scores', 'nan-scores'],
    input: { example, test },
    run: (user: User, input: { example: Scores; test: Scores }) => ({
      example: user.brierScore(input.example.scores, input.example.labels),
      test: user.brierScore(input.test.scores, input.test.labels),
    }),
    check: (actual, t) =>
      t.closeTo(actual, { example: brierOf(example.scores, example.labels), test: brierOf(test.scores, test.labels) }, {
        what: 'Brier score (mean of (score - label)^2 over the rows with a score)',
        tolerance: TOLERANCE,
      }),
  }),
  testCase({
    id: 'fits-platt-on-validation',
    name: 'fitPlatt finds a and b that minimise the cross-entropy against Platt’s targets on the validation customers',
    visible: true,
    rules: ['platt-targets'],
    input: validation,
    run: (user: User, input: Scores) => user.fitPlatt(input.scores, input.labels),
    check: (actual, t) => checkPlatt(actual, validation, t, 'validation customers'),
  }),
  testCase({
    id: 'report-calibrates-on-validation-judges-on-test',
    name: 'calibrationReport fits Platt on validation, measures raw and calibrated scores on test and decides with a 0.02 ECE limit',
    visible: true,
    rules: ['fit-on-validation', 'decision-rule'],
    input: { rows, bins: 10, maxEce: 0.02 },
    run: (user: User, input: { rows: ScoredRow[]; bins: number; maxEce: number }) => user.calibrationReport(input.rows, input.bins, input.maxEce),
    check: (actual, t) => checkReport(actual, rows, 10, 0.02, t, 'all customers, 10 bins, ECE limit 0.02'),
  }),
  testCase({
    id: 'empty-bins-are-null',
    name: 'empty bins report count 0 with null meanScore and positiveRate, and add nothing to ECE',
    visible: false,
    rules: ['empty-bins', 'weighted-ece'],
    input: { scores: [0.91, 0.02, 0.95, 0.04, 0.99, 0.97], labels: [1, 0, 1, 0, 0, 1], bins: 10 },
    run: (user: User, input: Scores & { bins: number }) => ({
      bins: user.reliabilityBins(input.scores, input.labels, input.bins),
      ece: user.expectedCalibrationError(input.scores, input.labels, input.bins),
    }),
    check: (actual, t) => {
      const input = { scores: [0.91, 0.02, 0.95, 0.04, 0.99, 0.97], labels: [1, 0, 1, 0, 0, 1], bins: 10 };
      const out = (actual ?? {}) as { bins?: Plain; ece?: Plain };
      checkBins(out.bins ?? null, input, t, 'empty bins');
      t.closeTo(out.ece, eceOf(input.scores, input.labels, 10), { what: 'expected calibration error with empty bins (empty bins weigh nothing)', tolerance: TOLERANCE });
    },
  }),
  testCase({
    id: 'edges-zero-and-one',
    name: 'a score of 0 goes to the first bin and a score of exactly 1 to the last one',
    visible: false,
    rules: ['equal-width-bins'],
    input: { scores: [1, 0, 0.5, 1, 0.25, 0.75, 0.999, 0], labels: [1, 0, 1, 1, 0, 1, 1, 0], bins: 4 },
    run: (user: User, input: Scores & { bins: number }) => ({
      bins: user.reliabilityBins(input.scores, input.labels, input.bins),
      ece: user.expectedCalibrationError(input.scores, input.labels, input.bins),
    }),
    check: (actual, t) => {
      const input = { scores: [1, 0, 0.5, 1, 0.25, 0.75, 0.999, 0], labels: [1, 0, 1, 1, 0, 1, 1, 0], bins: 4 };
      const out = (actual ?? {}) as { bins?: Plain; ece?: Plain };
      checkBins(out.bins ?? null, input, t, 'scores on the bin edges');
      t.closeTo(out.ece, eceOf(input.scores, input.labels, 4), { what: 'expected calibration error with scores on the bin edges', tolerance: TOLERANCE });
    },
  }),
  testCase({
    id: 'skips-nan-scores',
    name: 'rows whose score is NaN are left out of the bins, ECE, Brier score and the Platt fit',
    visible: false,
    rules: ['nan-scores', 'apply-platt'],
    input: withNaN,
    run: (user: User, input: Scores) => ({
      bins: user.reliabilityBins(input.scores, input.labels, 5),
      ece: user.expectedCalibrationError(input.scores, input.labels, 5),
      brier: user.brierScore(input.scores, input.labels),
      platt: user.fitPlatt(input.scores, input.labels),
      applied: user.applyPlatt({ a: 3, b: -1.5 }, input.scores),
    }),
    check: (actual, t) => {
      const out = (actual ?? {}) as { bins?: Plain; ece?: Plain; brier?: Plain; platt?: Plain; applied?: Plain };
      checkBins(out.bins ?? null, { ...withNaN, bins: 5 }, t, 'rows with NaN scores');
      const ece = eceOf(withNaN.scores, withNaN.labels, 5);
      t.that(!(isNumber(out.ece) && Math.abs(out.ece - (ece * 7) / 10) < TOLERANCE), 'ECE counts the rows with a NaN score in its denominator: leave them out entirely (rows with NaN scores)');
      t.closeTo(out.ece, ece, { what: 'expected calibration error without the NaN-scored rows', tolerance: TOLERANCE });
      t.closeTo(out.brier, brierOf(withNaN.scores, withNaN.labels), { what: 'Brier score without the NaN-scored rows', tolerance: TOLERANCE });
      checkPlatt(out.platt ?? null, withNaN, t, 'rows with NaN scores');
      t.closeTo(out.applied, applyOf({ a: 3, b: -1.5 }, withNaN.scores), { what: 'applyPlatt (sigmoid(a * score + b), NaN stays NaN)', tolerance: TOLERANCE });
    },
  }),
  testCase({
    id: 'platt-stays-finite-on-separable-scores',
    name: 'fitPlatt gives finite a and b when the scores separate the classes perfectly (Platt’s targets)',
    visible: false,
    rules: ['platt-targets'],
    input: separable,
    run: (user: User, input: Scores) => user.fitPlatt(input.scores, input.labels),
    check: (actual, t) => checkPlatt(actual, separable, t, 'scores that separate the classes'),
  }),
  testCase({
    id: 'no-platt-without-both-classes',
    name: 'fitPlatt returns null with one class only, and the report then decides on the raw scores alone',
    visible: false,
    rules: ['platt-needs-both-classes', 'fit-on-validation', 'decision-rule'],
    input: { rows: oneClassValidation },
    run: (user: User, input: { rows: ScoredRow[] }) => ({
      platt: user.fitPlatt([0.2, 0.4, 0.6], [1, 1, 1]),
      report: user.calibrationReport(input.rows, 5, 0.25),
    }),
    check: (actual, t) => {
      const out = (actual ?? {}) as { platt?: Plain; report?: Plain };
      t.that(out.platt === null, 'fitPlatt should return null when every label is 1 (nothing to calibrate against)');
      checkReport(out.report ?? null, oneClassValidation, 5, 0.25, t, 'validation without churners');
    },
  }),
  testCase({
    id: 'strict-limit-rejects-both',
    name: 'with a 0.005 ECE limit neither raw nor calibrated scores qualify: do-not-use',
    visible: false,
    rules: ['decision-rule', 'fit-on-validation'],
    input: { rows, bins: 10, maxEce: 0.005 },
    run: (user: User, input: { rows: ScoredRow[]; bins: number; maxEce: number }) => user.calibrationReport(input.rows, input.bins, input.maxEce),
    check: (actual, t) => checkReport(actual, rows, 10, 0.005, t, 'all customers, a strict ECE limit'),
  }),
  testCase({
    id: 'loose-limit-keeps-raw',
    name: 'with a 0.3 ECE limit the raw scores already qualify: use-raw',
    visible: false,
    rules: ['decision-rule'],
    input: { rows, bins: 10, maxEce: 0.3 },
    run: (user: User, input: { rows: ScoredRow[]; bins: number; maxEce: number }) => user.calibrationReport(input.rows, input.bins, input.maxEce),
    check: (actual, t) => checkReport(actual, rows, 10, 0.3, t, 'all customers, a loose ECE limit'),
  }),
  testCase({
    id: 'one-bin-is-calibration-in-the-large',
    name: 'with a single bin, ECE is the gap between the mean score and the churn rate',
    visible: false,
    rules: ['weighted-ece', 'equal-width-bins'],
    input: test,
    run: (user: User, input: Scores) => user.expectedCalibrationError(input.scores, input.labels, 1),
    check: (actual, t) => t.closeTo(actual, eceOf(test.scores, test.labels, 1), { what: 'expected calibration error with one bin (test customers)', tolerance: TOLERANCE }),
  }),
  testCase({
    id: 'twenty-bins-on-all-customers',
    name: 'reliabilityBins with 20 bins on every customer, and the report with 20 bins',
    visible: false,
    rules: ['equal-width-bins', 'fit-on-validation', 'decision-rule'],
    input: { rows, everything },
    run: (user: User, input: { rows: ScoredRow[]; everything: Scores }) => ({
      bins: user.reliabilityBins(input.everything.scores, input.everything.labels, 20),
      report: user.calibrationReport(input.rows, 20, 0.03),
    }),
    check: (actual, t) => {
      const out = (actual ?? {}) as { bins?: Plain; report?: Plain };
      checkBins(out.bins ?? null, { ...everything, bins: 20 }, t, 'all customers, more bins');
      checkReport(out.report ?? null, rows, 20, 0.03, t, 'all customers, more bins, another ECE limit');
    },
  }),
  testCase({
    id: 'no-scored-rows',
    name: 'with no scored rows ECE and Brier are NaN, every bin is empty and fitPlatt returns null',
    visible: false,
    rules: ['no-scored-rows', 'empty-bins', 'platt-needs-both-classes'],
    input: { scores: [Number.NaN, Number.NaN], labels: [1, 0] },
    run: (user: User, input: Scores) => ({
      bins: user.reliabilityBins(input.scores, input.labels, 3),
      ece: user.expectedCalibrationError(input.scores, input.labels, 3),
      brier: user.brierScore([], []),
      platt: user.fitPlatt(input.scores, input.labels),
    }),
    check: (actual, t) => {
      const out = (actual ?? {}) as { bins?: Plain; ece?: Plain; brier?: Plain; platt?: Plain };
      checkBins(out.bins ?? null, { scores: [Number.NaN, Number.NaN], labels: [1, 0], bins: 3 }, t, 'no scored rows');
      t.that(Number.isNaN(out.ece as number), 'expected calibration error with no scored rows should be NaN');
      t.that(Number.isNaN(out.brier as number), 'Brier score of no rows should be NaN');
      t.that(out.platt === null, 'fitPlatt with no scored rows should return null');
    },
  }),
  testCase({
    id: 'leaves-the-inputs-unchanged',
    name: 'no function changes the scores, labels, Platt parameters or rows it is given',
    visible: false,
    rules: ['no-mutation'],
    input: { rows: rows.slice(0, 400), scores: [0.9, 0.1, Number.NaN, 0.4, 1, 0], labels: [1, 0, 1, 0, 1, 0] },
    run: (user: User, input: { rows: ScoredRow[]; scores: number[]; labels: number[] }, h: HarnessHelpers) => {
      const scores = h.lend(input.scores.slice());
      const labels = h.lend(input.labels.slice());
      const platt = h.lend({ a: 2, b: -1 });
      const rows = h.lend(input.rows.map((r) => ({ ...r })));
      user.reliabilityBins(scores, labels, 4);
      user.expectedCalibrationError(scores, labels, 4);
      user.brierScore(scores, labels);
      user.fitPlatt(scores, labels);
      user.applyPlatt(platt, scores);
      user.calibrationReport(rows, 10, 0.02);
      return { scores, labels, platt, rows };
    },
    check: (actual, t) => {
      const out = (actual ?? {}) as { scores?: Plain; labels?: Plain; platt?: Plain; rows?: Plain };
      t.equal(out.scores, [0.9, 0.1, Number.NaN, 0.4, 1, 0], { what: 'scores after every function ran on them (must not be changed)' });
      t.equal(out.labels, [1, 0, 1, 0, 1, 0], { what: 'labels after every function ran on them (must not be changed)' });
      t.equal(out.platt, { a: 2, b: -1 }, { what: 'Platt parameters after applyPlatt (must not be changed)' });
      t.equal(out.rows, rows.slice(0, 400), { what: 'rows after calibrationReport (must not be changed)' });
    },
  }),
  generatedCases({
    id: 'bins-generated-scores-like-the-reference',
    name: 'bins, ECE and Brier score match the reference for generated scores (1 to 25 bins, no rows, scores on bin edges, 0, 1 and NaN, one class)',
    rules: ['equal-width-bins', 'empty-bins', 'weighted-ece', 'brier-of-scores', 'nan-scores', 'no-scored-rows'],
    input: generatedBinning,
    examples: [
      { bins: 1, scores: [], labels: [] },
      { bins: 7, scores: [1, 1, 0, Number.NaN], labels: [1, 0, 0, 1] },
    ],
    count: 28,
    run: (user: User, input: Scores & { bins: number }) => ({
      bins: user.reliabilityBins(input.scores, input.labels, input.bins),
      ece: user.expectedCalibrationError(input.scores, input.labels, input.bins),
      brier: user.brierScore(input.scores, input.labels),
    }),
    what: 'reliability bins, ECE and Brier score',
  }),
  generatedCases({
    id: 'fits-and-applies-platt-like-the-reference',
    name: 'fitPlatt finds the optimum against Platt’s targets (or null) and applyPlatt maps scores like the reference for generated scores (separable, overlapping, one class, NaN)',
    rules: ['platt-targets', 'platt-needs-both-classes', 'apply-platt', 'nan-scores'],
    input: generatedPlatt,
    examples: [
      { scores: [0.2, 0.8], labels: [0, 1], platt: { a: 0, b: 0 } },
      { scores: [0.3, Number.NaN, 0.3], labels: [1, 0, 1], platt: { a: -4, b: 2 } },
      // Thirty scores that separate the classes: Platt's targets sit close to 0 and 1.
      { scores: Array.from({ length: 30 }, (_, i) => (i < 15 ? i / 50 : 0.6 + i / 100)), labels: Array.from({ length: 30 }, (_, i) => (i < 15 ? 0 : 1)), platt: { a: 1, b: 0 } },
    ],
    count: 28,
    run: (user: User, input: Scores & { platt: Platt }) => ({
      platt: user.fitPlatt(input.scores, input.labels),
      applied: user.applyPlatt(input.platt, input.scores),
    }),
    what: 'Platt fit and calibrated scores',
    compare: (actual, expected, t) => {
      const got = (actual ?? {}) as { platt?: Plain; applied?: Plain };
      const want = expected as unknown as { platt: Platt | null; applied: number[] };
      if (want.platt === null) t.that(got.platt === null, 'fitPlatt should return null unless the scored rows hold both classes');
      else t.closeTo(got.platt, want.platt, { what: 'Platt parameters (the minimum of the cross-entropy against Platt’s targets)', tolerance: PLATT_TOLERANCE, exactKeys: true });
      t.closeTo(got.applied, want.applied, { what: 'applyPlatt (sigmoid(a * score + b), NaN stays NaN)', tolerance: TOLERANCE });
    },
  }),
  generatedCases({
    id: 'reports-generated-customers-like-the-reference',
    name: 'calibrationReport measures on test, fits on validation and decides like the reference for generated customers (any split sizes, no rows, limits from 0 to 1, ECE exactly on the limit)',
    rules: ['fit-on-validation', 'decision-rule', 'platt-needs-both-classes', 'no-scored-rows', 'nan-scores', 'no-mutation'],
    input: generatedReport,
    examples: reportOnTheLimit,
    count: 28,
    run: (user: User, input: ReportInput, h: HarnessHelpers) => {
      const rows = h.lend(input.rows.map((r) => ({ ...r })));
      return { report: user.calibrationReport(rows, input.bins, input.maxEce), rows };
    },
    what: 'calibration report',
    compare: (actual, expected, t, input) => {
      const got = (actual ?? {}) as { report?: Plain; rows?: Plain };
      const want = expected as unknown as { report: CalibrationReport; rows: ScoredRow[] };
      t.closeTo((got.report as { raw?: Plain } | null)?.raw, want.report.raw, { what: 'ECE and Brier score of the raw test scores', tolerance: TOLERANCE });
      checkReport(got.report ?? null, input.rows, input.bins, input.maxEce, t, 'generated customers');
      t.equal(got.rows, want.rows, { what: 'rows after calibrationReport (must not be changed)' });
    },
  }),
]);
