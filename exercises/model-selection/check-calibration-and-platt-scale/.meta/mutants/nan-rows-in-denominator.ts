// mistake: leaves NaN scores out of the bins but still divides by every row, NaN-scored ones included, when weighting the ECE
// expect: counts the rows with a NaN score
export interface ScoredRow {
  id: string;
  score: number;
  label: number;
  split: string;
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
  const count = new Array<number>(bins).fill(0);
  const scoreSum = new Array<number>(bins).fill(0);
  const positives = new Array<number>(bins).fill(0);
  scores.forEach((score, i) => {
    if (Number.isNaN(score)) return; // the model gave no probability: nothing to judge
    // A score of exactly 1 belongs to the last bin.
    const bin = Math.min(bins - 1, Math.floor(score * bins));
    count[bin]! += 1;
    scoreSum[bin]! += score;
    if (labels[i] === 1) positives[bin]! += 1;
  });
  return count.map((n, i) => ({
    lower: i / bins,
    upper: (i + 1) / bins,
    count: n,
    meanScore: n === 0 ? null : scoreSum[i]! / n,
    positiveRate: n === 0 ? null : positives[i]! / n,
  }));
}

export function expectedCalibrationError(scores: number[], labels: number[], bins: number): number {
  const table = reliabilityBins(scores, labels, bins);
  const scored = scores.length;
  if (scored === 0) return NaN;
  // Each bin's gap, weighted by its share of the scored rows; empty bins weigh nothing.
  return table.reduce((sum, bin) => (bin.count === 0 ? sum : sum + (bin.count / scored) * Math.abs(bin.meanScore! - bin.positiveRate!)), 0);
}

export function brierScore(scores: number[], labels: number[]): number {
  let sum = 0;
  let scored = 0;
  scores.forEach((score, i) => {
    if (Number.isNaN(score)) return;
    sum += (score - (labels[i] === 1 ? 1 : 0)) ** 2;
    scored += 1;
  });
  return scored === 0 ? NaN : sum / scored;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function fitPlatt(scores: number[], labels: number[]): Platt | null {
  const x: number[] = [];
  const y: number[] = [];
  scores.forEach((score, i) => {
    if (Number.isNaN(score)) return;
    x.push(score);
    y.push(labels[i] === 1 ? 1 : 0);
  });
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return null;

  // Platt's targets: slightly inside (0, 1), so the fit stays finite even when scores separate the classes.
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const t = y.map((v) => (v === 1 ? hi : lo));

  const loss = (a: number, b: number) =>
    x.reduce((sum, s, i) => {
      const z = a * s + b;
      // -[t log p + (1 - t) log(1 - p)] written with log1p for stability.
      return sum + (z >= 0 ? (1 - t[i]!) * z + Math.log1p(Math.exp(-z)) : -t[i]! * z + Math.log1p(Math.exp(z)));
    }, 0);

  // Newton's method with backtracking, from Platt's starting point.
  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    x.forEach((s, i) => {
      const p = sigmoid(a * s + b);
      const w = p * (1 - p);
      ga += (p - t[i]!) * s;
      gb += p - t[i]!;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    const current = loss(a, b);
    let step = 1;
    while (step > 1e-10 && loss(a - step * da, b - step * db) > current) step /= 2;
    a -= step * da;
    b -= step * db;
    if (Math.abs(step * da) + Math.abs(step * db) < 1e-12) break;
  }
  return { a, b };
}

export function applyPlatt(platt: Platt, scores: number[]): number[] {
  return scores.map((s) => (Number.isNaN(s) ? NaN : sigmoid(platt.a * s + platt.b)));
}

export function calibrationReport(rows: ScoredRow[], bins: number, maxEce: number): CalibrationReport {
  const validation = rows.filter((row) => row.split === 'validation');
  const test = rows.filter((row) => row.split === 'test');
  const testScores = test.map((row) => row.score);
  const testLabels = test.map((row) => row.label);

  const raw = { ece: expectedCalibrationError(testScores, testLabels, bins), brier: brierScore(testScores, testLabels) };
  // Fitted on validation only; the test split only measures the result.
  const platt = fitPlatt(
    validation.map((row) => row.score),
    validation.map((row) => row.label),
  );
  let calibrated: Quality | null = null;
  if (platt !== null) {
    const scores = applyPlatt(platt, testScores);
    calibrated = { ece: expectedCalibrationError(scores, testLabels, bins), brier: brierScore(scores, testLabels) };
  }
  const decision = raw.ece <= maxEce ? 'use-raw' : calibrated !== null && calibrated.ece <= maxEce ? 'use-platt' : 'do-not-use';
  return { raw, platt, calibrated, decision };
}
