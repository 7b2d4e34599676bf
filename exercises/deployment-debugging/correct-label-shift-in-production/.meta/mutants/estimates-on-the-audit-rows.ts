// mistake: estimates the week's priors from the 160 audited rows only, throwing away most of the unlabelled week
// expect: estimated production priors
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

/** Mean and population standard deviation of each dimension; a dimension that never varies gets std 1. */
function standardiser(rows: number[][]): { mean: number[]; std: number[] } {
  const dims = rows[0]!.length;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((sum, r) => sum + r[j]!, 0) / rows.length);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((sum, r) => sum + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}

const standardise = (rows: number[][], probe: { mean: number[]; std: number[] }) => rows.map((r) => r.map((v, j) => (v - probe.mean[j]!) / probe.std[j]!));

/** The linear probe the team trained: softmax regression on the standardised frozen embeddings. */
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
    await model.fit(x, y, { epochs: options.epochs, batchSize: train.labels.length, shuffle: false, verbose: 0 });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return { model, mean, std };
}

/** The probe's class probabilities for every row, in one forward pass. */
function posteriorsOf(probe: Probe, rows: number[][]): number[][] {
  if (rows.length === 0) return [];
  return tf.tidy(() => (probe.model.predict(tf.tensor2d(standardise(rows, probe))) as tf.Tensor).arraySync() as number[][]);
}

/** Each row's posteriors times newPriors / oldPriors, renormalised to sum to 1. */
export function adjustPosteriors(posteriors: number[][], oldPriors: number[], newPriors: number[]): number[][] {
  const ratio = newPriors.map((p, k) => p / oldPriors[k]!);
  return posteriors.map((row) => {
    const weighted = row.map((p, k) => p * ratio[k]!);
    const total = weighted.reduce((a, b) => a + b, 0);
    return weighted.map((w) => w / total);
  });
}

/** Raises every prior to at least `floor` and renormalises, so no class becomes impossible. */
function clipPriors(priors: number[], floor: number): number[] {
  const raised = priors.map((p) => Math.max(p, floor));
  const total = raised.reduce((a, b) => a + b, 0);
  return raised.map((p) => p / total);
}

/**
 * Saerens, Latinne and Decaestecker's EM: starting from the training priors, reweight every row's
 * posteriors by current / training priors (E step), take their mean as the new priors (M step),
 * and stop once no prior moved by `tolerance` or more, or after `maxIterations`.
 */
export function estimatePriors(posteriors: number[][], oldPriors: number[], options: EmOptions): PriorEstimate {
  if (posteriors.length === 0) throw new Error('no production rows: the priors cannot be estimated');
  let priors = [...oldPriors];
  for (let iteration = 1; iteration <= options.maxIterations; iteration += 1) {
    const adjusted = adjustPosteriors(posteriors, oldPriors, priors);
    const next = priors.map((_, k) => adjusted.reduce((sum, row) => sum + row[k]!, 0) / adjusted.length);
    const change = Math.max(...next.map((p, k) => Math.abs(p - priors[k]!)));
    priors = next;
    if (change < options.tolerance) return { priors: clipPriors(priors, options.floor), iterations: iteration, converged: true };
  }
  return { priors: clipPriors(priors, options.floor), iterations: options.maxIterations, converged: false };
}

const argMax = (row: number[]) => row.indexOf(Math.max(...row));

function score(posteriors: number[][], labels: number[], classes: number): AuditScore {
  const predicted = posteriors.map(argMax);
  const correct = predicted.filter((p, i) => p === labels[i]).length;
  const precision = Array.from({ length: classes }, (_, k) => {
    const predictedK = predicted.map((p, i) => [p, labels[i]] as const).filter(([p]) => p === k);
    return predictedK.length === 0 ? null : predictedK.filter(([, y]) => y === k).length / predictedK.length;
  });
  return { accuracy: correct / labels.length, precision };
}

/**
 * Trains the probe on the training split, estimates this week's pattern mix from the whole
 * unlabelled production batch, corrects every posterior, and scores the labelled audit rows
 * before and after the correction.
 */
export async function correctProduction(data: Production, options: { probe: ProbeOptions; em: EmOptions }): Promise<CorrectionReport> {
  const { classes } = options.probe;
  const probe = await trainProbe(data.train, options.probe);
  const trainingPriors = Array.from({ length: classes }, (_, k) => data.train.labels.filter((y) => y === k).length / data.train.labels.length);
  const posteriors = posteriorsOf(probe, data.production);
  const estimate = estimatePriors(data.audit.rows.map((i) => posteriors[i]!), trainingPriors, options.em);
  const corrected = adjustPosteriors(posteriors, trainingPriors, estimate.priors);
  const audited = (rows: number[][]) => data.audit.rows.map((i) => rows[i]!);
  return {
    trainingPriors,
    estimate,
    before: score(audited(posteriors), data.audit.labels, classes),
    after: score(audited(corrected), data.audit.labels, classes),
    probe,
  };
}
