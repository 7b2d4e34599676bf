import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import referenceCsv from '../data/reference.csv';
import weeksCsv from '../data/weeks.csv';
import outcomesCsv from '../data/outcomes.csv';

interface DriftThresholds {
  psi: number;
  alpha: number;
}
interface FeatureDrift {
  feature: string;
  psi: number;
  ks: number;
  ksCritical: number;
  drifted: boolean;
}
interface RetrainPolicy {
  baselineAccuracy: number;
  maxAccuracyDrop: number;
  minNewLabels: number;
}
interface WeekOutcome {
  newLabels: number;
  accuracy: number | null;
}
interface RetrainDecision {
  retrain: boolean;
  triggers: string[];
  blockedBy: 'not-enough-labels' | null;
}
interface User {
  psi(reference: number[], current: number[], bins?: number): number;
  ksStatistic(reference: number[], current: number[]): number;
  driftReport(reference: Record<string, number[]>, current: Record<string, number[]>, thresholds: DriftThresholds): FeatureDrift[];
  decideRetraining(report: FeatureDrift[], outcome: WeekOutcome, policy: RetrainPolicy): RetrainDecision;
}
type Table = Record<string, number[]>;

const FEATURES = ['amount', 'account_age_days', 'hour'] as const;
const columns = (rows: Record<string, unknown>[]): Table => Object.fromEntries(FEATURES.map((f) => [f, rows.map((r) => Number(r[f]))]));
const reference = columns(parseCsv(referenceCsv));
const weekRows = parseCsv(weeksCsv);
const week = (w: number) => columns(weekRows.filter((r) => Number(r.week) === w));
const outcomes: WeekOutcome[] = parseCsv(outcomesCsv).map((r) => ({ newLabels: Number(r.new_labels), accuracy: Number(r.accuracy) }));
const THRESHOLDS: DriftThresholds = { psi: 0.25, alpha: 0.05 };
const POLICY: RetrainPolicy = { baselineAccuracy: 0.91, maxAccuracyDrop: 0.03, minNewLabels: 1000 };

// ---- Host-side reference, written plainly (no binary search, no two pointers). ----

const finite = (values: number[]) => values.filter((v) => Number.isFinite(v));

function refPsi(reference: number[], current: number[], bins = 10): number {
  const ref = finite(reference).sort((a, b) => a - b);
  const cur = finite(current);
  if (ref.length === 0 || cur.length === 0) return Number.NaN;
  const edges = [...new Set(Array.from({ length: bins - 1 }, (_, k) => ref[Math.floor(((k + 1) * ref.length) / bins)]!))].sort((a, b) => a - b);
  const share = (values: number[]) => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    values.forEach((v) => (counts[edges.filter((e) => e <= v).length]! += 1));
    return counts.map((c) => Math.max(c / values.length, 1e-4));
  };
  const p = share(ref);
  const q = share(cur);
  return p.reduce((sum, r, i) => sum + (q[i]! - r) * Math.log(q[i]! / r), 0);
}

function refKs(reference: number[], current: number[]): number {
  const a = finite(reference).sort((x, y) => x - y);
  const b = finite(current).sort((x, y) => x - y);
  if (a.length === 0 || b.length === 0) return Number.NaN;
  // F(v) = share of values <= v, found by binary search in the sorted sample.
  const cdf = (sorted: number[], v: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo / sorted.length;
  };
  return Math.max(...[...new Set([...a, ...b])].map((v) => Math.abs(cdf(a, v) - cdf(b, v))));
}

const reports = new Map<string, FeatureDrift[]>();
/** Memoised: checks ask for the same weeks' reports many times. */
function refReport(ref: Table, cur: Table, thresholds: DriftThresholds): FeatureDrift[] {
  const key = JSON.stringify([ref, cur, thresholds]);
  if (!reports.has(key)) reports.set(key, computeReport(ref, cur, thresholds));
  return reports.get(key)!;
}

