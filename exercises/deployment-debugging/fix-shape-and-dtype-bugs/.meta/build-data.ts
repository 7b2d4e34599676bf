/**
 * Trains the daily-conditions classifier this exercise serves and writes:
 *   data/conditions-model.json  model card (inputs, units, training mean/std, labels) and weights
 *   data/readings.csv           January-February 2015 station readings as the network sends them:
 *                               GHCN-Daily integers in tenths (PRCP mm, TMAX/TMIN degC, AWND m/s)
 *
 * Data: Seattle daily weather from the vega-datasets npm package (NOAA, a U.S. Government work;
 * package BSD-3-Clause). The model is trained on 2012-2014 and the readings come from 2015.
 * Run: npx tsx exercises/deployment-debugging/fix-shape-and-dtype-bugs/.meta/build-data.ts
 * Deterministic: seeded initialisers, full-batch training without shuffling, cpu backend,
 * weights rounded to 6 decimals.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

interface DenseLayer {
  units: number;
  activation: 'relu' | 'softmax';
  kernel: number[][];
  bias: number[];
}

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../../../..');
const dataDir = path.join(here, '..', 'data');
const STATION = 'USW00024233'; // Seattle-Tacoma International Airport in GHCN-Daily
const EPOCHS = 400;

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

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const lines = fs.readFileSync(path.join(root, 'node_modules/vega-datasets/data/seattle-weather.csv'), 'utf8').trim().split('\n').slice(1);
  const days = lines.map((line) => {
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
    return { date: date!, x: [Number(precipitation), Number(tempMax), Number(tempMin), Number(wind)], weather: weather! };
  });
  const train = days.filter((d) => d.date < '2015');
  const labels = [...new Set(train.map((d) => d.weather))].sort(); // the label encoder sorts
  const mean = [0, 1, 2, 3].map((j) => round(train.reduce((s, d) => s + d.x[j]!, 0) / train.length));
  const std = [0, 1, 2, 3].map((j) => round(Math.sqrt(train.reduce((s, d) => s + (d.x[j]! - mean[j]!) ** 2, 0) / train.length)));
  const normalise = (x: number[]) => x.map((v, j) => (v - mean[j]!) / std[j]!);

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 12, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 17 }) }),
      tf.layers.dense({ units: labels.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 19 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  const counts = labels.map((l) => train.filter((d) => d.weather === l).length);
  // Rare conditions (snow, drizzle) weigh more, so the model does not only ever say rain or sun.
  const classWeight = Object.fromEntries(counts.map((c, k) => [k, Math.sqrt(train.length / (labels.length * c))]));
  const xs = tf.tensor2d(train.map((d) => normalise(d.x)));
  const ys = tf.oneHot(tf.tensor1d(train.map((d) => labels.indexOf(d.weather)), 'int32'), labels.length);
  await model.fit(xs, ys, { epochs: EPOCHS, batchSize: train.length, shuffle: false, verbose: 0, classWeight });
  const weights = model.getWeights().map((w) => w.arraySync());
  tf.dispose([xs, ys]);
  model.dispose();
  const layers: DenseLayer[] = [
    { units: 12, activation: 'relu', kernel: (weights[0] as number[][]).map((r) => r.map((v) => round(v))), bias: (weights[1] as number[]).map((v) => round(v)) },
    { units: labels.length, activation: 'softmax', kernel: (weights[2] as number[][]).map((r) => r.map((v) => round(v))), bias: (weights[3] as number[]).map((v) => round(v)) },
  ];

  const predict = (x: number[]) => {
    const p = forward(layers, normalise(x));
    return labels[p.indexOf(Math.max(...p))]!;
  };
  const accuracy = (rows: typeof days) => rows.filter((d) => predict(d.x) === d.weather).length / rows.length;
  const held = days.filter((d) => d.date >= '2015');

  const card = {
    model: 'daily-conditions v2',
    description:
      'Daily weather type from one station-day: dense 12 relu -> dense 5 softmax. Inputs, in this order and these units: precipitation (mm), temp_max (degC), temp_min (degC), wind (m/s), each standardised as (x - mean) / std.',
    inputs: ['precipitation_mm', 'temp_max_c', 'temp_min_c', 'wind_ms'],
    mean,
    std,
    labels,
    metrics: { trainAccuracy: round(accuracy(train), 4), accuracy2015: round(accuracy(held), 4) },
    layers,
  };
  fs.writeFileSync(path.join(dataDir, 'conditions-model.json'), `${JSON.stringify(card, null, 2)}\n`);

  // What the station network sends: GHCN-Daily integers in tenths of the unit.
  const tenths = (v: number) => Math.round(v * 10);
  const readings = held.filter((d) => d.date < '2015-03');
  const csv = ['station,date,PRCP,TMAX,TMIN,AWND', ...readings.map((d) => [STATION, d.date, ...d.x.map(tenths)].join(','))];
  fs.writeFileSync(path.join(dataDir, 'readings.csv'), `${csv.join('\n')}\n`);
  const predicted = new Map<string, number>();
  readings.forEach((d) => predicted.set(predict(d.x), (predicted.get(predict(d.x)) ?? 0) + 1));
  console.log(`labels ${labels.join(', ')}; train accuracy ${accuracy(train).toFixed(4)}, 2015 ${accuracy(held).toFixed(4)}; ${readings.length} readings predicted as ${[...predicted].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
