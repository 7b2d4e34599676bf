import { defineTests, parseCsv, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
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
  if (outcome.accuracy !== null && policy.baselineAccuracy - outcome.accuracy > policy.maxAccuracyDrop) triggers.push('accuracy-drop');
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

export default defineTests<User>()([
  testCase({
    id: 'psi-of-a-stable-week',
    name: 'PSI of transaction amounts in a week like training is small',
    visible: true,
    input: { reference: reference.amount!, current: weeks[0]!.amount! },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.psi(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, refPsi(reference.amount!, weeks[0]!.amount!), { what: 'PSI of amount in a stable week (reference deciles as bins)' }),
  }),
  testCase({
    id: 'psi-of-the-campaign-week',
    name: 'PSI of account age in the sign-up campaign week shows a major shift',
    visible: true,
    input: { reference: reference.account_age_days!, current: weeks[1]!.account_age_days! },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.psi(input.reference, input.current),
    check: (actual, t) =>
      t.closeTo(actual, refPsi(reference.account_age_days!, weeks[1]!.account_age_days!), { what: 'PSI of account_age_days in the campaign week (reference deciles as bins)' }),
  }),
  testCase({
    id: 'ks-of-the-new-market',
    name: 'KS statistic of the hour of day when a new market opens seven time zones east',
    visible: true,
    input: { reference: reference.hour!, current: weeks[3]!.hour! },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.ksStatistic(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, refKs(reference.hour!, weeks[3]!.hour!), { what: 'KS statistic of hour in the new-market week (integer hours: many ties)' }),
  }),
  testCase({
    id: 'decides-four-weeks',
    name: 'reports drift and decides on retraining for each of the four production weeks',
    visible: true,
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
    input: { values: reference.hour! },
    run: (user: User, input: { values: number[] }) => [user.psi(input.values, [...input.values].reverse()), user.ksStatistic(input.values, [...input.values].reverse())],
    check: (actual, t) => t.closeTo(actual, [0, 0], { what: '[PSI, KS] of the reference against itself' }),
  }),
  testCase({
    id: 'psi-floors-empty-bins',
    name: 'PSI stays finite when production leaves bins empty (each share floored at 0.0001)',
    visible: false,
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
    input: { reference: manyNew, current: manyNewLater },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.psi(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, refPsi(manyNew, manyNewLater), { what: 'PSI when several decile edges are equal' }),
  }),
  testCase({
    id: 'ks-steps-over-ties',
    name: 'KS compares the CDFs after all tied values, not in the middle of a tie',
    visible: false,
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
    input: { reference: [1, 2, 3, 4], current: [10, 11, 12] },
    run: (user: User, input: { reference: number[]; current: number[] }) => user.ksStatistic(input.reference, input.current),
    check: (actual, t) => t.closeTo(actual, 1, { what: 'KS statistic of two samples that do not overlap (the gap is largest at a reference value)' }),
  }),
  testCase({
    id: 'ignores-missing-values',
    name: 'skips NaN values, and reports NaN (not drift) for a feature with no values in production',
    visible: false,
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
    input: { reference, current: sample(1, 30) },
    run: (user: User, input: { reference: Table; current: Table }) => user.driftReport(input.reference, input.current, { psi: 0.25, alpha: 0.05 }),
    check: (actual, t) => checkReport(actual, refReport(reference, sample(1, 30), THRESHOLDS), t, '30 transactions from a stable week'),
  }),
  testCase({
    id: 'waits-for-enough-labels',
    name: 'holds a retrain until enough labels arrived, and never triggers on accuracy without labels',
    visible: false,
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
    input: { reference, weeks: [weeks[0]!, weeks[2]!], thresholds: { psi: 0.1, alpha: 0.01 } },
    run: (user: User, input: { reference: Table; weeks: Table[]; thresholds: DriftThresholds }) => input.weeks.map((w) => user.driftReport(input.reference, w, input.thresholds)),
    check: (actual, t) => {
      const reports = (Array.isArray(actual) ? actual : []) as Plain[];
      checkReport(reports[0], refReport(reference, weeks[0]!, { psi: 0.1, alpha: 0.01 }), t, 'week 1 with PSI 0.1 and alpha 0.01');
      checkReport(reports[1], refReport(reference, weeks[2]!, { psi: 0.1, alpha: 0.01 }), t, 'week 3 with PSI 0.1 and alpha 0.01');
    },
  }),
]);
