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

export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  floor: number;
}

export interface PriorEstimate {
  priors: number[];
  iterations: number;
  converged: boolean;
}

export interface AuditScore {
  accuracy: number;
  /** Per class: correct / predicted among the audited rows; null for a class never predicted. */
  precision: (number | null)[];
}

export interface Production {
  train: Split;
  /** Every photo the line logged this week (no labels). */
  production: number[][];
  /** The labelled audit: indices into `production` and their true patterns. */
  audit: { rows: number[]; labels: number[] };
}

export interface CorrectionReport {
  trainingPriors: number[];
  estimate: PriorEstimate;
  before: AuditScore;
  after: AuditScore;
  probe: Probe;
}

/** The tagger as it went live. TODO: standardise, the recipe. */
export async function trainProbe(train: Split, options: ProbeOptions): Promise<Probe> {
  const dims = train.embeddings[0]!.length;
  const model = tf.sequential({ layers: [tf.layers.dense({ units: options.classes, activation: 'softmax', inputShape: [dims] })] });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(train.embeddings);
  const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), options.classes);
  await model.fit(x, y, { epochs: options.epochs, verbose: 0 });
  return { model, mean: new Array<number>(dims).fill(0), std: new Array<number>(dims).fill(1) };
}

/** TODO: swap the training priors for the new ones (Bayes' rule). */
export function adjustPosteriors(posteriors: number[][], oldPriors: number[], newPriors: number[]): number[][] {
  return posteriors;
}

/** TODO: Saerens' EM. For now the line is assumed to weave what the training set showed. */
export function estimatePriors(posteriors: number[][], oldPriors: number[], options: EmOptions): PriorEstimate {
  return { priors: oldPriors, iterations: 0, converged: false };
}

const argMax = (row: number[]) => row.indexOf(Math.max(...row));

/** This week's report for the quality team. */
export async function correctProduction(data: Production, options: { probe: ProbeOptions; em: EmOptions }): Promise<CorrectionReport> {
  const { classes } = options.probe;
  const probe = await trainProbe(data.train, options.probe);
  const trainingPriors = new Array<number>(classes).fill(1 / classes);
  const audited = data.audit.rows.map((i) => data.production[i]!);
  const posteriors = tf.tidy(() => (probe.model.predict(tf.tensor2d(audited)) as tf.Tensor).arraySync() as number[][]);
  const estimate = estimatePriors(posteriors, trainingPriors, options.em);
  const predicted = adjustPosteriors(posteriors, trainingPriors, estimate.priors).map(argMax);
  const accuracy = predicted.filter((p, i) => p === data.audit.labels[i]).length / predicted.length;
  const score = { accuracy, precision: new Array<number | null>(classes).fill(null) };
  return { trainingPriors, estimate, before: score, after: score, probe };
}
