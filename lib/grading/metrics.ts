/** Evaluation metrics for checks on the host. Inputs are plain arrays; labels are 0/1 for binary metrics. */

function assertSameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new Error(`metric inputs differ in length: ${a.length} vs ${b.length}`);
  if (a.length === 0) throw new Error('metric inputs are empty');
}

export function accuracy(yTrue: readonly (number | string)[], yPred: readonly (number | string)[]): number {
  assertSameLength(yTrue, yPred);
  let correct = 0;
  yTrue.forEach((label, i) => {
    if (label === yPred[i]) correct += 1;
  });
  return correct / yTrue.length;
}

export function rmse(yTrue: readonly number[], yPred: readonly number[]): number {
  assertSameLength(yTrue, yPred);
  const sum = yTrue.reduce((acc, y, i) => acc + (y - (yPred[i] ?? Number.NaN)) ** 2, 0);
  return Math.sqrt(sum / yTrue.length);
}

export function confusion(yTrue: readonly number[], yPred: readonly number[]) {
  assertSameLength(yTrue, yPred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  yTrue.forEach((y, i) => {
    const p = yPred[i];
    if (y === 1 && p === 1) tp += 1;
    else if (y === 0 && p === 1) fp += 1;
    else if (y === 1 && p === 0) fn += 1;
    else tn += 1;
  });
  return { tp, fp, fn, tn };
}

export function precision(yTrue: readonly number[], yPred: readonly number[]): number {
  const { tp, fp } = confusion(yTrue, yPred);
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

export function recall(yTrue: readonly number[], yPred: readonly number[]): number {
  const { tp, fn } = confusion(yTrue, yPred);
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

export function f1(yTrue: readonly number[], yPred: readonly number[]): number {
  const p = precision(yTrue, yPred);
  const r = recall(yTrue, yPred);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Area under the ROC curve from scores (rank statistic; ties count half). */
export function auc(yTrue: readonly number[], scores: readonly number[]): number {
  assertSameLength(yTrue, scores);
  const pairs = yTrue.map((y, i) => ({ y, s: scores[i] ?? Number.NaN })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  let i = 0;
  while (i < pairs.length) {
    let j = i;
    while (j + 1 < pairs.length && pairs[j + 1]!.s === pairs[i]!.s) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) {
      if (pairs[k]!.y === 1) {
        rankSum += averageRank;
        positives += 1;
      }
    }
    i = j + 1;
  }
  const negatives = pairs.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('AUC needs both classes in yTrue');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