function computeReport(ref: Table, cur: Table, thresholds: DriftThresholds): FeatureDrift[] {
  return Object.keys(ref).map((feature) => {
    const n = finite(ref[feature]!).length;
    const m = finite(cur[feature] ?? []).length;
    const value = refPsi(ref[feature]!, cur[feature] ?? []);
    const ks = refKs(ref[feature]!, cur[feature] ?? []);
    const critical = n === 0 || m === 0 ? Number.NaN : Math.sqrt(-Math.log(thresholds.alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
    return { feature, psi: value, ks, ksCritical: critical, drifted: value > thresholds.psi && ks > critical };
  });
}

function refDecision(report: FeatureDrift[], outcome: WeekOutcome, policy: RetrainPolicy): RetrainDecision {
  const triggers = report.filter((f) => f.drifted).map((f) => `drift:${f.feature}`);
  if (outcome.accuracy !== null && policy.baselineAccuracy - outcome.accuracy > policy.maxAccuracyDrop + 1e-9) triggers.push('accuracy-drop');
  const enough = outcome.newLabels >= policy.minNewLabels;
  return { retrain: triggers.length > 0 && enough, triggers, blockedBy: triggers.length > 0 && !enough ? 'not-enough-labels' : null };
}

// ---- Checks ----

function checkReport(actual: Plain | unknown, expected: FeatureDrift[], t: Checker, what: string): void {
  t.that(Array.isArray(actual) && actual.length === expected.length, `the drift report for ${what} should have one entry per reference feature, in the reference's order`);
  const report = actual as unknown as FeatureDrift[];
  expected.forEach((e, i) => {
    const got = report[i]!;
    // A hidden test names the property only; the entry and the feature are shown for visible tests.
    t.equal(got?.feature, e.feature, { what: `feature names of the report entries for ${what}, in the reference's order`, visibleWhat: `feature name of report entry ${i + 1} for ${what}` });
    t.closeTo(got?.psi, e.psi, { what: `PSI of a feature in ${what}`, visibleWhat: `PSI of ${e.feature} in ${what}` });
    t.closeTo(got?.ks, e.ks, { what: `KS statistic of a feature in ${what}`, visibleWhat: `KS statistic of ${e.feature} in ${what}` });
    t.closeTo(got?.ksCritical, e.ksCritical, {
      what: `KS critical value of a feature in ${what} (n = reference values, m = current values)`,
      visibleWhat: `KS critical value of ${e.feature} in ${what} (n = reference values, m = current values)`,
    });
    t.equal(got?.drifted, e.drifted, {
      what: `drifted flag of a feature in ${what} (PSI above the threshold and KS above its critical value)`,
      visibleWhat: `drifted flag of ${e.feature} in ${what} (PSI above the threshold and KS above its critical value)`,
    });
  });
}

function checkDecision(actual: Plain | unknown, expected: RetrainDecision, t: Checker, what: string): void {
  const got = (actual ?? {}) as Partial<RetrainDecision>;
  t.equal(got.triggers, expected.triggers, { what: `triggers for ${what}` });
  t.equal(got.blockedBy, expected.blockedBy, { what: `blockedBy for ${what}` });
  t.equal(got.retrain, expected.retrain, { what: `retrain decision for ${what}` });
}

const reportAndDecide = (user: User, input: { reference: Table; weeks: Table[]; outcomes: WeekOutcome[]; thresholds: DriftThresholds; policy: RetrainPolicy }) =>
  input.weeks.map((current, i) => {
    const report = user.driftReport(input.reference, current, input.thresholds);
    return { report, decision: user.decideRetraining(report, input.outcomes[i]!, input.policy) };
  });

const weeks = [1, 2, 3, 4].map(week);
const sample = (w: number, n: number) => Object.fromEntries(FEATURES.map((f) => [f, week(w)[f]!.slice(0, n)]));
/** 40% of the accounts are brand new: four of the nine decile edges are 0. */
const manyNew = Array.from({ length: 200 }, (_, i) => (i < 80 ? 0 : 1 + ((i * 37) % 400)));
const manyNewLater = Array.from({ length: 100 }, (_, i) => (i < 10 ? 0 : 1 + ((i * 53) % 400)));
const withGaps = (values: number[]) => values.map((v, i) => (i % 17 === 0 ? Number.NaN : v));

// ---- Generated cases ----

/** A number with two decimals in [min, max]. */
const decimal = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);
const NON_FINITE = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);

/**
 * One sample of 0 to `maxLength` values: heavily tied small integers (so edges repeat and values
 * sit exactly on edges) or two-decimal amounts, shifted and spread by the caller's choice, with a
 * non-finite value now and then, or nothing finite at all.
 */
