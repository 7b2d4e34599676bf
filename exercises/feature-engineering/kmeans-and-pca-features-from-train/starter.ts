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

const squaredDistance = (a: number[], b: number[]) => a.reduce((sum, v, j) => sum + (v - b[j]!) ** 2, 0);
const columnMeans = (rows: number[][]) => rows[0]!.map((_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / rows.length);

/** Centroids of the rows. TODO: seeded k-means++ and Lloyd passes until stable, as the prompt states. */
export function fitKMeans(rows: number[][], k: number, seed: number): number[][] {
  void seed;
  return rows.slice(0, k).map((row) => row.slice());
}

/** PCA of the rows. TODO: the top eigenvectors of the population covariance, not the coordinate axes. */
export function fitPca(rows: number[][], components: number): Pca {
  const mean = columnMeans(rows);
  const width = mean.length;
  const axes = Array.from({ length: components }, (_, c) => Array.from({ length: width }, (__, j) => (j === c ? 1 : 0)));
  const variances = axes.map((_, c) => rows.reduce((sum, row) => sum + (row[c]! - mean[c]!) ** 2, 0) / (rows.length - 1));
  return { mean, components: axes, variances };
}

export function fitFeaturizer(trainRows: number[][], options: FeatureOptions): Featurizer {
  const mean = columnMeans(trainRows);
  const std = mean.map((m, j) => Math.sqrt(trainRows.reduce((sum, row) => sum + (row[j]! - m) ** 2, 0) / trainRows.length));
  const standardised = trainRows.map((row) => row.map((v, j) => (v - mean[j]!) / std[j]!));
  return { mean, std, centroids: fitKMeans(standardised, options.k, options.seed), pca: fitPca(standardised, options.components) };
}

export function transformRows(featurizer: Featurizer, rows: number[][]): number[][] {
  // Standardises each request batch with its own statistics, as the serving code does today.
  const batch = fitFeaturizer(rows, { k: featurizer.centroids.length, components: featurizer.pca.components.length, seed: 0 });
  return rows.map((raw) => {
    const z = raw.map((v, j) => (v - batch.mean[j]!) / batch.std[j]!);
    const scores = featurizer.pca.components.map((component) => component.reduce((sum, w, j) => sum + w * z[j]!, 0));
    const distances = featurizer.centroids.map((centroid) => squaredDistance(z, centroid));
    const cluster = distances.indexOf(Math.min(...distances));
    return [...scores, ...distances.map((_, c) => (c === cluster ? 1 : 0)), ...distances];
  });
}

/** The notebook's pipeline: features from every car, then the linear MPG model on the training cars. */
export async function trainMpgModel(cars: Cars, options: TrainingOptions): Promise<{ featurizer: Featurizer; model: tf.LayersModel }> {
  const featurizer = fitFeaturizer(cars.x, options);
  const train = cars.split.flatMap((split, i) => (split === 'train' ? [i] : []));
  const features = transformRows(featurizer, train.map((i) => cars.x[i]!));
  const targets = train.map((i) => cars.mpg[i]!);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [features[0]!.length] })] });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = tf.tensor2d(features);
  const y = tf.tensor2d(targets, [targets.length, 1]);
  await model.fit(x, y, { epochs: options.epochs, batchSize: targets.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  tf.dispose([x, y]);
  optimizer.dispose();
  return { featurizer, model };
}
