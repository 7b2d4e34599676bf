export interface DriftThresholds {
  /** A feature can only count as drifted when its PSI is above this (0.25: a major shift). */
  psi: number;
  /** Significance level of the two-sample KS test. */
  alpha: number;
}

export interface FeatureDrift {
  feature: string;
  psi: number;
  ks: number;
  ksCritical: number;
  drifted: boolean;
}

export interface RetrainPolicy {
  /** Accuracy on the held-out split when the model shipped. */
  baselineAccuracy: number;
  /** Retrain when accuracy falls more than this below the baseline. */
  maxAccuracyDrop: number;
  /** Labelled examples a retrain needs before it is worth running. */
  minNewLabels: number;
}

export interface WeekOutcome {
  /** Labels (chargebacks or their absence) that arrived this week. */
  newLabels: number;
  /** Accuracy on them; null when none arrived. */
  accuracy: number | null;
}

export interface RetrainDecision {
  retrain: boolean;
  triggers: string[];
  blockedBy: 'not-enough-labels' | null;
}

/** Population stability index of one feature: how far `current` moved from `reference`. */
export function psi(reference: number[], current: number[], bins = 10): number {
  // Ten equal-width bins spanning this week's values.
  const min = Math.min(...current);
  const max = Math.max(...current);
  const width = (max - min) / bins || 1;
  const shares = (values: number[]) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of values) counts[Math.max(0, Math.min(bins - 1, Math.floor((v - min) / width)))]! += 1;
    return counts.map((c) => c / values.length);
  };
  const p = shares(reference);
  const q = shares(current);
  return p.reduce((sum, r, i) => sum + (q[i]! - r) * Math.log(q[i]! / r), 0);
}

/** Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs. */
export function ksStatistic(reference: number[], current: number[]): number {
  const a = [...reference].sort((x, y) => x - y);
  const b = [...current].sort((x, y) => x - y);
  let d = 0;
  // Compare the CDFs at each production value.
  b.forEach((v, j) => {
    const fa = a.filter((x) => x <= v).length / a.length;
    d = Math.max(d, Math.abs(fa - (j + 1) / b.length));
  });
  return d;
}

export function driftReport(reference: Record<string, number[]>, current: Record<string, number[]>, thresholds: DriftThresholds): FeatureDrift[] {
  return Object.keys(reference).map((feature) => {
    const value = psi(reference[feature]!, current[feature] ?? []);
    const ks = ksStatistic(reference[feature]!, current[feature] ?? []);
    // PSI's NaN (empty bins) shows as a gap on the dashboard; KS above 0.1 is worth a look.
    return { feature, psi: value, ks, ksCritical: 0.1, drifted: value > thresholds.psi || ks > 0.1 };
  });
}

/** Runs every Monday: should the weekly retraining pipeline run this week? */
export function decideRetraining(report: FeatureDrift[], outcome: WeekOutcome, policy: RetrainPolicy): RetrainDecision {
  const triggers = report.filter((f) => f.drifted).map((f) => `drift:${f.feature}`);
  if (outcome.accuracy !== null && outcome.accuracy < policy.baselineAccuracy) triggers.push('accuracy-drop');
  return { retrain: triggers.length > 0, triggers, blockedBy: null };
}
