import * as tf from '@tensorflow/tfjs';

export interface Split {
  /** One embedding per photo (MobileNetV2's 128-d dense_2 layer). */
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

/** k nearest neighbours. TODO: cosine similarity, tie rules. */
export function knnClassify(reference: Split, queries: number[][], k: number, classes: number): number[] {
  return queries.map((q) => {
    const distance = (r: number[]) => Math.hypot(...r.map((v, j) => v - q[j]!));
    const order = reference.embeddings.map((r, i) => [distance(r), i] as const).sort((a, b) => a[0] - b[0]).slice(0, k);
    const votes = new Array<number>(classes).fill(0);
    for (const [, i] of order) votes[reference.labels[i]!]! += 1;
    return votes.indexOf(Math.max(...votes));
  });
}

/** A linear probe on the frozen embeddings. TODO: standardise, the recipe. */
export async function trainProbe(train: Split, options: ProbeOptions): Promise<Probe> {
  const dims = train.embeddings[0]!.length;
  const model = tf.sequential({ layers: [tf.layers.dense({ units: options.classes, activation: 'softmax', inputShape: [dims] })] });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(train.embeddings);
  const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), options.classes);
  await model.fit(x, y, { epochs: options.epochs, verbose: 0 });
  return { model, mean: new Array<number>(dims).fill(0), std: new Array<number>(dims).fill(1) };
}

/** TODO: the tie rule. */
export function pickCandidate(scores: Score[]): string {
  let best = scores[0]!;
  for (const s of scores) if (s.accuracy > best.accuracy) best = s;
  return best.candidate;
}

const accuracyOf = (predicted: number[], labels: number[]) => predicted.filter((p, i) => p === labels[i]).length / labels.length;

/** The tagging job: what it reports goes into the launch doc. */
export async function selectAndReport(data: { train: Split; validation: Split; test: Split }, options: { ks: number[]; probe: ProbeOptions }): Promise<Report> {
  const probe = await trainProbe(data.train, options.probe);
  const classes = options.probe.classes;
  const probePredict = (rows: number[][]) => tf.tidy(() => (probe.model.predict(tf.tensor2d(rows)) as tf.Tensor).argMax(-1).arraySync() as number[]);
  // Scored on the test photos, as last sprint.
  const test: Score[] = [
    ...options.ks.map((k) => ({ candidate: `knn-${k}`, accuracy: accuracyOf(knnClassify(data.train, data.test.embeddings, k, classes), data.test.labels) })),
    { candidate: 'probe', accuracy: accuracyOf(probePredict(data.test.embeddings), data.test.labels) },
  ];
  const chosen = pickCandidate(test);
  return { validation: test, chosen, testAccuracy: test.find((s) => s.candidate === chosen)!.accuracy, probe };
}
