// mistake: adds α to each bin count but not K·α to the totals, so the shares no longer sum to 1
// expect: smoothed WOE
import * as tf from '@tensorflow/tfjs';

/** A feature value; `null` is missing. */
export type Value = number | null;

export interface FeatureBins {
  /** Cut points between the value bins, strictly increasing. */
  edges: number[];
  /** Weight of evidence of each bin: the edges.length + 1 value bins, then the missing bin. */
  woe: number[];
  /** Information value of the feature over all its bins. */
  iv: number;
}

/** One FeatureBins per column, in the column order of the rows. */
export type WoeTable = FeatureBins[];

export interface BinningOptions {
  /** Quantile bins asked for (before tied edges are merged). */
  bins: number;
  /** Additive smoothing α added to every bin's good and bad count (> 0). */
  smoothing: number;
}

export interface TrainingOptions extends BinningOptions {
  epochs: number;
  learningRate: number;
}

export interface Applications {
  columns: string[];
  /** One row per application, a value (or null) per column. */
  rows: Value[][];
  /** 1 defaulted, 0 repaid; null for test rows (their outcomes are held back). */
  defaulted: (0 | 1 | null)[];
  split: ('train' | 'test')[];
}

/** Cut points at the lower quantiles q·n/bins of the non-missing values; tied and minimum edges dropped. */
export function quantileEdges(values: Value[], bins: number): number[] {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const n = sorted.length;
  const edges: number[] = [];
  for (let q = 1; q < bins; q += 1) {
    const candidate = sorted[Math.floor((q * n) / bins)]!;
    const floor = edges.length > 0 ? edges[edges.length - 1]! : sorted[0]!;
    if (candidate > floor) edges.push(candidate);
  }
  return edges;
}

/** The bin of a value: the number of edges at or below it; missing goes to the last bin. */
export function binIndex(edges: number[], value: Value): number {
  if (value === null) return edges.length + 1;
  let index = 0;
  while (index < edges.length && edges[index]! <= value) index += 1;
  return index;
}

/** Edges from the values, then smoothed WOE = ln(good share / bad share) per bin, and the IV. */
export function fitFeatureBins(values: Value[], labels: number[], options: BinningOptions): FeatureBins {
  const edges = quantileEdges(values, options.bins);
  const binCount = edges.length + 2;
  const good = new Array<number>(binCount).fill(0);
  const bad = new Array<number>(binCount).fill(0);
  values.forEach((value, i) => {
    const bin = binIndex(edges, value);
    if (labels[i] === 1) bad[bin] = bad[bin]! + 1;
    else good[bin] = good[bin]! + 1;
  });
  const alpha = options.smoothing;
  const totalGood = good.reduce((sum, c) => sum + c, 0);
  const totalBad = bad.reduce((sum, c) => sum + c, 0);
  const goodShare = good.map((c) => (c + alpha) / totalGood);
  const badShare = bad.map((c) => (c + alpha) / totalBad);
  const woe = goodShare.map((g, b) => Math.log(g / badShare[b]!));
  const iv = woe.reduce((sum, w, b) => sum + (goodShare[b]! - badShare[b]!) * w, 0);
  return { edges, woe, iv };
}

/** Each row's WOE per column, read from the frozen table and nothing else. */
export function encodeRows(table: WoeTable, rows: Value[][]): number[][] {
  return rows.map((row) => table.map((feature, j) => feature.woe[binIndex(feature.edges, row[j]!)]!));
}

/** Fits the WOE table on the training rows, then a logistic regression on their WOE features. */
export async function trainScorecard(data: Applications, options: TrainingOptions): Promise<{ table: WoeTable; model: tf.LayersModel }> {
  const train = data.split.flatMap((split, i) => (split === 'train' ? [i] : []));
  const rows = train.map((i) => data.rows[i]!);
  const labels = train.map((i) => data.defaulted[i]!);
  const table = data.columns.map((_, j) => fitFeatureBins(rows.map((row) => row[j]!), labels, options));
  const features = encodeRows(table, rows);
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [table.length], activation: 'sigmoid', kernelInitializer: 'zeros', biasInitializer: 'zeros' })],
  });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(features, [features.length, table.length]);
  const y = tf.tensor2d(labels, [labels.length, 1]);
  try {
    await model.fit(x, y, { epochs: options.epochs, batchSize: labels.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return { table, model };
}
