/**
 * Builds data/cars.csv from the cars data set in vega-datasets (StatLib, 1983 ASA Data Exposition;
 * "distributed in 1982 for educational and scientific purposes"; package BSD-3-Clause): the 392
 * cars with a recorded MPG and horsepower, shuffled with mulberry32(17); the first 200 are `train`,
 * the next 100 `test`. Then trains the prompt's recipe (cpu backend) three ways and writes
 * .meta/expected.json: on the raw standardised columns (the baseline to beat), on the k-means and
 * PCA features fitted on the training cars (the reference), and on features fitted on all 300 cars
 * (the leak), with the reference featurizer the tests compare against.
 *
 *   npx tsx exercises/feature-engineering/kmeans-and-pca-features-from-train/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';
import { fitFeaturizer, fitKMeans, fitPca, transformRows, type Featurizer } from './solution';

interface RawCar {
  Name: string;
  Miles_per_Gallon: number | null;
  Cylinders: number;
  Displacement: number;
  Horsepower: number | null;
  Weight_in_lbs: number;
  Acceleration: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const TRAIN = 200;
const TEST = 100;
const OPTIONS = { k: 4, components: 2, seed: 7, epochs: 20, learningRate: 0.3 };

const round = (v: number) => Number(v.toPrecision(12));
const roundDeep = (value: unknown): unknown => (Array.isArray(value) ? value.map(roundDeep) : typeof value === 'number' ? round(value) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)])) : value);

function loadCars(): { name: string; x: number[]; mpg: number }[] {
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/vega-datasets/data/cars.json'), 'utf8')) as RawCar[];
  const cars = raw
    .filter((c) => c.Miles_per_Gallon !== null && c.Horsepower !== null)
    .map((c) => ({ name: c.Name, x: [c.Cylinders, c.Displacement, c.Horsepower!, c.Weight_in_lbs, c.Acceleration], mpg: c.Miles_per_Gallon! }));
  const random = mulberry32(17);
  for (let i = cars.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [cars[i], cars[j]] = [cars[j]!, cars[i]!];
  }
  return cars.slice(0, TRAIN + TEST);
}

/** The prompt's recipe: one dense unit, zero kernel, bias at the mean training MPG, Adam, full-batch epochs; test RMSE. */
async function testRmse(trainX: number[][], trainY: number[], testX: number[][], testY: number[]): Promise<number> {
  const meanMpg = trainY.reduce((s, y) => s + y, 0) / trainY.length;
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [trainX[0]!.length], kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: meanMpg }) })],
  });
  const optimizer = tf.train.adam(OPTIONS.learningRate);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const [x, y, xTest] = [tf.tensor2d(trainX), tf.tensor2d(trainY, [trainY.length, 1]), tf.tensor2d(testX)];
  await model.fit(x, y, { epochs: OPTIONS.epochs, batchSize: trainY.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  const predictions = tf.tidy(() => (model.predict(xTest) as tf.Tensor).dataSync());
  tf.dispose([x, y, xTest]);
  model.dispose();
  optimizer.dispose();
  return Math.sqrt(testY.reduce((s, v, i) => s + (v - predictions[i]!) ** 2, 0) / testY.length);
}

/** A small data set and seed where a cluster ends up with no rows during Lloyd's passes (found by search). */
function findEmptyClusterCase(): { rows: number[][]; k: number; seed: number } {
  for (let seed = 1; seed < 20_000; seed += 1) {
    const random = mulberry32(seed * 7919);
    const rows = Array.from({ length: 7 }, () => [Math.floor(random() * 9), Math.floor(random() * 9)]);
    const k = 3;
    if (new Set(rows.map((r) => r.join())).size < k) continue;
    const centroids = fitKMeans(rows, k, seed);
    const empty = centroids.some((c) => !rows.some((r) => nearestIs(r, centroids, c)));
    if (empty) return { rows, k, seed };
  }
  throw new Error('no empty-cluster case found');
}

/** A case whose first assignment has a row exactly between two centroids, where giving ties to the later centroid changes the result. */
function findTieCase(): { rows: number[][]; k: number; seed: number } {
  const rows = [[0, 0], [2, 0], [4, 0], [2, 1], [9, 0]];
  for (let seed = 1; seed < 1000; seed += 1) {
    const centroids = fitKMeans(rows, 3, seed);
    const lastWins = lloydTiesToLast(rows, 3, seed);
    if (JSON.stringify(centroids) !== JSON.stringify(lastWins)) return { rows, k: 3, seed };
  }
  throw new Error('no tie case found');
}

/** The reference with ties given to the highest centroid index (only to find a case where that matters). */
function lloydTiesToLast(rows: number[][], k: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const d = (a: number[], b: number[]) => a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0);
  const centroids = [rows[Math.floor(random() * rows.length)]!.slice()];
  while (centroids.length < k) {
    const w = rows.map((r) => Math.min(...centroids.map((c) => d(r, c))));
    const target = random() * w.reduce((s, v) => s + v, 0);
    let cumulative = 0;
    centroids.push(rows[w.findIndex((v) => (cumulative += v) > target)]!.slice());
  }
  let assignment: number[] = [];
  for (let pass = 0; pass < 100; pass += 1) {
    const next = rows.map((r) => centroids.reduce((best, c, i) => (d(r, c) <= d(r, centroids[best]!) ? i : best), 0));
    if (next.every((c, i) => c === assignment[i])) break;
    assignment = next;
    centroids.forEach((c, i) => {
      const m = rows.filter((_, r) => assignment[r] === i);
      if (m.length > 0) centroids[i] = c.map((_, j) => m.reduce((s, r) => s + r[j]!, 0) / m.length);
    });
  }
  return centroids;
}

