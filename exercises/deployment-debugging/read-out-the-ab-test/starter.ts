export interface ArmCounts {
  visitors: number;
  conversions: number;
}

export interface ZTest {
  /** Treatment conversion rate minus control conversion rate. */
  lift: number;
  z: number;
  /** Two-sided. */
  pValue: number;
}

export interface DailyCounts {
  day: number;
  control: ArmCounts;
  treatment: ArmCounts;
}

export interface ExperimentPlan {
  baselineRate: number;
  minDetectableLift: number;
  alpha: number;
  power: number;
  /** Planned share of visitors in the treatment arm. */
  treatmentShare: number;
}

export type Verdict = 'keep-running' | 'ship-treatment' | 'keep-control' | 'no-difference' | 'invalid-sample-ratio';

export interface Readout {
  verdict: Verdict;
  control: ArmCounts;
  treatment: ArmCounts;
  requiredPerArm: number;
  srmPValue: number;
  test: ZTest;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; absolute error below 2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Inverse of the standard normal CDF (Acklam's algorithm; relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Significance of the difference in conversion rate between the two arms. */
export function twoProportionZTest(control: ArmCounts, treatment: ArmCounts): ZTest {
  const pc = control.conversions / control.visitors;
  const pt = treatment.conversions / treatment.visitors;
  const lift = pt - pc;
  // How much the control rate varies from sample to sample.
  const se = Math.sqrt((pc * (1 - pc)) / control.visitors);
  const z = lift / se;
  return { lift, z, pValue: 1 - normalCdf(z) };
}

/** Visitors each arm needs to detect `minDetectableLift` with the given alpha and power. */
export function requiredSampleSize(baselineRate: number, minDetectableLift: number, alpha: number, power: number): number {
  const z = normalQuantile(1 - alpha) + normalQuantile(power);
  return Math.round((z * z * baselineRate * (1 - baselineRate)) / (minDetectableLift * minDetectableLift));
}

/**
 * The experiment dashboard's verdict. Walks the days in order and calls the test as soon as
 * it is significant, so nobody waits longer than they have to.
 */
export function readout(days: DailyCounts[], plan: ExperimentPlan): Readout {
  const control = { visitors: 0, conversions: 0 };
  const treatment = { visitors: 0, conversions: 0 };
  const requiredPerArm = requiredSampleSize(plan.baselineRate, plan.minDetectableLift, plan.alpha, plan.power);
  let test: ZTest = { lift: Number.NaN, z: Number.NaN, pValue: Number.NaN };
  for (const day of days) {
    control.visitors += day.control.visitors;
    control.conversions += day.control.conversions;
    treatment.visitors += day.treatment.visitors;
    treatment.conversions += day.treatment.conversions;
    test = twoProportionZTest(control, treatment);
    if (test.pValue < plan.alpha) {
      return { verdict: test.lift > 0 ? 'ship-treatment' : 'keep-control', control, treatment, requiredPerArm, srmPValue: 1, test };
    }
  }
  return { verdict: days.length === 0 ? 'keep-running' : 'no-difference', control, treatment, requiredPerArm, srmPValue: 1, test };
}
