import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import experimentsCsv from '../data/experiments.csv';
import plansFile from '../data/plans.json';

interface ArmCounts {
  visitors: number;
  conversions: number;
}
interface ZTest {
  lift: number;
  z: number;
  pValue: number;
}
interface DailyCounts {
  day: number;
  control: ArmCounts;
  treatment: ArmCounts;
}
interface ExperimentPlan {
  baselineRate: number;
  minDetectableLift: number;
  alpha: number;
  power: number;
  treatmentShare: number;
}
interface Readout {
  verdict: string;
  control: ArmCounts;
  treatment: ArmCounts;
  requiredPerArm: number;
  srmPValue: number;
  test: ZTest;
}
interface User {
  twoProportionZTest(control: ArmCounts, treatment: ArmCounts): ZTest;
  requiredSampleSize(baselineRate: number, minDetectableLift: number, alpha: number, power: number): number;
  readout(days: DailyCounts[], plan: ExperimentPlan): Readout;
}

const rows = parseCsv(experimentsCsv);
const plans = plansFile as Record<string, ExperimentPlan>;
const daysOf = (name: string, upTo = 14): DailyCounts[] =>
  rows
    .filter((r) => r.experiment === name && Number(r.day) <= upTo)
    .map((r) => ({
      day: Number(r.day),
      control: { visitors: Number(r.control_visitors), conversions: Number(r.control_conversions) },
      treatment: { visitors: Number(r.treatment_visitors), conversions: Number(r.treatment_conversions) },
    }));
const totals = (days: DailyCounts[]) =>
  days.reduce(
    (acc, d) => ({
      control: { visitors: acc.control.visitors + d.control.visitors, conversions: acc.control.conversions + d.control.conversions },
      treatment: { visitors: acc.treatment.visitors + d.treatment.visitors, conversions: acc.treatment.conversions + d.treatment.conversions },
    }),
    { control: { visitors: 0, conversions: 0 }, treatment: { visitors: 0, conversions: 0 } },
  );

// ---- Host-side reference (the formulas of the prompt). ----

function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
function zTest(control: ArmCounts, treatment: ArmCounts): ZTest {
  if (control.visitors === 0 || treatment.visitors === 0) return { lift: Number.NaN, z: Number.NaN, pValue: Number.NaN };
  const lift = treatment.conversions / treatment.visitors - control.conversions / control.visitors;
  const pooled = (control.conversions + treatment.conversions) / (control.visitors + treatment.visitors);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.visitors + 1 / treatment.visitors));
  if (se === 0) return { lift, z: 0, pValue: 1 };
  return { lift, z: lift / se, pValue: 2 * (1 - normalCdf(Math.abs(lift / se))) };
}
function sampleSize(p1: number, mde: number, alpha: number, power: number): number {
  const p2 = p1 + mde;
  const mean = (p1 + p2) / 2;
  const top = normalQuantile(1 - alpha / 2) * Math.sqrt(2 * mean * (1 - mean)) + normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((top * top) / (mde * mde));
}
function reference(days: DailyCounts[], plan: ExperimentPlan): Readout {
  const { control, treatment } = totals(days);
  const requiredPerArm = sampleSize(plan.baselineRate, plan.minDetectableLift, plan.alpha, plan.power);
  const n = control.visitors + treatment.visitors;
  const et = n * plan.treatmentShare;
  const ec = n - et;
  const srmPValue = n === 0 ? 1 : 2 * (1 - normalCdf(Math.sqrt((treatment.visitors - et) ** 2 / et + (control.visitors - ec) ** 2 / ec)));
  const test = zTest(control, treatment);
  const base = { control, treatment, requiredPerArm, srmPValue, test };
  if (srmPValue < 0.001) return { verdict: 'invalid-sample-ratio', ...base };
  if (control.visitors < requiredPerArm || treatment.visitors < requiredPerArm) return { verdict: 'keep-running', ...base };
  if (test.pValue < plan.alpha) return { verdict: test.lift > 0 ? 'ship-treatment' : 'keep-control', ...base };
  return { verdict: 'no-difference', ...base };
}

// ---- Checks ----

