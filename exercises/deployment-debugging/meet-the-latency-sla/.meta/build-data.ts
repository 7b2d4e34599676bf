/**
 * Trains the flight-delay model this exercise serves and writes:
 *   data/delay-model.json  model card (features, cost model measured in production) and weights
 *   data/traffic.json      a replay of a morning's requests to the delay endpoint: 100 ticks of
 *                          10 ms, each the requests that arrived together
 *
 * Data: flights-5k from the vega-datasets npm package (U.S. Bureau of Transportation Statistics
 * on-time data; package BSD-3-Clause). Flights for the replay are real flights from it; which
 * flight each request asks about is drawn from a seeded Zipf distribution (a few flights are
 * looked up by many passengers), and tick sizes from a seeded burst pattern.
 * Run: npx tsx exercises/deployment-debugging/meet-the-latency-sla/.meta/build-data.ts
 * Deterministic: seeded initialisers and draws, full-batch training without shuffling, cpu
 * backend, weights rounded to 6 decimals.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';

interface RawFlight {
  date: string;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}
interface Request {
  flight: string;
  features: number[];
}

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../../../..');
const dataDir = path.join(here, '..', 'data');
const EPOCHS = 150;
const FLIGHTS = 400;
const TICKS = 40;
/** The cost model the prompt states (measured on the serving pods). */
const COST = { overheadMs: 15, perRowMs: 1.5, coldStartMs: 150, slaMs: 100, maxBatch: 64, cacheCapacity: 128 };

