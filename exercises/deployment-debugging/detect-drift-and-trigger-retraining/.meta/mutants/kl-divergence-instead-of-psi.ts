// mistake: computes the KL divergence sum(q * ln(q / p)) instead of PSI’s symmetric sum((q - p) * ln(q / p))
// expect: PSI of amount in a stable week
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

const MIN_PROPORTION = 1e-4;
/** A drop of exactly maxAccuracyDrop is no trigger, whatever floating point makes of 0.91 - 0.88. */
const ACCURACY_EPSILON = 1e-9;

const finite = (values: number[]) => values.filter((v) => typeof v === 'number' && Number.isFinite(v));

export function psi(reference: number[], current: number[], bins = 10): number {
  const ref = finite(reference).sort((a, b) => a - b);
  const cur = finite(current);
  if (ref.length === 0 || cur.length === 0) return Number.NaN;

  // Bin edges are the reference's own quantiles, so every bin holds about a tenth of the
  // training data. Ties can make two quantiles equal: keep each edge once.
  const edges: number[] = [];
  for (let k = 1; k < bins; k += 1) {
    const edge = ref[Math.floor((k * ref.length) / bins)]!;
    if (edges.length === 0 || edge > edges.at(-1)!) edges.push(edge);
  }
  // A value's bin is the number of edges at or below it: a value equal to an edge goes right.
  const binOf = (x: number) => {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const proportions = (values: number[]) => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const v of values) counts[binOf(v)]! += 1;
    // An empty bin would make ln(0): floor every share at 0.0001.
    return counts.map((c) => Math.max(c / values.length, MIN_PROPORTION));
  };
  const p = proportions(ref);
  const q = proportions(cur);
  return p.reduce((sum, r, i) => sum + q[i]! * Math.log(q[i]! / r), 0);
}

export function ksStatistic(reference: number[], current: number[]): number {
  const a = finite(reference).sort((x, y) => x - y);
  const b = finite(current).sort((x, y) => x - y);
  if (a.length === 0 || b.length === 0) return Number.NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  // Step both empirical CDFs past every value equal to v before comparing them: with ties, the
  // CDF jumps once per distinct value, not once per sample.
  while (i < a.length || j < b.length) {
    const v = Math.min(a[i] ?? Number.POSITIVE_INFINITY, b[j] ?? Number.POSITIVE_INFINITY);
    while (i < a.length && a[i]! <= v) i += 1;
    while (j < b.length && b[j]! <= v) j += 1;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** Critical value of the two-sample KS statistic at level alpha (asymptotic). */
function ksCritical(n: number, m: number, alpha: number): number {
  if (n === 0 || m === 0) return Number.NaN;
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

export function driftReport(reference: Record<string, number[]>, current: Record<string, number[]>, thresholds: DriftThresholds): FeatureDrift[] {
  return Object.keys(reference).map((feature) => {
    const ref = reference[feature] ?? [];
    const cur = current[feature] ?? [];
    const value = psi(ref, cur);
    const ks = ksStatistic(ref, cur);
    const critical = ksCritical(finite(ref).length, finite(cur).length, thresholds.alpha);
    // Both must agree: PSI says the shift is big, KS says it is not sampling noise.
    return { feature, psi: value, ks, ksCritical: critical, drifted: value > thresholds.psi && ks > critical };
  });
}

export function decideRetraining(report: FeatureDrift[], outcome: WeekOutcome, policy: RetrainPolicy): RetrainDecision {
  const triggers = report.filter((f) => f.drifted).map((f) => `drift:${f.feature}`);
  if (outcome.accuracy !== null && policy.baselineAccuracy - outcome.accuracy > policy.maxAccuracyDrop + ACCURACY_EPSILON) triggers.push('accuracy-drop');
  // A retrain on a handful of new labels learns the noise: wait until enough have arrived.
  const enoughLabels = outcome.newLabels >= policy.minNewLabels;
  return {
    retrain: triggers.length > 0 && enoughLabels,
    triggers,
    blockedBy: triggers.length > 0 && !enoughLabels ? 'not-enough-labels' : null,
  };
}
