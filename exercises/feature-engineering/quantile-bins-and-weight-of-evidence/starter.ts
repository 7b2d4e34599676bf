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

/** TODO: tied candidates and a candidate at the minimum must not become edges. */
export function quantileEdges(values: Value[], bins: number): number[] {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return Array.from({ length: bins - 1 }, (_, q) => sorted[Math.floor(((q + 1) * sorted.length) / bins)]!);
}

/** The pipeline's bin lookup: missing values and values above the last edge fall in no bin (-1). */
export function binIndex(edges: number[], value: Value): number {
  if (value === null) return -1;
  return edges.findIndex((edge) => value < edge);
}

/** The pipeline's WOE: rows in no bin are dropped, and a bin without goods or bads gives ±Infinity. */
export function fitFeatureBins(values: Value[], labels: number[], options: BinningOptions): FeatureBins {
  const edges = quantileEdges(values, options.bins);
  const good = new Array<number>(edges.length + 1).fill(0);
  const bad = new Array<number>(edges.length + 1).fill(0);
  values.forEach((value, i) => {
    const bin = binIndex(edges, value);
    if (bin < 0) return;
    if (labels[i] === 1) bad[bin] = bad[bin]! + 1;
    else good[bin] = good[bin]! + 1;
  });
  const totalGood = good.reduce((sum, c) => sum + c, 0);
  const totalBad = bad.reduce((sum, c) => sum + c, 0);
  const woe = good.map((g, b) => Math.log(g / totalGood / (bad[b]! / totalBad)));
  const iv = woe.reduce((sum, w, b) => sum + (good[b]! / totalGood - bad[b]! / totalBad) * w, 0);
  return { edges, woe, iv };
}

export function encodeRows(table: WoeTable, rows: Value[][]): number[][] {
  return rows.map((row) => table.map((feature, j) => feature.woe[binIndex(feature.edges, row[j]!)] ?? NaN));
}

/** The pipeline as it runs today: the table is fitted on every application, test rows included. */
export async function trainScorecard(data: Applications, options: TrainingOptions): Promise<{ table: WoeTable; model: tf.LayersModel }> {
  const labels = data.defaulted.map((y) => y ?? 0);
  const table = data.columns.map((_, j) => fitFeatureBins(data.rows.map((row) => row[j]!), labels, options));
  const train = data.split.flatMap((split, i) => (split === 'train' ? [i] : []));
  const features = encodeRows(table, train.map((i) => data.rows[i]!));
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [table.length], activation: 'sigmoid' })] });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(features, [features.length, table.length]);
  const y = tf.tensor2d(train.map((i) => labels[i]!), [train.length, 1]);
  await model.fit(x, y, { epochs: options.epochs, batchSize: train.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  tf.dispose([x, y]);
  optimizer.dispose();
  return { table, model };
}
