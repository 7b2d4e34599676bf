// mistake: adds items one at a time, so the metrics it reports flag only part of a group of tied scores
// expect: tied scores at the boundary
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
  const positives = labels.filter((label) => label === 1).length;
  if (positives === 0) return null;
  const order = scores
    .map((score, i) => ({ score, positive: labels[i] === 1 }))
    .filter((item) => !Number.isNaN(item.score))
    .sort((a, b) => b.score - a.score);

  // One item at a time: the threshold is the score of the last item added.
  let best: OperatingPoint | null = null;
  let truePositives = 0;
  order.forEach((item, i) => {
    if (item.positive) truePositives += 1;
    const flagged = i + 1;
    const precision = truePositives / flagged;
    const recall = truePositives / positives;
    if (precision >= minPrecision && (best === null || recall > best.recall)) {
      best = { threshold: item.score, precision, recall, flagged };
    }
  });
  return best;
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
