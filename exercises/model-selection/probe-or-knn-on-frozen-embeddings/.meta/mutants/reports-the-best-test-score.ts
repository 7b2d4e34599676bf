// mistake: chooses on validation but reports the best test accuracy of any candidate
// expect: test accuracy reported
import * as tf from '@tensorflow/tfjs';

export interface Split {
  /** One embedding per photo (the backbone's 128-d layer). */
  embeddings: number[][];
  /** Pattern index of each photo, 0..classes-1. */
  labels: number[];
}

export interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

export interface Probe {
  /** dense(classes, softmax) on standardised embeddings. */
  model: tf.LayersModel;
  /** Per-dimension mean and standard deviation of the training embeddings (a zero std stored as 1). */
  mean: number[];
  std: number[];
}

export interface Score {
  candidate: string;
  accuracy: number;
}

export interface Report {
  validation: Score[];
  chosen: string;
  testAccuracy: number;
  probe: Probe;
}

/**
 * k nearest neighbours by cosine similarity: neighbours in order of similarity (equal similarities:
 * lower reference row first), majority vote, a tied vote going to the tied class met first in
 * that order. A zero vector is similar to nothing (similarity 0).
 */
export function knnClassify(reference: Split, queries: number[][], k: number, classes: number): number[] {
  if (queries.length === 0) return [];
  const similarities = tf.tidy(() => {
    const unit = (rows: number[][]) => {
      const x = tf.tensor2d(rows);
      const norms = x.norm('euclidean', 1, true);
      // A zero row stays zero: dividing by 1 instead of 0.
      return x.div(tf.where(norms.equal(0), tf.onesLike(norms), norms));
    };
    return tf.matMul(unit(queries), unit(reference.embeddings), false, true).arraySync() as number[][];
  });
  const take = Math.min(k, reference.labels.length);
  return similarities.map((row) => {
    const order = row.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, take);
    const votes = new Array<number>(classes).fill(0);
    for (const [, i] of order) votes[reference.labels[i]!]! += 1;
    const most = Math.max(...votes);
    return reference.labels[order.find(([, i]) => votes[reference.labels[i]!] === most)![1]]!;
  });
}

/** Mean and population standard deviation of each dimension; a dimension that never varies gets std 1. */
function standardiser(rows: number[][]): { mean: number[]; std: number[] } {
  const dims = rows[0]!.length;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((sum, r) => sum + r[j]!, 0) / rows.length);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((sum, r) => sum + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}

const standardise = (rows: number[][], probe: { mean: number[]; std: number[] }) =>
  rows.map((r) => r.map((v, j) => (v - probe.mean[j]!) / probe.std[j]!));

/** A linear probe: softmax regression on the frozen embeddings, standardised with the training split's statistics. */
export async function trainProbe(train: Split, options: ProbeOptions): Promise<Probe> {
  const { mean, std } = standardiser(train.embeddings);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: options.classes,
        activation: 'softmax',
        inputShape: [train.embeddings[0]!.length],
        kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
        biasInitializer: 'zeros',
      }),
    ],
  });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(standardise(train.embeddings, { mean, std }));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), options.classes));
  try {
    await model.fit(x, y, { epochs: options.epochs, batchSize: train.labels.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return { model, mean, std };
}

function probeClassify(probe: Probe, embeddings: number[][]): number[] {
  if (embeddings.length === 0) return [];
  return tf.tidy(() => (probe.model.predict(tf.tensor2d(standardise(embeddings, probe))) as tf.Tensor).argMax(-1).arraySync() as number[]);
}

const kOf = (candidate: string) => (candidate === 'probe' ? 0 : Number(candidate.slice('knn-'.length)));

/** The most accurate candidate; on a tie the probe (cheapest to serve), then the smallest k. */
export function pickCandidate(scores: Score[]): string {
  const ranked = [...scores].sort((a, b) => b.accuracy - a.accuracy || kOf(a.candidate) - kOf(b.candidate));
  return ranked[0]!.candidate;
}

const accuracyOf = (predicted: number[], labels: number[]) => predicted.filter((p, i) => p === labels[i]).length / labels.length;

/**
 * Scores k-NN for every k (training split as the reference) and the probe (trained on the training
 * split) on validation, picks one, and scores only that one on test, as chosen.
 */
export async function selectAndReport(
  data: { train: Split; validation: Split; test: Split },
  options: { ks: number[]; probe: ProbeOptions },
): Promise<Report> {
  const { classes } = options.probe;
  const probe = await trainProbe(data.train, options.probe);
  const validation: Score[] = [
    ...options.ks.map((k) => ({ candidate: `knn-${k}`, accuracy: accuracyOf(knnClassify(data.train, data.validation.embeddings, k, classes), data.validation.labels) })),
    { candidate: 'probe', accuracy: accuracyOf(probeClassify(probe, data.validation.embeddings), data.validation.labels) },
  ];
  const chosen = pickCandidate(validation);
  const predicted = chosen === 'probe' ? probeClassify(probe, data.test.embeddings) : knnClassify(data.train, data.test.embeddings, kOf(chosen), classes);
  void predicted;
  const best = Math.max(
    ...options.ks.map((k) => accuracyOf(knnClassify(data.train, data.test.embeddings, k, classes), data.test.labels)),
    accuracyOf(probeClassify(probe, data.test.embeddings), data.test.labels),
  );
  return { validation, chosen, testAccuracy: best, probe };
}