function nearestIs(row: number[], centroids: number[][], centroid: number[]): boolean {
  const d = (c: number[]) => c.reduce((s, v, j) => s + (v - row[j]!) ** 2, 0);
  let best = centroids[0]!;
  for (const c of centroids) if (d(c) < d(best)) best = c;
  return best === centroid;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const cars = loadCars();
  const lines = ['name,cylinders,displacement,horsepower,weight,acceleration,mpg,split'];
  cars.forEach((c, i) => lines.push([c.name.includes(',') ? `"${c.name}"` : c.name, ...c.x, c.mpg, i < TRAIN ? 'train' : 'test'].join(',')));
  fs.writeFileSync(path.join(here, '..', 'data', 'cars.csv'), `${lines.join('\n')}\n`);

  const train = cars.slice(0, TRAIN);
  const test = cars.slice(TRAIN);
  const [trainX, testX] = [train.map((c) => c.x), test.map((c) => c.x)];
  const [trainY, testY] = [train.map((c) => c.mpg), test.map((c) => c.mpg)];
  const featurizer = fitFeaturizer(trainX, OPTIONS);
  const leaky: Featurizer = fitFeaturizer([...trainX, ...testX], OPTIONS);
  const standardised = (rows: number[][]) => rows.map((r) => r.map((v, j) => (v - featurizer.mean[j]!) / featurizer.std[j]!));
  const rawRmse = await testRmse(standardised(trainX), trainY, standardised(testX), testY);
  const referenceRmse = await testRmse(transformRows(featurizer, trainX), trainY, transformRows(featurizer, testX), testY);
  const leakyRmse = await testRmse(transformRows(leaky, trainX), trainY, transformRows(leaky, testX), testY);
  console.log(`test RMSE: raw ${rawRmse.toFixed(3)}, k-means + PCA fitted on train ${referenceRmse.toFixed(3)}, fitted on all rows ${leakyRmse.toFixed(3)}`);
  console.log(`PCA variances ${featurizer.pca.variances.map((v) => v.toFixed(3)).join(', ')} of ${featurizer.mean.length}`);
  const emptyCluster = findEmptyClusterCase();
  const tieCase = findTieCase();
  console.log(`tie case: seed ${tieCase.seed}`);
  const kmeansExample = { rows: [[1, 1], [1.5, 2], [3, 4], [5, 7], [3.5, 5], [4.5, 5], [3.5, 4.5]], k: 2, seed: 42 };
  const pcaExample = { rows: [[2, 0], [0, 1], [-2, 0], [0, -1], [3, 2], [-3, -2]], components: 2 };
  // Its first component has a negative first entry and a positive largest one; 5 rows, so dividing by n - 1 shows.
  const pcaSign = { rows: [[1, -4, 0], [-1, 4, 1], [1, -2, 1], [0, 2, -1], [-1, 0, -1]], components: 2 };
  const constantColumn = { rows: trainX.slice(0, 40).map((r) => [r[0]!, 1, r[2]!, r[3]!]), options: { k: 3, components: 2, seed: 11 } };
  const cases = {
    kmeansExample: { ...kmeansExample, centroids: fitKMeans(kmeansExample.rows, kmeansExample.k, kmeansExample.seed) },
    tieCase: { ...tieCase, centroids: fitKMeans(tieCase.rows, tieCase.k, tieCase.seed) },
    emptyCluster: { ...emptyCluster, centroids: fitKMeans(emptyCluster.rows, emptyCluster.k, emptyCluster.seed) },
    pcaExample: { ...pcaExample, pca: fitPca(pcaExample.rows, pcaExample.components) },
    pcaSign: { ...pcaSign, pca: fitPca(pcaSign.rows, pcaSign.components) },
    constantColumn: { ...constantColumn, featurizer: fitFeaturizer(constantColumn.rows, constantColumn.options) },
  };
  console.log(JSON.stringify(roundDeep({ k: cases.kmeansExample.centroids, p: cases.pcaExample.pca, s: cases.pcaSign.pca })));
  const expected = { options: OPTIONS, testMpg: testY, rawRmse, referenceRmse, leakyRmse, featurizer, testFeatures: transformRows(featurizer, testX), cases };
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(roundDeep(expected))}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
