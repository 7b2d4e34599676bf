// mistake: draws the k-means++ centres from Math.random instead of mulberry32(seed): a different clustering on every retrain
// expect: k-means centroids
import * as tf from '@tensorflow/tfjs';

/** The seeded generator k-means++ draws from (mulberry32): numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Pca {
  /** Column means of the rows PCA was fitted on. */
  mean: number[];
  /** The top components, each a unit vector, by decreasing variance. */
  components: number[][];
  /** The variance along each component (eigenvalues of the population covariance). */
  variances: number[];
}

export interface Featurizer {
  /** Training mean of each raw column. */
  mean: number[];
  /** Training population std of each raw column (1 where it is 0). */
  std: number[];
  /** k-means centroids, in standardised units. */
  centroids: number[][];
  /** PCA of the standardised training rows. */
  pca: Pca;
}

export interface FeatureOptions {
  k: number;
  components: number;
  seed: number;
}

export interface TrainingOptions extends FeatureOptions {
  epochs: number;
  learningRate: number;
}

export interface Cars {
  /** Raw [cylinders, displacement, horsepower, weight, acceleration] of every car. */
  x: number[][];
  /** MPG of every car; NaN for test cars (their labels are held back). */
  mpg: number[];
  split: ('train' | 'test')[];
}

const MAX_PASSES = 100;
const POWER_ITERATIONS = 10_000;

const squaredDistance = (a: number[], b: number[]) => a.reduce((sum, v, j) => sum + (v - b[j]!) ** 2, 0);
const dot = (a: number[], b: number[]) => a.reduce((sum, v, j) => sum + v * b[j]!, 0);

/** Index of the nearest centroid by squared Euclidean distance; ties go to the lowest index. */
function nearest(row: number[], centroids: number[][]): number {
  let best = 0;
  for (let c = 1; c < centroids.length; c += 1) {
    if (squaredDistance(row, centroids[c]!) < squaredDistance(row, centroids[best]!)) best = c;
  }
  return best;
}

/** k-means++ seeding: the first centre uniformly, each next one with probability ∝ D². */
function seedCentroids(rows: number[][], k: number, random: () => number): number[][] {
  const centroids = [rows[Math.floor(random() * rows.length)]!];
  while (centroids.length < k) {
    const weights = rows.map((row) => Math.min(...centroids.map((c) => squaredDistance(row, c))));
    const total = weights.reduce((sum, w) => sum + w, 0);
    const target = random() * total;
    // target < total, and the running sum reaches total at the last row: some row is always found.
    let cumulative = 0;
    const pick = weights.findIndex((w) => (cumulative += w) > target);
    centroids.push(rows[pick]!);
  }
  // Centroids are replaced by new arrays when they move, so the rows are never changed.
  return centroids;
}

/** Seeded k-means++ then Lloyd passes until no row changes cluster (at most 100 passes). */
export function fitKMeans(rows: number[][], k: number, seed: number): number[][] {
  const centroids = seedCentroids(rows, k, Math.random);
  let assignment: number[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const next = rows.map((row) => nearest(row, centroids));
    if (next.every((c, i) => c === assignment[i])) break;
    assignment = next;
    centroids.forEach((centroid, c) => {
      const members = rows.filter((_, i) => assignment[i] === c);
      // An empty cluster keeps its centroid.
      if (members.length > 0) centroids[c] = centroid.map((_, j) => members.reduce((sum, row) => sum + row[j]!, 0) / members.length);
    });
  }
  return centroids;
}

/**
 * The unit eigenvector of the largest eigenvalue of a symmetric matrix, by power iteration from a
 * fixed start with alternating signs (almost never orthogonal to it). The caller only asks for
 * components with a clearly positive eigenvalue, so C v is never the zero vector.
 */
function topEigenvector(matrix: number[][]): number[] {
  let vector = matrix.map((_, j) => (j % 2 === 0 ? 1 : -1) * (j + 1));
  for (let i = 0; i < POWER_ITERATIONS; i += 1) {
    const next = matrix.map((row) => dot(row, vector));
    const norm = Math.sqrt(dot(next, next));
    const unit = next.map((v) => v / norm);
    const change = Math.sqrt(squaredDistance(unit, vector));
    vector = unit;
    if (change < 1e-13) break;
  }
  return vector;
}