const random = mulberry32(777);
const round = (value: number, digits = 6) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const flights = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/vega-datasets/data/flights-5k.json'), 'utf8')) as RawFlight[];
  const logDistances = flights.map((f) => Math.log(f.distance));
  const distanceMean = logDistances.reduce((a, b) => a + b, 0) / flights.length;
  const distanceStd = Math.sqrt(logDistances.reduce((a, b) => a + (b - distanceMean) ** 2, 0) / flights.length);
  const featuresOf = (f: RawFlight) => {
    const [day, time] = f.date.split(' ') as [string, string];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const hour = hh + mm / 60;
    const dow = new Date(`${day.replaceAll('/', '-')}T00:00:00Z`).getUTCDay();
    return [
      Math.sin((2 * Math.PI * hour) / 24),
      Math.cos((2 * Math.PI * hour) / 24),
      Math.sin((2 * Math.PI * dow) / 7),
      Math.cos((2 * Math.PI * dow) / 7),
      (Math.log(f.distance) - distanceMean) / distanceStd,
    ].map((v) => round(v));
  };

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 32, activation: 'relu', inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 31 }) }),
      tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 37 }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 41 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor2d(flights.map(featuresOf));
  const ys = tf.tensor2d(flights.map((f) => [f.delay > 15 ? 1 : 0]));
  const history = await model.fit(xs, ys, { epochs: EPOCHS, batchSize: flights.length, shuffle: false, verbose: 0 });
  const accuracy = history.history.acc!.at(-1) as number;
  const layers = model.layers.map((layer) => {
    const [kernel, bias] = layer.getWeights().map((w) => w.arraySync()) as [number[][], number[]];
    const config = layer.getConfig() as { units: number; activation: string };
    return { units: config.units, activation: config.activation, kernel: kernel.map((r) => r.map((v) => round(v))), bias: bias.map((v) => round(v)) };
  });
  tf.dispose([xs, ys]);
  model.dispose();

  const card = {
    model: 'flight-delay v7',
    description: 'P(departure delay > 15 min) for one flight: dense 32 relu -> dense 32 relu -> dense 1 sigmoid.',
    features: ['hour_sin', 'hour_cos', 'weekday_sin', 'weekday_cos', 'log_distance_std'],
    metrics: { trainAccuracy: round(accuracy, 4), positiveRate: round(flights.filter((f) => f.delay > 15).length / flights.length, 4) },
    cost: COST,
    layers,
  };
  // Indented, with each innermost array of numbers on one line.
  const json = JSON.stringify(card, null, 2).replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
  fs.writeFileSync(path.join(dataDir, 'delay-model.json'), `${json}\n`);

  // The replay: FLIGHTS real flights, Zipf popularity, bursty ticks.
  const picked = new Set<number>();
  while (picked.size < FLIGHTS) picked.add(Math.floor(random() * flights.length));
  const catalogue: Request[] = [...picked].map((i) => {
    const f = flights[i]!;
    return { flight: `${f.origin}-${f.destination} ${f.date}`, features: featuresOf(f) };
  });
  const weights = catalogue.map((_, rank) => 1 / (rank + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let u = random() * total;
    for (let i = 0; i < weights.length; i += 1) {
      u -= weights[i]!;
      if (u <= 0) return catalogue[i]!;
    }
    return catalogue.at(-1)!;
  };
  const ticks: Request[][] = Array.from({ length: TICKS }, (_, t) => {
    const burst = t % 20 >= 17; // the departure boards refresh: three heavy ticks in every twenty
    const size = burst ? 110 + Math.floor(random() * 50) : 10 + Math.floor(random() * 40);
    return Array.from({ length: size }, draw);
  });
  const index = new Map(catalogue.map((r, i) => [r, i]));
  const replay = {
    description: 'Each tick lists the flights (indices into `flights`) whose delay was requested in the same 10 ms window.',
    flights: catalogue,
    ticks: ticks.map((tick) => tick.map((r) => index.get(r)!)),
  };
  fs.writeFileSync(
    path.join(dataDir, 'traffic.json'),
    `{\n  "description": ${JSON.stringify(replay.description)},\n  "flights": [\n${replay.flights.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ],\n  "ticks": [\n${replay.ticks.map((t) => `    ${JSON.stringify(t)}`).join(',\n')}\n  ]\n}\n`,
  );

  // What each serving strategy costs on this replay (the numbers the explanation quotes).
  const p95 = (strategy: (tick: Request[], first: boolean) => number[]) => {
    const latencies: number[] = [];
    ticks.forEach((tick, t) => {
      const calls = strategy(tick, t === 0);
      const ms = calls.reduce((sum, rows) => sum + COST.overheadMs + COST.perRowMs * rows, 0) + (t === 0 && strategy === perRequest ? COST.coldStartMs : 0);
      tick.forEach(() => latencies.push(ms));
    });
    latencies.sort((a, b) => a - b);
    return latencies[Math.ceil(0.95 * latencies.length) - 1]!;
  };
  const chunks = (rows: number) => Array.from({ length: Math.ceil(rows / COST.maxBatch) }, (_, i) => Math.min(COST.maxBatch, rows - i * COST.maxBatch));
  const perRequest = (tick: Request[]) => tick.map(() => 1);
  const batched = (tick: Request[]) => chunks(tick.length);
  const deduped = (tick: Request[]) => chunks(new Set(tick.map((r) => r.features.join())).size);
  const lru = new Map<string, true>();
  const cached = (tick: Request[]) => {
    const pending = new Set<string>();
    for (const r of tick) {
      const key = r.features.join();
      if (lru.has(key)) {
        lru.delete(key);
        lru.set(key, true);
      } else pending.add(key);
    }
    for (const key of pending) {
      lru.set(key, true);
      if (lru.size > COST.cacheCapacity) lru.delete(lru.keys().next().value!);
    }
    return pending.size === 0 ? [] : chunks(pending.size);
  };
  const requests = ticks.reduce((n, t) => n + t.length, 0);
  const scores = tf.tidy(() => {
    const check = tf.sequential({ layers: layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation as 'relu', ...(i === 0 ? { inputShape: [5] } : {}) })) });
    check.setWeights(layers.flatMap((l) => [tf.tensor(l.kernel), tf.tensor(l.bias)]));
    return Array.from((check.predict(tf.tensor2d(catalogue.map((r) => r.features))) as tf.Tensor).dataSync());
  });
  console.log(`scores of the replay's flights: min ${Math.min(...scores).toFixed(3)}, max ${Math.max(...scores).toFixed(3)}`);
  console.log(
    `train accuracy ${accuracy.toFixed(4)}; ${requests} requests in ${TICKS} ticks; p95 ms: per-request ${p95(perRequest)}, batched ${p95(batched)}, batched+deduped ${p95(deduped)}, batched+LRU ${p95(cached)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
