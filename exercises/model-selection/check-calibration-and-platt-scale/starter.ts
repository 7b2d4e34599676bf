// calibration.ts: can the churn model's scores be used as probabilities?
// Finance wants to multiply them by customer value to budget the retention offers.

export interface ScoredRow {
  id: string;
  score: number; // the churn model's score in [0, 1]; NaN when the model could not score
  label: number; // 1 = churned, 0 = stayed
  split: string; // 'validation' | 'test'
}

export interface Bin {
  lower: number;
  upper: number;
  count: number;
  meanScore: number | null;
  positiveRate: number | null;
}

export interface Platt {
  a: number;
  b: number;
}

export interface Quality {
  ece: number;
  brier: number;
}

export interface CalibrationReport {
  raw: Quality;
  platt: Platt | null;
  calibrated: Quality | null;
  decision: 'use-raw' | 'use-platt' | 'do-not-use';
}

export function reliabilityBins(scores: number[], labels: number[], bins: number): Bin[] {
  // TODO: put every score in its bin and fill in count, meanScore and positiveRate.
  void scores;
  void labels;
  return Array.from({ length: bins }, (_, i) => ({ lower: i / bins, upper: (i + 1) / bins, count: 0, meanScore: null, positiveRate: null }));
}

export function expectedCalibrationError(scores: number[], labels: number[], bins: number): number {
  // TODO: the weighted gap between meanScore and positiveRate over the bins.
  void reliabilityBins(scores, labels, bins);
  return 0;
}

export function brierScore(scores: number[], labels: number[]): number {
  // TODO: mean of (score - label)^2.
  void scores;
  void labels;
  return 0;
}

export function fitPlatt(scores: number[], labels: number[]): Platt | null {
  // TODO: fit sigmoid(a * score + b) to Platt's targets. This is the identity-like starting point.
  void scores;
  void labels;
  return { a: 1, b: 0 };
}

export function applyPlatt(platt: Platt, scores: number[]): number[] {
  return scores.map((s) => 1 / (1 + Math.exp(-(platt.a * s + platt.b))));
}

export function calibrationReport(rows: ScoredRow[], bins: number, maxEce: number): CalibrationReport {
  const test = rows.filter((row) => row.split === 'test');
  const scores = test.map((row) => row.score);
  const labels = test.map((row) => row.label);
  const raw = { ece: expectedCalibrationError(scores, labels, bins), brier: brierScore(scores, labels) };
  // TODO: which rows should the calibration be fitted on?
  const platt = fitPlatt(
    rows.map((row) => row.score),
    rows.map((row) => row.label),
  );
  const calibrated = platt && {
    ece: expectedCalibrationError(applyPlatt(platt, scores), labels, bins),
    brier: brierScore(applyPlatt(platt, scores), labels),
  };
  const decision = raw.ece <= maxEce ? 'use-raw' : calibrated && calibrated.ece <= maxEce ? 'use-platt' : 'do-not-use';
  return { raw, platt, calibrated, decision };
}
