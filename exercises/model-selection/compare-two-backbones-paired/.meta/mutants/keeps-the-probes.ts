// mistake: never disposes the probe models after predicting
// expect: leaked
import * as tf from '@tensorflow/tfjs';

export interface Backbone {
  name: string;
  train: { embeddings: number[][]; labels: number[] };
  test: { ids: string[]; embeddings: number[][]; labels: number[] };
}

export interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

export interface CompareOptions {
  probe: ProbeOptions;
  alpha: number;
  resamples: number;
  seed: number;
}

export interface Interval {
  difference: number;
  low: number;
  high: number;
}

export interface Comparison extends Interval {
  ids: string[];
  correctA: boolean[];
  correctB: boolean[];
  accuracyA: number;
  accuracyB: number;
  onlyA: number;
  onlyB: number;
  pValue: number;
  winner: string | null;
}

/** The seeded generator every resample draws from (the prompt's mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * McNemar's exact test: under "the models are equally good", each discordant photo is a fair coin.
 * Two-sided p = min(1, 2 P(X <= min(onlyA, onlyB))), X ~ Binomial(onlyA + onlyB, 1/2), summed in log
 * space so that a thousand discordant photos neither overflow nor underflow. No discordant photo
 * needs no special case: the tail is then P(X <= 0) = 1, doubled and capped to 1.
 */
export function mcnemarExactP(onlyA: number, onlyB: number): number {
  const n = onlyA + onlyB;
  let logPmf = -n * Math.LN2;
  let tail = 0;
  for (let k = 0; k <= Math.min(onlyA, onlyB); k++) {
    tail += Math.exp(logPmf);
    logPmf += Math.log(n - k) - Math.log(k + 1);
  }
  return Math.min(1, 2 * tail);
}

/**
 * Paired percentile bootstrap of accuracy A minus accuracy B: every resample draws n photo indices
 * with replacement from one mulberry32(seed) stream, and both models are scored on those same photos.
 */
export function pairedBootstrap(correctA: boolean[], correctB: boolean[], options: { resamples: number; alpha: number; seed: number }): Interval {
  const n = correctA.length;
  const count = (correct: boolean[]) => correct.filter(Boolean).length;
  const rand = mulberry32(options.seed);
  const differences: number[] = [];
  for (let r = 0; r < options.resamples; r++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      const i = Math.floor(rand() * n);
      if (correctA[i]) a++;
      if (correctB[i]) b++;
    }
    differences.push((a - b) / n);
  }
  differences.sort((x, y) => x - y);
  const k = Math.round((options.resamples * options.alpha) / 2);
  return { difference: (count(correctA) - count(correctB)) / n, low: differences[k]!, high: differences[options.resamples - 1 - k]! };
}

/** A winner only when the test rejects at alpha and the interval lies on one side of zero. */
export function verdict(pValue: number, low: number, high: number, alpha: number): 'first' | 'second' | 'none' {
  if (!(pValue < alpha)) return 'none';
  if (low > 0) return 'first';
  if (high < 0) return 'second';
  return 'none';
}

/** The probe recipe: training-split standardisation, one seeded dense softmax layer, Adam, one full-batch fit; predicted classes. */
async function probePredictions(train: Backbone['train'], embeddings: number[][], options: ProbeOptions): Promise<number[]> {
  const rows = train.embeddings;
  const dims = rows[0]!.length;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  const standardise = (x: number[][]) => x.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: options.classes, activation: 'softmax', inputShape: [dims], kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }), biasInitializer: 'zeros' })],
  });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(standardise(rows));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), options.classes));
  try {
    await model.fit(x, y, { epochs: options.epochs, batchSize: rows.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
    return tf.tidy(() => (model.predict(tf.tensor2d(standardise(embeddings), [embeddings.length, dims])) as tf.Tensor).argMax(-1).arraySync() as number[]);
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
}

/** The test photos both backbones have, matched by id, in the first backbone's order. */
function pairPhotos(a: Backbone, b: Backbone): { ids: string[]; rowsA: number[]; rowsB: number[] } {
  const rowOfB = new Map(b.test.ids.map((id, row) => [id, row]));
  const ids: string[] = [];
  const rowsA: number[] = [];
  const rowsB: number[] = [];
  a.test.ids.forEach((id, row) => {
    const other = rowOfB.get(id);
    if (other === undefined) return;
    ids.push(id);
    rowsA.push(row);
    rowsB.push(other);
  });
  if (ids.length === 0) throw new Error('no shared test photo: the two test sets have no id in common');
  return { ids, rowsA, rowsB };
}

/**
 * Trains a probe per backbone, predicts the test photos both have, and compares the two on exactly
 * those photos: McNemar's exact test on the discordant photos, a paired bootstrap interval, a verdict.
 */
export async function compareBackbones(a: Backbone, b: Backbone, options: CompareOptions): Promise<Comparison> {
  const { ids, rowsA, rowsB } = pairPhotos(a, b);
  const predictedA = await probePredictions(a.train, rowsA.map((r) => a.test.embeddings[r]!), options.probe);
  const predictedB = await probePredictions(b.train, rowsB.map((r) => b.test.embeddings[r]!), options.probe);
  const correctA = rowsA.map((r, i) => predictedA[i] === a.test.labels[r]);
  const correctB = rowsB.map((r, i) => predictedB[i] === b.test.labels[r]);
  const onlyA = correctA.filter((c, i) => c && !correctB[i]).length;
  const onlyB = correctB.filter((c, i) => c && !correctA[i]).length;
  const pValue = mcnemarExactP(onlyA, onlyB);
  const interval = pairedBootstrap(correctA, correctB, options);
  const side = verdict(pValue, interval.low, interval.high, options.alpha);
  return {
    ids,
    correctA,
    correctB,
    accuracyA: correctA.filter(Boolean).length / ids.length,
    accuracyB: correctB.filter(Boolean).length / ids.length,
    onlyA,
    onlyB,
    pValue,
    ...interval,
    winner: side === 'first' ? a.name : side === 'second' ? b.name : null,
  };
}
