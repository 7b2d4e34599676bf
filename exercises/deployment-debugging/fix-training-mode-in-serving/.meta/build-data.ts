/**
 * Trains the fuel-economy model this exercise serves and writes:
 *   data/cars.csv        the 392 cars of vega-datasets' cars.json with every feature and MPG
 *                        recorded, with a seeded train/test split (312 / 80)
 *   data/mpg-model.json  the model card (features, training mean and std, offline test MAE) and
 *                        the model as the registry stores it: topology, weight specs and values
 *
 * Source: the cars data set in vega-datasets (StatLib, 1983 ASA Data Exposition; "distributed in
 * 1982 for educational and scientific purposes"; package BSD-3-Clause).
 * The model: dense 16 -> BatchNormalization -> ReLU -> Dropout 0.3 -> dense 1 (miles per gallon).
 * Deterministic: seeded split, seeded initialisers, `Math.random` replaced by a seeded mulberry32
 * while training (tfjs draws its dropout masks from it), cpu backend, weights rounded to 6 decimals.
 *   npx tsx exercises/deployment-debugging/fix-training-mode-in-serving/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';

interface RawCar {
  Name: string;
  Miles_per_Gallon: number | null;
  Cylinders: number;
  Displacement: number;
  Horsepower: number | null;
  Weight_in_lbs: number;
  Acceleration: number;
  Year: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const dataDir = path.resolve(here, '../data');
const FEATURES = ['cylinders', 'displacement', 'horsepower', 'weight', 'acceleration', 'model_year'] as const;
const TEST_CARS = 80;
const round = (value: number, digits = 6) => Number(value.toFixed(digits));

function readCars() {
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/vega-datasets/data/cars.json'), 'utf8')) as RawCar[];
  return raw
    .filter((c) => c.Miles_per_Gallon !== null && c.Horsepower !== null)
    .map((c) => ({
      name: c.Name,
      cylinders: c.Cylinders,
      displacement: c.Displacement,
      horsepower: c.Horsepower!,
      weight: c.Weight_in_lbs,
      acceleration: c.Acceleration,
      model_year: Number(c.Year.slice(0, 4)),
      mpg: c.Miles_per_Gallon!,
    }));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const random = mulberry32(20261202);
  const cars = readCars();
  const order = cars.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const testIds = new Set(order.slice(0, TEST_CARS));
  const rows = cars.map((car, i) => ({ ...car, split: testIds.has(i) ? 'test' : 'train' }));
  const train = rows.filter((r) => r.split === 'train');
  const test = rows.filter((r) => r.split === 'test');

  const featuresOf = (r: (typeof rows)[number]) => FEATURES.map((f) => r[f]);
  const mean = FEATURES.map((_, k) => round(train.reduce((s, r) => s + featuresOf(r)[k]!, 0) / train.length));
  const std = FEATURES.map((_, k) => round(Math.sqrt(train.reduce((s, r) => s + (featuresOf(r)[k]! - mean[k]!) ** 2, 0) / train.length)));
  const standardise = (r: (typeof rows)[number]) => featuresOf(r).map((v, k) => (v - mean[k]!) / std[k]!);

  const layers = () => [
    tf.layers.dense({ name: 'hidden', inputShape: [FEATURES.length], units: 16, kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
    tf.layers.batchNormalization({ name: 'hidden_bn' }),
    tf.layers.activation({ name: 'relu', activation: 'relu' }),
    tf.layers.dropout({ name: 'dropout', rate: 0.3 }),
    tf.layers.dense({ name: 'mpg', units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }), biasInitializer: tf.initializers.constant({ value: 23 }) }),
  ];
  const model = tf.sequential({ name: 'mpg_bn_v3', layers: layers() });
  const realRandom = Math.random;
  Math.random = mulberry32(31);
  model.compile({ optimizer: tf.train.adam(0.03), loss: 'meanSquaredError' });
  const xs = tf.tensor2d(train.map(standardise));
  const ys = tf.tensor2d(train.map((r) => [r.mpg]));
  await model.fit(xs, ys, { epochs: 150, batchSize: 32, shuffle: false, verbose: 0 });
  Math.random = realRandom;
  tf.dispose([xs, ys]);

  // The registry's record: what model.save gives, with the weights as plain numbers (rounded).
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  const weightSpecs = saved!.weightSpecs!;
  const values = Array.from(new Float32Array(saved!.weightData as ArrayBuffer)).map((v) => round(v));
  const record = { modelTopology: saved!.modelTopology, weightSpecs, weightValues: values };
  model.dispose();

  // Offline evaluation of the rounded model, in inference mode.
  const rounded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: record.modelTopology as object, weightSpecs, weightData: new Float32Array(values).buffer }));
  const predictions = tf.tidy(() => Array.from((rounded.predict(tf.tensor2d(test.map(standardise))) as tf.Tensor).dataSync()));
  // What the old serving path gave the same cars as one batch: training mode (dropout masks seeded).
  Math.random = mulberry32(37);
  const trainingMode = tf.tidy(() => Array.from((rounded.apply(tf.tensor2d(test.map(standardise)), { training: true }) as tf.Tensor).dataSync()));
  Math.random = realRandom;
  rounded.dispose();
  const mae = (p: number[]) => p.reduce((s, v, i) => s + Math.abs(v - test[i]!.mpg), 0) / test.length;

  const card = {
    model: 'mpg-bn v3',
    description: 'Miles per gallon of a listed car: dense 16 -> BatchNormalization -> ReLU -> Dropout 0.3 -> dense 1.',
    features: FEATURES,
    preprocessing: 'x = (feature - mean[k]) / std[k], features in this order',
    mean,
    std,
    offline: { split: 'test', cars: test.length, mae: round(mae(predictions), 4) },
  };
  const json = JSON.stringify({ card, record }, null, 2).replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
  fs.writeFileSync(path.join(dataDir, 'mpg-model.json'), `${json}\n`);

  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [['name', ...FEATURES, 'mpg', 'split'].join(','), ...rows.map((r) => [quote(r.name), ...featuresOf(r), r.mpg, r.split].join(','))];
  fs.writeFileSync(path.join(dataDir, 'cars.csv'), `${lines.join('\n')}\n`);
  console.log(`offline test MAE ${mae(predictions).toFixed(4)}; in training mode ${mae(trainingMode).toFixed(4)}; ${values.length} weight values`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