const generatedSample = (maxLength: number, shift: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('tied', 'continuous').chain((kind) => {
      const value = (kind === 'tied' ? fc.integer({ min: 0, max: 6 }) : decimal(-50, 50)).map((v) => v + shift);
      return fc.integer({ min: 0, max: maxLength }).chain((n) => fc.array(fc.oneof({ weight: 15, arbitrary: value }, { weight: 1, arbitrary: NON_FINITE }), { minLength: n, maxLength: n }));
    }) },
    { weight: 1, arbitrary: fc.array(NON_FINITE, { minLength: 1, maxLength: 4 }) },
  );

interface SamplePair {
  reference: number[];
  current: number[];
  bins: number | null;
}
const generatedPair: fc.Arbitrary<SamplePair> = fc.record({
  reference: generatedSample(40, 0),
  current: fc.constantFrom(0, 0, 1, 3, -20).chain((shift) => generatedSample(40, shift)),
  bins: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 20 })),
});

const FEATURE_NAMES = ['amount', 'account_age_days', 'hour', 'merchant_risk', 'device_age'];
const limitAccuracy = fc.record({ baseline: fc.integer({ min: 80, max: 97 }), drop: fc.constantFrom(0, 1, 3, 5) }).chain(({ baseline, drop }) =>
  fc.record({
    policy: fc.record({ baselineAccuracy: fc.constant(baseline / 100), maxAccuracyDrop: fc.constant(drop / 100), minNewLabels: fc.constantFrom(0, 10, 1000) }),
    // Exactly at the limit, a point either side, anything, or no labels at all.
    accuracy: fc.oneof(fc.constant((baseline - drop) / 100), fc.constant((baseline - drop - 1) / 100), fc.constant((baseline - drop + 1) / 100), decimal(0.5, 1), fc.constant(null)),
  }),
);
const generatedOutcome = limitAccuracy.chain(({ policy, accuracy }) =>
  fc.record({
    policy: fc.constant(policy),
    outcome: fc.record({
      accuracy: fc.constant(accuracy),
      newLabels: fc.oneof(fc.constantFrom(policy.minNewLabels, policy.minNewLabels + 1, Math.max(0, policy.minNewLabels - 1), 0), fc.integer({ min: 0, max: 3000 })),
    }),
  }),
);

interface GeneratedWeek {
  reference: Table;
  current: Table;
  thresholds: DriftThresholds;
  policy: RetrainPolicy;
  outcome: WeekOutcome;
}
/** 1 to 4 features in any order; some missing from the week, some only in the week; shifts big enough to be drift now and then. */
const generatedWeek: fc.Arbitrary<GeneratedWeek> = fc
  .record({
    names: fc.shuffledSubarray(FEATURE_NAMES, { minLength: 1, maxLength: 4 }),
    extra: fc.boolean(),
    thresholds: fc.record({ psi: fc.constantFrom(0, 0.1, 0.25, 0.5), alpha: fc.constantFrom(0.01, 0.05, 0.1, 0.2) }),
    decision: generatedOutcome,
  })
  .chain(({ names, extra, thresholds, decision }) =>
    fc
      .tuple(
        fc.tuple(...names.map(() => generatedSample(60, 0))),
        fc.tuple(...names.map(() => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(0, 1, 3, 10).chain((shift) => generatedSample(60, shift)) }, { weight: 1, arbitrary: fc.constant(null) }))),
        generatedSample(10, 0),
      )
      .map(([refs, curs, onlyInWeek]): GeneratedWeek => {
        const current: Table = {};
        names.forEach((name, i) => {
          if (curs[i] !== null) current[name] = curs[i]!;
        });
        if (extra) current.only_in_production = onlyInWeek;
        return { reference: Object.fromEntries(names.map((name, i) => [name, refs[i]!])), current, thresholds, ...decision };
      }),
  );

/** A report of distinct features in any order, each drifted or not. */
const generatedReport = fc.shuffledSubarray(FEATURE_NAMES, { maxLength: 5 }).chain((names) =>
  fc
    .array(fc.record({ psi: decimal(0, 2), ks: decimal(0, 1), ksCritical: decimal(0, 1), drifted: fc.boolean() }), { minLength: names.length, maxLength: names.length })
    .map((entries): FeatureDrift[] => entries.map((entry, i) => ({ feature: names[i]!, ...entry }))),
);

