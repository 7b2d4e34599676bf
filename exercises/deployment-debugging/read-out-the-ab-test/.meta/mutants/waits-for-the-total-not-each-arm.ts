// mistake: waits until the two arms together reach twice the required size, so an 80/20 test is read out while its small arm is still far short
// expect: verdict for new-onboarding (80/20) after 3 days
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

export function twoProportionZTest(control: ArmCounts, treatment: ArmCounts): ZTest {
  if (control.visitors === 0 || treatment.visitors === 0) return { lift: Number.NaN, z: Number.NaN, pValue: Number.NaN };
  const pc = control.conversions / control.visitors;
  const pt = treatment.conversions / treatment.visitors;
  const lift = pt - pc;
  // Under the null hypothesis both arms share one rate: estimate it from both arms together.
  const pooled = (control.conversions + treatment.conversions) / (control.visitors + treatment.visitors);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.visitors + 1 / treatment.visitors));
  if (se === 0) return { lift, z: 0, pValue: 1 };
  const z = lift / se;
  return { lift, z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

export function requiredSampleSize(baselineRate: number, minDetectableLift: number, alpha: number, power: number): number {
  const p1 = baselineRate;
  const p2 = baselineRate + minDetectableLift;
  const mean = (p1 + p2) / 2;
  // Two-sided test: alpha is split between both tails.
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zPower = normalQuantile(power);
  const numerator = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((numerator * numerator) / (minDetectableLift * minDetectableLift));
}

/** Chi-square goodness of fit (1 degree of freedom) of the visitor split against the planned one. */
function sampleRatioPValue(control: number, treatment: number, treatmentShare: number): number {
  const total = control + treatment;
  if (total === 0) return 1;
  const expectedTreatment = total * treatmentShare;
  const expectedControl = total - expectedTreatment;
  const chi2 = (treatment - expectedTreatment) ** 2 / expectedTreatment + (control - expectedControl) ** 2 / expectedControl;
  return 2 * (1 - normalCdf(Math.sqrt(chi2)));
}

export function readout(days: DailyCounts[], plan: ExperimentPlan): Readout {
  const control = { visitors: 0, conversions: 0 };
  const treatment = { visitors: 0, conversions: 0 };
  for (const day of days) {
    control.visitors += day.control.visitors;
    control.conversions += day.control.conversions;
    treatment.visitors += day.treatment.visitors;
    treatment.conversions += day.treatment.conversions;
  }
  const requiredPerArm = requiredSampleSize(plan.baselineRate, plan.minDetectableLift, plan.alpha, plan.power);
  const srmPValue = sampleRatioPValue(control.visitors, treatment.visitors, plan.treatmentShare);
  const test = twoProportionZTest(control, treatment);
  const result = { control, treatment, requiredPerArm, srmPValue, test };

  // A broken split means the arms are not comparable: no conversion number can be trusted.
  if (srmPValue < 0.001) return { verdict: 'invalid-sample-ratio', ...result };
  // The p-value is only valid at the sample size planned in advance: looking earlier and
  // stopping on significance inflates the false-positive rate.
  if (control.visitors + treatment.visitors < 2 * requiredPerArm) return { verdict: 'keep-running', ...result };
  if (test.pValue < plan.alpha) return { verdict: test.lift > 0 ? 'ship-treatment' : 'keep-control', ...result };
  return { verdict: 'no-difference', ...result };
}