/** Sample sizes within 0.1%: z values rounded to 1.96 or 0.84 are fine, a wrong formula is not. */
function checkSampleSize(actual: unknown, expected: number, t: Checker, what: string): void {
  t.that(typeof actual === 'number' && Number.isInteger(actual), `${what} should be a whole number of visitors (round up)`);
  t.closeTo(actual, expected, { what, tolerance: Math.max(1, Math.round(expected * 0.001)) });
}

function checkTest(actual: unknown, expected: ZTest, t: Checker, what: string): void {
  const got = (actual ?? {}) as Partial<ZTest>;
  t.closeTo(got.lift, expected.lift, { what: `lift (treatment rate - control rate) of ${what}` });
  t.closeTo(got.z, expected.z, { what: `z of ${what} (pooled standard error)` });
  t.closeTo(got.pValue, expected.pValue, { what: `p-value of ${what} (two-sided)` });
}

function checkReadout(actual: Plain | unknown, days: DailyCounts[], plan: ExperimentPlan, t: Checker, what: string): void {
  const expected = reference(days, plan);
  const got = (actual ?? {}) as Partial<Readout>;
  t.equal(got.verdict, expected.verdict, { what: `verdict for ${what}` });
  t.equal(got.control, expected.control, { what: `control totals for ${what} (all days summed)` });
  t.equal(got.treatment, expected.treatment, { what: `treatment totals for ${what} (all days summed)` });
  checkSampleSize(got.requiredPerArm, expected.requiredPerArm, t, `required visitors per arm for ${what}`);
  t.closeTo(got.srmPValue, expected.srmPValue, { what: `sample-ratio p-value for ${what} (chi-square against the planned split)` });
  checkTest(got.test, expected.test, t, `the totals for ${what}`);
}

const runReadout = (user: User, input: { days: DailyCounts[]; plan: ExperimentPlan }) => user.readout(input.days, input.plan);
const ranking = totals(daysOf('ranking-v2'));

/**
 * Any plan (baseline, a lift up or down, alpha, power, an uneven planned split) and any run of
 * days: from far below to far above the planned sample size, with the split kept or broken by a
 * little or a lot, and treatments that help, hurt or do nothing. Plus z-tests of arms of any
 * size, none or all converting, and sample sizes for the plan.
 */
const generatedPlan = fc
  .record({
    baselineRate: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    lift: fc.double({ min: 0.003, max: 0.05, noNaN: true }),
    down: fc.boolean(),
    alpha: fc.constantFrom(0.01, 0.05, 0.1),
    power: fc.constantFrom(0.8, 0.9, 0.95),
    treatmentShare: fc.constantFrom(0.5, 0.5, 0.2, 0.3, 0.6),
  })
  .map(({ lift, down, ...plan }): ExperimentPlan => ({ ...plan, minDetectableLift: down && plan.baselineRate - lift > 0.001 ? -lift : lift }));
const generatedExperiment = generatedPlan.chain((plan) =>
  fc
    .record({
      scale: fc.oneof(fc.double({ min: 0.2, max: 2.5, noNaN: true }), fc.constantFrom(0.5, 1.01, 1.5)),
      dayCount: fc.integer({ min: 1, max: 14 }),
      skew: fc.constantFrom(0, 0, 0, 0.004, -0.01, 0.03),
      effect: fc.constantFrom(0, 1, -1, 0.5, 2),
      noise: fc.array(fc.double({ min: -0.15, max: 0.15, noNaN: true }), { minLength: 28, maxLength: 28 }),
    })
    .map(({ scale, dayCount, skew, effect, noise }) => {
      const required = sampleSize(plan.baselineRate, plan.minDetectableLift, plan.alpha, plan.power);
      const perDay = (scale * required) / Math.min(plan.treatmentShare, 1 - plan.treatmentShare) / dayCount;
      const share = Math.min(0.95, Math.max(0.05, plan.treatmentShare + skew));
      const treatmentRate = Math.min(0.99, Math.max(0, plan.baselineRate + effect * plan.minDetectableLift));
      const days: DailyCounts[] = Array.from({ length: dayCount }, (_, d) => {
        const treatmentVisitors = Math.round(perDay * share * (1 + noise[d]! / 10));
        const controlVisitors = Math.round(perDay * (1 - share) * (1 + noise[d]! / 10));
        return {
          day: d + 1,
          control: { visitors: controlVisitors, conversions: Math.round(controlVisitors * plan.baselineRate * (1 + noise[d + 14]!)) },
          treatment: { visitors: treatmentVisitors, conversions: Math.min(treatmentVisitors, Math.round(treatmentVisitors * treatmentRate * (1 - noise[d + 14]!))) },
        };
      });
      return days;
    })
    .chain((days) =>
      fc.record({
        days: fc.constant(days),
        plan: fc.constant(plan),
        arms: fc.array(
          fc.integer({ min: 0, max: 5_000 }).chain((visitors) => fc.record({ visitors: fc.constant(visitors), conversions: fc.oneof(fc.constantFrom(0, visitors), fc.integer({ min: 0, max: visitors })) })),
          { minLength: 2, maxLength: 2 },
        ),
      }),
    ),
);
interface GeneratedExperiment {
  days: DailyCounts[];
  plan: ExperimentPlan;
  arms: ArmCounts[];
}