export default defineTests<User>()([
  testCase({
    id: 'psi-of-a-stable-week',
    name: 'PSI of transaction amounts in a week like training is small',
    visible: true,
    rules: ['psi-reference-deciles', 'psi-formula'],
    input: { reference: reference.amount!, current: weeks[0]!.amount! },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.psi(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, refPsi(reference.amount!, weeks[0]!.amount!), { what: 'PSI of amount in a stable week (reference deciles as bins)' }),
  }),
  testCase({
    id: 'psi-of-the-campaign-week',
    name: 'PSI of account age in the sign-up campaign week shows a major shift',
    visible: true,
    rules: ['psi-reference-deciles', 'psi-formula'],
    input: { reference: reference.account_age_days!, current: weeks[1]!.account_age_days! },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.psi(input.reference, input.current),
    check: (actual, t) =>
      t.closeTo(actual, refPsi(reference.account_age_days!, weeks[1]!.account_age_days!), { what: 'PSI of account_age_days in the campaign week (reference deciles as bins)' }),
  }),
  testCase({
    id: 'ks-of-the-new-market',
    name: 'KS statistic of the hour of day when a new market opens seven time zones east',
    visible: true,
    rules: ['ks-every-value', 'ks-after-ties'],
    input: { reference: reference.hour!, current: weeks[3]!.hour! },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.ksStatistic(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, refKs(reference.hour!, weeks[3]!.hour!), { what: 'KS statistic of hour in the new-market week (integer hours: many ties)' }),
  }),
  testCase({
    id: 'decides-four-weeks',
    name: 'reports drift and decides on retraining for each of the four production weeks',
    visible: true,
    rules: ['report-per-reference-feature', 'ks-critical', 'drift-needs-both', 'triggers-in-order', 'accuracy-drop', 'enough-labels'],
    input: { reference, weeks, outcomes, thresholds: THRESHOLDS, policy: POLICY },
    run: reportAndDecide,
    check: (actual, t) => {
      t.that(Array.isArray(actual) && actual.length === 4, 'one report and decision per week');
      const results = actual as unknown as { report: Plain; decision: Plain }[];
      weeks.forEach((current, i) => {
        const report = refReport(reference, current, THRESHOLDS);
        checkReport(results[i]!.report, report, t, `week ${i + 1}`);
        checkDecision(results[i]!.decision, refDecision(report, outcomes[i]!, POLICY), t, `week ${i + 1}`);
      });
    },
  }),
  testCase({
    id: 'identical-data-has-no-drift',
    name: 'PSI and KS are exactly 0 when production looks exactly like the reference',
    visible: false,
    rules: ['psi-formula', 'ks-every-value'],
    input: { values: reference.hour! },
    run: (user: User, input: { values: number[] }) => [user.psi(input.values, [...input.values].reverse()), user.ksStatistic(input.values, [...input.values].reverse())],
    check: (actual, t) => t.closeTo(actual, [0, 0], { what: '[PSI, KS] of the reference against itself' }),
  }),
  testCase({
    id: 'psi-floors-empty-bins',
    name: 'PSI stays finite when production leaves bins empty (each share floored at 0.0001)',
    visible: false,
    rules: ['psi-floored-shares'],
    input: { reference: reference.amount!, current: reference.amount!.filter((v) => v > 60) },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.psi(input.reference, input.current),
    check: (actual, t) => {
      t.that(typeof actual === 'number' && Number.isFinite(actual), 'PSI with empty bins in production should be a finite number, not Infinity or NaN');
      t.closeTo(actual, refPsi(reference.amount!, reference.amount!.filter((v) => v > 60)), { what: 'PSI with empty bins in production' });
    },
  }),
  testCase({
    id: 'psi-merges-duplicate-edges',
    name: 'PSI keeps each decile edge once when ties make several deciles equal (40% brand-new accounts)',
    visible: false,
    rules: ['psi-reference-deciles', 'psi-edge-goes-right'],
    input: { reference: manyNew, current: manyNewLater },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.psi(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, refPsi(manyNew, manyNewLater), { what: 'PSI when several decile edges are equal' }),
  }),
  testCase({
    id: 'ks-steps-over-ties',
    name: 'KS compares the CDFs after all tied values, not in the middle of a tie',
    visible: false,
    rules: ['ks-after-ties'],
    input: { small: { reference: [1, 1, 2, 2], current: [1, 2, 2, 2] }, hours: { reference: reference.hour!, current: weeks[0]!.hour! } },
    run: (user: User, input: { small: { reference: number[]; current: number[] }; hours: { reference: number[]; current: number[] } }) => [
      user.ksStatistic(input.small.reference, input.small.current),
      user.ksStatistic(input.hours.reference, input.hours.current),
    ],
    check: (actual, t) => t.closeTo(actual, [0.25, refKs(reference.hour!, weeks[0]!.hour!)], { what: 'KS statistic with tied values' }),
  }),
  testCase({
    id: 'ks-looks-at-every-value',
    name: 'KS finds the largest gap even where it falls between production values',
    visible: false,
    rules: ['ks-every-value'],
    input: { reference: [1, 2, 3, 4], current: [10, 11, 12] },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.ksStatistic(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, 1, { what: 'KS statistic of two samples that do not overlap (the gap is largest at a reference value)' }),
  }),
  testCase({
    id: 'ignores-missing-values',
    name: 'skips NaN values, and reports NaN (not drift) for a feature with no values in production',
    visible: false,
    rules: ['psi-skips-non-finite', 'ks-skips-non-finite', 'ks-critical', 'drift-needs-both'],
    input: { reference: { amount: withGaps(reference.amount!), hour: reference.hour! }, current: { amount: withGaps(weeks[1]!.amount!), hour: weeks[1]!.hour!.map(() => Number.NaN) } },
    run: (user: User, input: { reference: Table; current: Table }) => user.driftReport(input.reference, input.current, { psi: 0.25, alpha: 0.05 }),
    check: (actual, t) =>
      checkReport(
        actual,
        refReport({ amount: withGaps(reference.amount!), hour: reference.hour! }, { amount: withGaps(weeks[1]!.amount!), hour: weeks[1]!.hour!.map(() => Number.NaN) }, THRESHOLDS),
        t,
        'a week with missing values',
      ),
  }),
  testCase({
    id: 'small-window-is-not-drift',
    name: 'does not call 30 transactions from a stable week drifted: PSI is noisy there and KS is not significant',
    visible: false,
    rules: ['drift-needs-both', 'ks-critical'],
    input: { reference, current: sample(1, 30) },
    run: (user: User, input: { reference: Table; current: Table }) => user.driftReport(input.reference, input.current, { psi: 0.25, alpha: 0.05 }),
    check: (actual, t) => checkReport(actual, refReport(reference, sample(1, 30), THRESHOLDS), t, '30 transactions from a stable week'),
  }),
  testCase({
    id: 'waits-for-enough-labels',
    name: 'holds a retrain until enough labels arrived, and never triggers on accuracy without labels',
    visible: false,
    rules: ['enough-labels', 'accuracy-drop'],
    input: {
      reports: [refReport(reference, weeks[1]!, THRESHOLDS), refReport(reference, weeks[0]!, THRESHOLDS), refReport(reference, weeks[3]!, THRESHOLDS)],
      outcomes: [
        { newLabels: 999, accuracy: 0.9 },
        { newLabels: 0, accuracy: null },
        { newLabels: 1000, accuracy: 0.85 },
      ] as WeekOutcome[],
    },
    run: (user: User, input: { reports: FeatureDrift[][]; outcomes: WeekOutcome[] }) =>
      input.reports.map((report, i) => user.decideRetraining(report, input.outcomes[i]!, { baselineAccuracy: 0.91, maxAccuracyDrop: 0.03, minNewLabels: 1000 })),
    check: (actual, t) => {
      const decisions = (Array.isArray(actual) ? actual : []) as Plain[];
      const cases = [
        [refReport(reference, weeks[1]!, THRESHOLDS), { newLabels: 999, accuracy: 0.9 }, 'drift with 999 new labels'],
        [refReport(reference, weeks[0]!, THRESHOLDS), { newLabels: 0, accuracy: null }, 'a stable week with no labels yet'],
        [refReport(reference, weeks[3]!, THRESHOLDS), { newLabels: 1000, accuracy: 0.85 }, 'drift and an accuracy drop with exactly 1000 labels'],
      ] as const;
      cases.forEach(([report, outcome, what], i) => checkDecision(decisions[i], refDecision(report, outcome, POLICY), t, what));
    },
  }),
  testCase({
    id: 'follows-the-thresholds-it-is-given',
    name: 'uses the PSI threshold and KS significance level it is given (0.1 and 0.01)',
    visible: false,
    rules: ['uses-given-values', 'drift-needs-both'],
    input: { reference, weeks: [weeks[0]!, weeks[2]!], thresholds: { psi: 0.1, alpha: 0.01 } },
    run: (user: User, input: { reference: Table; weeks: Table[]; thresholds: DriftThresholds }) => input.weeks.map((w) => user.driftReport(input.reference, w, input.thresholds)),
    check: (actual, t) => {
      const reports = (Array.isArray(actual) ? actual : []) as Plain[];
      checkReport(reports[0], refReport(reference, weeks[0]!, { psi: 0.1, alpha: 0.01 }), t, 'week 1 with PSI 0.1 and alpha 0.01');
      checkReport(reports[1], refReport(reference, weeks[2]!, { psi: 0.1, alpha: 0.01 }), t, 'week 3 with PSI 0.1 and alpha 0.01');
    },
  }),
  generatedCases({
    id: 'psi-and-ks-on-generated-samples',
    name: 'PSI and KS match the reference for generated samples (any size and bin count, ties on the edges, shifts, empty sides, NaN and infinities)',
    rules: ['psi-skips-non-finite', 'psi-reference-deciles', 'psi-edge-goes-right', 'psi-floored-shares', 'psi-formula', 'ks-every-value', 'ks-after-ties', 'ks-skips-non-finite', 'uses-given-values'],
    input: generatedPair,
    examples: [
      { reference: [], current: [1, 2], bins: null },
      { reference: [1, 2, 3], current: [Number.NaN, Number.POSITIVE_INFINITY], bins: 4 },
      { reference: [0, 0, 0, 0, 1, 2, 3, 4, 5, 6], current: [0, 1, 2, 3, 3, 3], bins: null },
      { reference: [1, 1, 2, 2], current: [1, 2, 2, 2], bins: 1 },
    ],
    count: 36,
    perCase: 4,
    run: (user: User, input: SamplePair) => ({
      psi: input.bins === null ? user.psi(input.reference, input.current) : user.psi(input.reference, input.current, input.bins),
      ks: user.ksStatistic(input.reference, input.current),
    }),
    what: 'PSI and KS statistic',
  }),
  generatedCases({
    id: 'reports-and-decides-on-generated-weeks',
    name: 'the drift report and the retraining decision match the reference for generated weeks (features in any order, missing or extra in production, other thresholds and policies, accuracy exactly at the limit)',
    rules: ['report-per-reference-feature', 'ks-critical', 'drift-needs-both', 'triggers-in-order', 'accuracy-drop', 'enough-labels', 'uses-given-values'],
    input: generatedWeek,
    examples: [
      // Equal shares in every bin, so PSI is exactly 0, yet KS is far above its critical value:
      // at a PSI threshold of 0 this is not drift. The accuracy is exactly at the limit.
      {
        reference: { account_age_days: [...Array<number>(50).fill(0), ...Array<number>(50).fill(10)] },
        current: { account_age_days: [...Array<number>(50).fill(9.99), ...Array<number>(50).fill(1000)] },
        thresholds: { psi: 0, alpha: 0.05 },
        policy: POLICY,
        outcome: { newLabels: 1000, accuracy: 0.88 },
      },
    ],
    count: 28,
    perCase: 4,
    run: (user: User, input: GeneratedWeek) => {
      const report = user.driftReport(input.reference, input.current, input.thresholds);
      return { report, decision: user.decideRetraining(report, input.outcome, input.policy) };
    },
    what: 'drift report and decision',
  }),
  generatedCases({
    id: 'decides-on-generated-reports',
    name: 'the retraining decision matches the reference for generated reports, outcomes and policies (labels exactly at the minimum, accuracy exactly at the limit, no accuracy)',
    rules: ['triggers-in-order', 'accuracy-drop', 'enough-labels', 'uses-given-values'],
    input: fc.record({ report: generatedReport, decision: generatedOutcome }),
    examples: [
      { report: [], decision: { policy: POLICY, outcome: { newLabels: 1000, accuracy: 0.88 } } },
      { report: [], decision: { policy: POLICY, outcome: { newLabels: 999, accuracy: 0.87 } } },
    ],
    count: 30,
    perCase: 8,
    run: (user: User, input: { report: FeatureDrift[]; decision: { policy: RetrainPolicy; outcome: WeekOutcome } }) =>
      user.decideRetraining(input.report, input.decision.outcome, input.decision.policy),
    what: 'retraining decision',
  }),
]);
