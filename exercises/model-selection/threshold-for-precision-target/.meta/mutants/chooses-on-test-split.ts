// mistake: picks the threshold on the test split, so the reported test precision is tuned, not estimated
// expect: review threshold was tuned on the test split
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

  // Walk the distinct scores from the highest down. Lowering the threshold to the next distinct
  // score flags the whole group of items tied at that score at once.
  const order = scores
    .map((score, i) => ({ score, positive: labels[i] === 1 }))
    .filter((item) => !Number.isNaN(item.score))
    .sort((a, b) => b.score - a.score);

  let best: OperatingPoint | null = null;
  let flagged = 0;
  let truePositives = 0;
  let i = 0;
  while (i < order.length) {
    const threshold = order[i]!.score;
    while (i < order.length && order[i]!.score === threshold) {
      flagged += 1;
      if (order[i]!.positive) truePositives += 1;
      i += 1;
    }
    const precision = truePositives / flagged;
    const recall = truePositives / positives;
    // Strictly greater: on equal recall the higher threshold (seen first) wins, flagging fewer items.
    if (precision >= minPrecision && (best === null || recall > best.recall)) {
      best = { threshold, precision, recall, flagged };
    }
  }
  return best;
}

export function planReviewQueue(rows: ScoredRow[], minPrecision: number): ReviewPlan | null {
  const validation = rows.filter((row) => row.split === 'validation');
  const test = rows.filter((row) => row.split === 'test');

  // Tune where we report: the test split is what Priya will look at.
  const point = chooseThreshold(
    test.map((row) => row.score),
    test.map((row) => row.label),
    minPrecision,
  );
  if (point === null) return null;

  const { threshold, precision, recall, flagged } = point;
  return {
    threshold,
    validation: evaluateAt(
      threshold,
      validation.map((row) => row.score),
      validation.map((row) => row.label),
    ),
    test: { precision, recall, flagged },
  };
}
