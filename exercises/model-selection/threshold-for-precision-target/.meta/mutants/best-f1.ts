// mistake: returns the threshold with the best F1 score and ignores the precision target
// expect: misses the precision target
/** Precision, recall and queue size of one decision rule: flag an item when score >= threshold. */
export interface Metrics {
  precision: number;
  recall: number;
  flagged: number;
}

/** A threshold together with what it achieves on the data it was chosen on. */
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

export function evaluateAt(threshold: number, scores: number[], labels: number[]): Metrics {
  let flagged = 0;
  let truePositives = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i += 1) {
    const positive = labels[i] === 1;
    if (positive) positives += 1;
    // NaN >= threshold is false: an unscored item is never flagged.
    if (scores[i]! >= threshold) {
      flagged += 1;
      if (positive) truePositives += 1;
    }
  }
  return {
    precision: flagged === 0 ? 0 : truePositives / flagged,
    recall: positives === 0 ? 0 : truePositives / positives,
    flagged,
  };
}

export function chooseThreshold(scores: number[], labels: number[], minPrecision: number): OperatingPoint | null {
  if (!labels.includes(1)) return null;
  // F1 balances precision and recall, so the best F1 should sit close enough to the target.
  const candidates = [...new Set(scores.filter((score) => !Number.isNaN(score)))];
  let best: (OperatingPoint & { f1: number }) | null = null;
  for (const threshold of candidates) {
    const metrics = evaluateAt(threshold, scores, labels);
    const f1 = metrics.precision + metrics.recall === 0 ? 0 : (2 * metrics.precision * metrics.recall) / (metrics.precision + metrics.recall);
    if (best === null || f1 > best.f1) best = { threshold, ...metrics, f1 };
  }
  if (best === null || (best.f1 === 0 && minPrecision > 0)) return null;
  const { threshold, precision, recall, flagged } = best;
  return { threshold, precision, recall, flagged };
}

export function planReviewQueue(rows: ScoredRow[], minPrecision: number): ReviewPlan | null {
  const validation = rows.filter((row) => row.split === 'validation');
  const test = rows.filter((row) => row.split === 'test');

  // Chosen on validation only: the test split is looked at once, to report an honest estimate.
  const point = chooseThreshold(
    validation.map((row) => row.score),
    validation.map((row) => row.label),
    minPrecision,
  );
  if (point === null) return null;

  const { threshold, precision, recall, flagged } = point;
  return {
    threshold,
    validation: { precision, recall, flagged },
    test: evaluateAt(
      threshold,
      test.map((row) => row.score),
      test.map((row) => row.label),
    ),
  };
}