/** Compares with the reference's answers; a verdict on a knife edge (within the stated tolerances of a threshold) is not judged. */
function compareExperiment(actual: Plain, expected: Plain, t: Checker): void {
  const got = (actual ?? {}) as { readout?: Partial<Readout>; test?: Plain; size?: Plain };
  const want = expected as unknown as { readout: Readout; test: ZTest; size: number };
  const { readout: r } = want;
  const fewest = Math.min(r.control.visitors, r.treatment.visitors);
  const onEdge = Math.abs(r.srmPValue - 0.001) < 1e-5 || Math.abs(fewest - r.requiredPerArm) <= r.requiredPerArm * 0.001 + 1 || Math.abs(r.test.pValue - 0.05) < 1e-5 || Math.abs(r.test.pValue - 0.01) < 1e-5 || Math.abs(r.test.pValue - 0.1) < 1e-5;
  if (!onEdge) t.equal(got.readout?.verdict, r.verdict, { what: 'verdict of a generated experiment' });
  t.equal(got.readout?.control, r.control, { what: 'control totals of a generated experiment (all days summed)' });
  t.equal(got.readout?.treatment, r.treatment, { what: 'treatment totals of a generated experiment (all days summed)' });
  checkSampleSize(got.readout?.requiredPerArm, r.requiredPerArm, t, 'required visitors per arm of a generated plan');
  t.closeTo(got.readout?.srmPValue, r.srmPValue, { what: 'sample-ratio p-value of a generated experiment' });
  checkTest(got.readout?.test, r.test, t, 'the totals of a generated experiment');
  checkTest(got.test, want.test, t, 'generated arms');
  checkSampleSize(got.size, want.size, t, 'requiredSampleSize for a generated plan');
}

