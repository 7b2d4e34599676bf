export interface Metrics {
  precision: number;
  recall: number;
  flagged: number;
}

export interface OperatingPoint extends Metrics {
  threshold: number;
}

export interface ScoredRow {
  id: string;
  score: number;
  label: number;
  split: string;
}

export interface ReviewPlan {
  threshold: number;
  validation: Metrics;
  test: Metrics;
}

/** Precision, recall and queue size when every item with score >= threshold is flagged. */
export function evaluateAt(threshold: number, scores: number[], labels: number[]): Metrics {
  const frauds = labels.filter((label) => label === 1).length;
  const flagged = scores.filter((score) => score >= threshold).length;
  // TODO: count the frauds among the flagged items.
  const fraudFlagged = 0;
  return {
    precision: flagged === 0 ? 0 : fraudFlagged / flagged,
    recall: frauds === 0 ? 0 : fraudFlagged / frauds,
    flagged,
  };
}

/** The observed score that meets minPrecision with the highest recall, or null. */
export function chooseThreshold(scores: number[], labels: number[], minPrecision: number): OperatingPoint | null {
  // Today's production rule: a fixed 0.5, kept only if it happens to meet the target.
  // TODO: try the observed scores as thresholds and keep the best one that meets minPrecision.
  const threshold = 0.5;
  const point = { threshold, ...evaluateAt(threshold, scores, labels) };
  return point.precision >= minPrecision ? point : null;
}

/** Chooses the threshold on the validation rows; reports it on validation and on test. */
export function planReviewQueue(rows: ScoredRow[], minPrecision: number): ReviewPlan | null {
  // Last quarter's notebook chose and reported on every labelled row at once.
  // TODO: choose on the validation rows only, then evaluate that threshold on the test rows.
  const point = chooseThreshold(
    rows.map((row) => row.score),
    rows.map((row) => row.label),
    minPrecision,
  );
  if (point === null) return null;
  const { threshold, precision, recall, flagged } = point;
  return { threshold, validation: { precision, recall, flagged }, test: { precision, recall, flagged } };
}
