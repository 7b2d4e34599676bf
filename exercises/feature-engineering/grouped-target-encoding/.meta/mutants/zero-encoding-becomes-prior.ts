// mistake: falls back with `encodings[c] || prior`, so a merchant whose smoothed rate is exactly 0 (never a chargeback, smoothing 0) is encoded as the prior
// expect: a category's encoding (0 included)
/** One card payment. `merchantId` is null (or '') when the payment has no merchant descriptor. */
export interface Payment {
  cardId: string;
  merchantId: string | null;
  chargeback: number; // 1 or 0
}

/** Smoothed chargeback rate per merchant, learned from some payments. */
export interface TargetEncoder {
  prior: number; // chargeback rate of all the payments it was fitted on
  encodings: Record<string, number>; // merchantId -> (sum + smoothing * prior) / (count + smoothing)
}

const isMissing = (category: string | null | undefined): category is null | undefined | '' => category === null || category === undefined || category === '';

/**
 * GroupKFold: every card's payments go to one fold. Cards are taken largest first (ties: card id in
 * code-unit order) and each goes to the fold with the fewest payments so far (ties: the lowest fold).
 */
export function groupKFold(groups: string[], k: number): number[] {
  const sizes = new Map<string, number>();
  for (const group of groups) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be a whole number of at least 2, got ${k}`);
  if (sizes.size < k) throw new Error(`cannot make ${k} folds from ${sizes.size} groups`);

  const order = [...sizes].sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const [group, size] of order) {
    let lightest = 0;
    for (let f = 1; f < k; f += 1) if (load[f]! < load[lightest]!) lightest = f;
    foldOf.set(group, lightest);
    load[lightest]! += size;
  }
  return groups.map((group) => foldOf.get(group)!);
}

export function fitTargetEncoder(categories: (string | null)[], targets: number[], smoothing: number): TargetEncoder {
  const prior = targets.reduce((s, y) => s + y, 0) / targets.length;
  const sums = new Map<string, { sum: number; count: number }>();
  categories.forEach((category, i) => {
    if (isMissing(category)) return;
    const stat = sums.get(category) ?? { sum: 0, count: 0 };
    stat.sum += targets[i]!;
    stat.count += 1;
    sums.set(category, stat);
  });
  const encodings: Record<string, number> = {};
  for (const [category, { sum, count }] of sums) encodings[category] = (sum + smoothing * prior) / (count + smoothing);
  return { prior, encodings };
}

export function applyTargetEncoder(encoder: TargetEncoder, categories: (string | null)[]): number[] {
  return categories.map((category) =>
    (!isMissing(category) && encoder.encodings[category]) || encoder.prior,
  );
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
  // Out of fold: a payment's encoding is learned from the other folds only (other cards only).
  const trainEncoded = new Array<number>(train.length);
  for (let f = 0; f < k; f += 1) {
    const rest = train.filter((_, i) => folds[i] !== f);
    const encoder = fitTargetEncoder(
      rest.map((p) => p.merchantId),
      rest.map((p) => p.chargeback),
      smoothing,
    );
    train.forEach((p, i) => {
      if (folds[i] === f) trainEncoded[i] = applyTargetEncoder(encoder, [p.merchantId])[0]!;
    });
  }
  // Serving (and the test split) use one encoder fitted on every training payment.
  const encoder = fitTargetEncoder(
    train.map((p) => p.merchantId),
    train.map((p) => p.chargeback),
    smoothing,
  );
  return { folds, train: trainEncoded, test: applyTargetEncoder(encoder, test.map((p) => p.merchantId)), encoder };
}
