/**
 * Trains the penguin species classifier this exercise serves and writes:
 *   data/penguin-model.json  the model card the training job exports: feature order, the training
 *                            split's mean and std, labels in output order, the dense layers' weights
 *   data/requests.json       a dozen real penguins from the held-out split, as the field app sends
 *                            them (named fields, any key order, extra fields)
 *
 * Data: Palmer penguins from the vega-datasets npm package (data CC0 1.0, package BSD-3-Clause).
 * Run: npx tsx exercises/deployment-debugging/fix-training-serving-skew/.meta/build-data.ts
 * Deterministic: seeded split and initialisers, full-batch training without shuffling, cpu
 * backend, weights rounded to 6 decimals.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';

interface RawPenguin {
  Species: string;
  Island: string;
  'Beak Length (mm)': number | null;
  'Beak Depth (mm)': number | null;
  'Flipper Length (mm)': number | null;
  'Body Mass (g)': number | null;
  Sex: string | null;
}
interface DenseLayer {
  units: number;
  activation: 'relu' | 'softmax';
  kernel: number[][];
  bias: number[];
}

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../../../..');
const dataDir = path.join(here, '..', 'data');
const FEATURES = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];
const SEED = 4242;
const EPOCHS = 300;
const PER_SPECIES = 4;

const round = (value: number, digits = 6) => Number(value.toFixed(digits));

function forward(layers: DenseLayer[], x: number[]): number[] {
  let out = x;
  for (const layer of layers) {
    const z = layer.bias.map((b, k) => b + out.reduce((sum, v, i) => sum + v * layer.kernel[i]![k]!, 0));
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

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/vega-datasets/data/penguins.json'), 'utf8')) as RawPenguin[];
  const measured = (p: RawPenguin) => [p['Beak Length (mm)'], p['Beak Depth (mm)'], p['Flipper Length (mm)'], p['Body Mass (g)']];
  const complete = raw.filter((p) => measured(p).every((v) => typeof v === 'number'));
  const random = mulberry32(SEED);

  // Stratified 80/20 split per species.
  const testSet = new Set<RawPenguin>();
  for (const species of [...new Set(complete.map((p) => p.Species))]) {
    const members = shuffle(
      complete.filter((p) => p.Species === species),
      random,
    );
    members.slice(0, Math.round(members.length * 0.2)).forEach((p) => testSet.add(p));
  }
  const train = complete.filter((p) => !testSet.has(p));
  const test = complete.filter((p) => testSet.has(p));

  // The training notebook encoded species with value_counts(): most frequent first.
  const counts = new Map<string, number>();
  train.forEach((p) => counts.set(p.Species, (counts.get(p.Species) ?? 0) + 1));
  const labels = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);

  const x = train.map((p) => measured(p) as number[]);
  const mean = FEATURES.map((_, j) => round(x.reduce((s, r) => s + r[j]!, 0) / x.length));
  const std = FEATURES.map((_, j) => round(Math.sqrt(x.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / x.length)));
  const normalise = (r: number[]) => r.map((v, j) => (v - mean[j]!) / std[j]!);

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy' });
  const xs = tf.tensor2d(x.map(normalise));
  const ys = tf.oneHot(tf.tensor1d(train.map((p) => labels.indexOf(p.Species)), 'int32'), 3);
  await model.fit(xs, ys, { epochs: EPOCHS, batchSize: x.length, shuffle: false, verbose: 0 });
  const weights = model.getWeights().map((w) => w.arraySync());
  tf.dispose([xs, ys]);
  model.dispose();
  const layers: DenseLayer[] = [
    { units: 8, activation: 'relu', kernel: (weights[0] as number[][]).map((r) => r.map((v) => round(v))), bias: (weights[1] as number[]).map((v) => round(v)) },
    { units: 3, activation: 'softmax', kernel: (weights[2] as number[][]).map((r) => r.map((v) => round(v))), bias: (weights[3] as number[]).map((v) => round(v)) },
  ];

  const accuracyOn = (rows: RawPenguin[]) =>
    rows.filter((p) => {
      const out = forward(layers, normalise(measured(p) as number[]));
      return labels[out.indexOf(Math.max(...out))] === p.Species;
    }).length / rows.length;
  const trainAccuracy = accuracyOn(train);
  const testAccuracy = accuracyOn(test);

  const card = {
    model: 'penguin-species v3',
    description: 'Palmer penguin species from four body measurements: dense 8 relu -> dense 3 softmax. Inputs: the features in this order, each standardised as (x - mean) / std with the training split statistics.',
    features: FEATURES,
    mean,
    std,
    labels,
    metrics: { trainAccuracy: round(trainAccuracy, 4), heldOutAccuracy: round(testAccuracy, 4), heldOutRows: test.length },
    layers,
  };
  fs.writeFileSync(path.join(dataDir, 'penguin-model.json'), `${JSON.stringify(card, null, 2)}\n`);

  // A request: four held-out penguins per species with a clear decision, in the field app's shape.
  const margin = (p: number[]) => {
    const sorted = [...p].sort((a, b) => b - a);
    return sorted[0]! - sorted[1]!;
  };
  const picked: RawPenguin[] = [];
  for (const species of labels) {
    const candidates = test.filter((p) => {
      const out = forward(layers, normalise(measured(p) as number[]));
      return p.Species === species && labels[out.indexOf(Math.max(...out))] === species && margin(out) > 0.1;
    });
    picked.push(...shuffle(candidates, random).slice(0, PER_SPECIES));
  }
  const ordered = shuffle(picked, random);
  const requests = ordered.map((p, i) => {
    const fields: [string, unknown][] = [
      ['bill_length_mm', p['Beak Length (mm)']],
      ['bill_depth_mm', p['Beak Depth (mm)']],
      ['flipper_length_mm', p['Flipper Length (mm)']],
      ['body_mass_g', p['Body Mass (g)']],
      ['island', p.Island],
      ['sex', p.Sex],
    ];
    // The field app serialises its form in whatever order the fields were filled in.
    return Object.fromEntries([['tag', `PAL-${String(101 + i)}`], ...shuffle(fields, random)]);
  });
  fs.writeFileSync(path.join(dataDir, 'requests.json'), `${JSON.stringify(requests, null, 2)}\n`);
  console.log(`labels ${labels.join(', ')}; train accuracy ${trainAccuracy.toFixed(4)}, held-out ${testAccuracy.toFixed(4)} on ${test.length}; requests ${ordered.map((p) => p.Species).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