export default defineTests<User>()([
  testCase({
    id: 'z-test-on-the-ranking-test',
    name: 'twoProportionZTest gives the lift, pooled z and two-sided p-value of the ranking test’s totals',
    visible: true,
    rules: ['pooled-z-test'],
    input: ranking,
    run: (user: User, input: { control: ArmCounts; treatment: ArmCounts }) => user.twoProportionZTest(input.control, input.treatment),
    check: (actual, t) => checkTest(actual, zTest(ranking.control, ranking.treatment), t, 'ranking-v2 after 14 days'),
  }),
  testCase({
    id: 'sample-size-for-the-plan',
    name: 'requiredSampleSize gives the visitors per arm to detect +0.5 pp on 4% with alpha 0.05 and power 0.8',
    visible: true,
    rules: ['sample-size-formula'],
    input: { baselineRate: 0.04, minDetectableLift: 0.005, alpha: 0.05, power: 0.8 },
    run: (user: User, input: { baselineRate: number; minDetectableLift: number; alpha: number; power: number }) =>
      user.requiredSampleSize(input.baselineRate, input.minDetectableLift, input.alpha, input.power),
    check: (actual, t) => checkSampleSize(actual, sampleSize(0.04, 0.005, 0.05, 0.8), t, 'required visitors per arm for the ranking plan'),
  }),
  testCase({
    id: 'keeps-running-at-the-day-3-peek',
    name: 'says keep-running after 3 days, although p < 0.05: the planned sample size is not reached',
    visible: true,
    rules: ['no-peeking'],
    input: { days: daysOf('ranking-v2', 3), plan: plans['ranking-v2']! },
    run: runReadout,
    check: (actual, t) => checkReadout(actual, daysOf('ranking-v2', 3), plans['ranking-v2']!, t, 'ranking-v2 after 3 days'),
  }),
  testCase({
    id: 'reads-out-the-ranking-test',
    name: 'reads out the ranking test after 14 days, when both arms have the planned sample size',
    visible: true,
    rules: ['verdict-by-sign', 'totals-always'],
    input: { days: daysOf('ranking-v2'), plan: plans['ranking-v2']! },
    run: runReadout,
    check: (actual, t) => checkReadout(actual, daysOf('ranking-v2'), plans['ranking-v2']!, t, 'ranking-v2 after 14 days'),
  }),
  testCase({
    id: 'z-test-is-symmetric',
    name: 'swapping the arms flips the sign of the lift and z and keeps the p-value',
    visible: false,
    rules: ['pooled-z-test'],
    input: { a: ranking.treatment, b: ranking.control },
    run: (user: User, input: { a: ArmCounts; b: ArmCounts }) => user.twoProportionZTest(input.a, input.b),
    check: (actual, t) => checkTest(actual, zTest(ranking.treatment, ranking.control), t, 'the ranking test with the arms swapped'),
  }),
  testCase({
    id: 'z-test-edge-cases',
    name: 'no conversions anywhere gives z 0 and p 1; an arm with no visitors gives NaN',
    visible: false,
    rules: ['z-test-edges'],
    input: { none: { visitors: 500, conversions: 0 }, empty: { visitors: 0, conversions: 0 }, some: { visitors: 400, conversions: 12 } },
    run: (user: User, input: { none: ArmCounts; empty: ArmCounts; some: ArmCounts }) => [user.twoProportionZTest(input.none, input.none), user.twoProportionZTest(input.empty, input.some)],
    check: (actual, t) => {
      const [noConversions, noVisitors] = Array.isArray(actual) ? actual : [];
      checkTest(noConversions, { lift: 0, z: 0, pValue: 1 }, t, 'two arms with no conversions');
      checkTest(noVisitors, { lift: Number.NaN, z: Number.NaN, pValue: Number.NaN }, t, 'an arm with no visitors');
    },
  }),
  testCase({
    id: 'sample-size-for-other-plans',
    name: 'requiredSampleSize follows the baseline, effect, alpha and power it is given',
    visible: false,
    rules: ['sample-size-formula'],
    input: {
      plans: [
        [0.1, 0.02, 0.05, 0.8],
        [0.2, 0.02, 0.01, 0.9],
        [0.04, 0.005, 0.05, 0.9],
        [0.04, -0.005, 0.05, 0.8],
      ],
    },
    run: (user: User, input: { plans: number[][] }) => input.plans.map(([p, mde, alpha, power]) => user.requiredSampleSize(p!, mde!, alpha!, power!)),
    check: (actual, t) => {
      const sizes = Array.isArray(actual) ? actual : [];
      checkSampleSize(sizes[0], sampleSize(0.1, 0.02, 0.05, 0.8), t, 'required visitors per arm for 10% + 2 pp');
      checkSampleSize(sizes[1], sampleSize(0.2, 0.02, 0.01, 0.9), t, 'required visitors per arm with alpha 0.01 and power 0.9');
      checkSampleSize(sizes[2], sampleSize(0.04, 0.005, 0.05, 0.9), t, 'required visitors per arm with power 0.9');
      checkSampleSize(sizes[3], sampleSize(0.04, -0.005, 0.05, 0.8), t, 'required visitors per arm to detect a 0.5 pp drop');
    },
  }),
  testCase({
    id: 'catches-the-sample-ratio-mismatch',
    name: 'calls a test with a broken 50/50 split invalid, however significant its conversions look',
    visible: false,
    rules: ['sample-ratio-first'],
    input: { days: daysOf('one-click-checkout'), plan: plans['one-click-checkout']! },
    run: runReadout,
    check: (actual, t) => checkReadout(actual, daysOf('one-click-checkout'), plans['one-click-checkout']!, t, 'one-click-checkout after 14 days'),
  }),
  testCase({
    id: 'checks-the-split-before-the-sample-size',
    name: 'flags the sample ratio mismatch as soon as it shows, before the planned sample size',
    visible: false,
    rules: ['sample-ratio-first', 'no-peeking'],
    input: { days: daysOf('one-click-checkout', 7), plan: plans['one-click-checkout']! },
    run: runReadout,
    check: (actual, t) => checkReadout(actual, daysOf('one-click-checkout', 7), plans['one-click-checkout']!, t, 'one-click-checkout after 7 days'),
  }),
  testCase({
    id: 'keeps-control-when-treatment-hurts',
    name: 'says keep-control when the treatment converts significantly worse',
    visible: false,
    rules: ['verdict-by-sign'],
    input: { days: daysOf('price-anchoring'), plan: plans['price-anchoring']! },
    run: runReadout,
    check: (actual, t) => checkReadout(actual, daysOf('price-anchoring'), plans['price-anchoring']!, t, 'price-anchoring after 14 days'),
  }),
  testCase({
    id: 'honours-the-planned-split',
    name: 'checks an 80/20 test against its own split and waits until the smaller arm has the sample size',
    visible: false,
    rules: ['sample-ratio-first'],
    input: { early: daysOf('new-onboarding', 3), late: daysOf('new-onboarding'), plan: plans['new-onboarding']! },
    run: (user: User, input: { early: DailyCounts[]; late: DailyCounts[]; plan: ExperimentPlan }) => [user.readout(input.early, input.plan), user.readout(input.late, input.plan)],
    check: (actual, t) => {
      const [early, late] = Array.isArray(actual) ? actual : [];
      checkReadout(early, daysOf('new-onboarding', 3), plans['new-onboarding']!, t, 'new-onboarding (80/20) after 3 days');
      checkReadout(late, daysOf('new-onboarding'), plans['new-onboarding']!, t, 'new-onboarding (80/20) after 14 days');
    },
  }),
  testCase({
    id: 'reads-out-an-experiment-with-no-data',
    name: 'says keep-running with zero totals and a sample-ratio p-value of 1 before any visitor arrived',
    visible: false,
    rules: ['totals-always', 'z-test-edges'],
    input: { days: [] as DailyCounts[], plan: plans['ranking-v2']! },
    run: runReadout,
    check: (actual, t) => checkReadout(actual, [], plans['ranking-v2']!, t, 'an experiment with no days yet'),
  }),
  generatedCases({
    id: 'reads-out-generated-experiments',
    name: 'reads out like the reference for generated plans and experiments (sizes around the plan, broken splits, lifts up and down, any arms)',
    rules: ['pooled-z-test', 'z-test-edges', 'sample-size-formula', 'sample-ratio-first', 'no-peeking', 'verdict-by-sign', 'totals-always'],
    input: generatedExperiment,
    examples: [
      { days: [], plan: plans['ranking-v2']!, arms: [{ visitors: 0, conversions: 0 }, { visitors: 0, conversions: 0 }] },
      { days: daysOf('ranking-v2', 1), plan: { ...plans['ranking-v2']!, minDetectableLift: -0.005 }, arms: [{ visitors: 300, conversions: 300 }, { visitors: 200, conversions: 200 }] },
      // A 60/40 plan: the treatment has its planned share and enough visitors, the control not yet.
      {
        days: [{ day: 1, control: { visitors: 25_000, conversions: 1_000 }, treatment: { visitors: 37_600, conversions: 1_700 } }],
        plan: { ...plans['ranking-v2']!, treatmentShare: 0.6 },
        arms: [{ visitors: 25_000, conversions: 1_000 }, { visitors: 37_600, conversions: 1_700 }],
      },
      // A 40/60 plan: the other way round.
      {
        days: [{ day: 1, control: { visitors: 37_600, conversions: 1_500 }, treatment: { visitors: 25_000, conversions: 1_150 } }],
        plan: { ...plans['ranking-v2']!, treatmentShare: 0.4 },
        arms: [{ visitors: 37_600, conversions: 1_500 }, { visitors: 25_000, conversions: 1_150 }],
      },
    ],
    count: 34,
    run: (user: User, input: GeneratedExperiment) => ({
      readout: user.readout(input.days, input.plan),
      test: user.twoProportionZTest(input.arms[0]!, input.arms[1]!),
      size: user.requiredSampleSize(input.plan.baselineRate, input.plan.minDetectableLift, input.plan.alpha, input.plan.power),
    }),
    what: 'readout',
    compare: compareExperiment,
  }),
]);