/** Flips a component so that its entry of largest absolute value is positive. */
function orient(component: number[]): number[] {
  const largest = component.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
  return largest < 0 ? component.map((v) => -v) : component;
}

/** PCA of the rows: population covariance, top components by power iteration with deflation. */
export function fitPca(rows: number[][], components: number): Pca {
  const n = rows.length;
  const width = rows[0]!.length;
  const mean = Array.from({ length: width }, (_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / n);
  const centred = rows.map((row) => row.map((v, j) => v - mean[j]!));
  const covariance = mean.map((_, a) => mean.map((__, b) => centred.reduce((sum, row) => sum + row[a]! * row[b]!, 0) / n));
  const found: number[][] = [];
  const variances: number[] = [];
  for (let c = 0; c < components; c += 1) {
    const vector = orient(topEigenvector(covariance));
    const variance = dot(vector, covariance.map((row) => dot(row, vector)));
    found.push(vector);
    variances.push(variance);
    covariance.forEach((row, a) => row.forEach((_, b) => (row[b] = row[b]! - variance * vector[a]! * vector[b]!)));
  }
  return { mean, components: found, variances };
}

/** Learns the scaler, the k-means centroids and the PCA from the training rows, and nothing else. */
export function fitFeaturizer(trainRows: number[][], options: FeatureOptions): Featurizer {
  const n = trainRows.length;
  const mean = trainRows[0]!.map((_, j) => trainRows.reduce((sum, row) => sum + row[j]!, 0) / n);
  const std = mean.map((m, j) => Math.sqrt(trainRows.reduce((sum, row) => sum + (row[j]! - m) ** 2, 0) / n) || 1);
  const standardised = trainRows.map((row) => standardise(row, mean, std));
  return { mean, std, centroids: fitKMeans(standardised, options.k, options.seed), pca: fitPca(standardised, options.components) };
}

const standardise = (row: number[], mean: number[], std: number[]) => row.map((v, j) => (v - mean[j]!) / std[j]!);

/** [PCA scores, one-hot of the nearest centroid, distance to each centroid] of each row, from the featurizer alone. */
export function transformRows(featurizer: Featurizer, rows: number[][]): number[][] {
  const { pca, centroids } = featurizer;
  return rows.map((raw) => {
    const z = standardise(raw, featurizer.mean, featurizer.std);
    const scores = pca.components.map((component) => component.reduce((sum, w, j) => sum + w * (z[j]! - pca.mean[j]!), 0));
    const cluster = nearest(z, centroids);
    const oneHot = centroids.map((_, c) => (c === cluster ? 1 : 0));
    const distances = centroids.map((centroid) => Math.sqrt(squaredDistance(z, centroid)));
    return [...scores, ...oneHot, ...distances];
  });
}

/** Fits the featurizer on the training cars, then trains the linear MPG model on their features. */
export async function trainMpgModel(cars: Cars, options: TrainingOptions): Promise<{ featurizer: Featurizer; model: tf.LayersModel }> {
  const train = cars.split.flatMap((split, i) => (split === 'train' ? [i] : []));
  const featurizer = fitFeaturizer(train.map((i) => cars.x[i]!), options);
  const features = transformRows(featurizer, train.map((i) => cars.x[i]!));
  const targets = train.map((i) => cars.mpg[i]!);
  const meanMpg = targets.reduce((sum, y) => sum + y, 0) / targets.length;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 1,
        inputShape: [features[0]!.length],
        kernelInitializer: 'zeros',
        biasInitializer: tf.initializers.constant({ value: meanMpg }),
      }),
    ],
  });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = tf.tensor2d(features);
  const y = tf.tensor2d(targets, [targets.length, 1]);
  try {
    await model.fit(x, y, { epochs: options.epochs, batchSize: targets.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return { featurizer, model };
}
