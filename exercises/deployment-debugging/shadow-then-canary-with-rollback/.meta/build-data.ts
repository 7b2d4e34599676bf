/**
 * Generates the payments of this exercise and trains the three fraud models it serves:
 *   data/models.json    the registry's records of fraud-v7 (serving), fraud-v8 (the candidate) and
 *                       fraud-v8-rc1 (the candidate's first build, trained on labels that had not
 *                       matured): each a card (features in order, training mean and std, decision
 *                       threshold) and the model (topology, weight specs, weight values)
 *   data/replay.csv     1,500 logged scoring requests, replayed in shadow (no labels)
 *   data/outcomes.csv   six daily windows of 2,000 payments each with their matured fraud label
 *
 * Payments are generated: a fraud label drawn from a stated logistic rule of the features; no real
 * personal or card data. Every payment whose score under any of the three models (or the two
 * mis-packaged candidates the tests build) falls within 1e-3 of a decision threshold is dropped, so
 * float32 rounding never decides a test.
 * Deterministic: seeded mulberry32, seeded initialisers, no shuffling, cpu backend, weights rounded
 * to 6 decimals.
 *   npx tsx exercises/deployment-debugging/shadow-then-canary-with-rollback/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, '../data');
const FIELDS = ['amount', 'account_age_days', 'payments_24h', 'km_from_home', 'merchant_risk', 'hour'] as const;
type Field = (typeof FIELDS)[number];
type Payment = Record<Field, number> & { user_id: string; fraud: number };
interface Card { model: string; features: Field[]; mean: number[]; std: number[]; threshold: number }
interface Record_ { modelTopology: unknown; weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[]; weightValues: number[] }

const round = (value: number, digits = 6) => Number(value.toFixed(digits));
const V7_FEATURES: Field[] = ['amount', 'account_age_days', 'payments_24h', 'km_from_home', 'merchant_risk', 'hour'];
const V8_FEATURES: Field[] = ['hour', 'merchant_risk', 'amount', 'km_from_home', 'payments_24h', 'account_age_days'];
const THRESHOLD = 0.4;
const EDGE = 1e-3;

/** The stated ground truth: fraud is likelier for large amounts, new accounts, bursts, distance, risky merchants and night hours. */
function fraudLogit(p: Record<Field, number>): number {
  return -9 + 1.6 * Math.log1p(p.amount / 50) + 6 * Math.exp(-p.account_age_days / 20) + 0.45 * p.payments_24h + 1.1 * Math.log1p(p.km_from_home / 20) + 4 * p.merchant_risk + (p.hour < 6 ? 1.8 : 0);
}

function makePayments(random: () => number, count: number, users: number, userPrefix: string): Payment[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => {
    const young = random() < 0.14;
    const fields: Record<Field, number> = {
      amount: round(Math.exp(3.7 + 1.1 * normal()), 2),
      account_age_days: young ? Math.floor(random() * 30) : 30 + Math.floor(-900 * Math.log(1 - random())),
      payments_24h: Math.floor(-3 * Math.log(1 - random())),
      km_from_home: round(Math.exp(1.5 + 1.6 * normal()), 1),
      merchant_risk: round(random() ** 2, 3),
      hour: Math.floor(random() * 24),
    };
    const fraud = random() < 1 / (1 + Math.exp(-fraudLogit(fields))) ? 1 : 0;
    const user = Math.floor(random() * users);
    return { user_id: `${userPrefix}${String(user).padStart(6, '0')}`, ...fields, fraud };
  });
}

function fitCard(model: string, features: Field[], rows: Payment[]): Card {
  const mean = features.map((f) => round(rows.reduce((s, r) => s + r[f], 0) / rows.length));
  const std = features.map((f, k) => round(Math.sqrt(rows.reduce((s, r) => s + (r[f] - mean[k]!) ** 2, 0) / rows.length)));
  return { model, features, mean, std, threshold: THRESHOLD };
}

async function train(card: Card, rows: Payment[], labels: number[], seed: number): Promise<Record_> {
  const model = tf.sequential({
    name: card.model.replace(/[^a-z0-9]/g, '_'),
    layers: [
      tf.layers.dense({ name: 'hidden', inputShape: [card.features.length], units: 12, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ name: 'fraud', units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  const xs = tf.tensor2d(rows.map((r) => card.features.map((f, k) => (r[f] - card.mean[k]!) / card.std[k]!)));
  const ys = tf.tensor2d(labels.map((y) => [y]));
  await model.fit(xs, ys, { epochs: 40, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  const weightValues = Array.from(new Float32Array(saved!.weightData as ArrayBuffer)).map((v) => round(v));
  return { modelTopology: saved!.modelTopology, weightSpecs: saved!.weightSpecs as Record_['weightSpecs'], weightValues };
}

/** The model's score in float64: dense relu -> dense sigmoid, weights in spec order. */
function score(record: Record_, card: Card, p: Payment): number {
  const [kernel, bias, outKernel, outBias] = record.weightSpecs.reduce<{ at: number; parts: number[][] }>(
    (acc, spec) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      acc.parts.push(record.weightValues.slice(acc.at, acc.at + size));
      acc.at += size;
      return acc;
    },
    { at: 0, parts: [] },
  ).parts;
  const x = card.features.map((f, k) => (p[f] - card.mean[k]!) / card.std[k]!);
  const units = bias!.length;
  let z = outBias![0]!;
  for (let j = 0; j < units; j += 1) {
    let h = bias![j]!;
    for (let k = 0; k < x.length; k += 1) h += x[k]! * kernel![k * units + j]!;
    z += Math.max(0, h) * outKernel![j]!;
  }
  return 1 / (1 + Math.exp(-z));
}

const errorRate = (rows: Payment[], s: (p: Payment) => number) => rows.filter((r) => (s(r) >= THRESHOLD ? 1 : 0) !== r.fraud).length / rows.length;

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const random = mulberry32(20261203);
  const lastQuarter = makePayments(random, 6000, 50000, 'h');
  const thisQuarter = makePayments(random, 9000, 50000, 'h');

  const v7Card = fitCard('fraud-v7', V7_FEATURES, lastQuarter);
  const v7 = await train(v7Card, lastQuarter, lastQuarter.map((r) => r.fraud), 7);
  const v8Card = fitCard('fraud-v8', V8_FEATURES, thisQuarter);
  const v8 = await train(v8Card, thisQuarter, thisQuarter.map((r) => r.fraud), 8);
  // rc1 was trained on labels read before chargebacks on new accounts had arrived: most of their fraud was still labelled 0.
  const labelRandom = mulberry32(81);
  const immature = thisQuarter.map((r) => (r.fraud === 1 && r.account_age_days < 30 && labelRandom() < 0.9 ? 0 : r.fraud));
  const rc1Card = { ...v8Card, model: 'fraud-v8-rc1' };
  const rc1 = await train(rc1Card, thisQuarter, immature, 8);

  // The mis-packaged candidates the tests build: v8 served raw (card without its scaler), and v8 with its features sorted by name.
  const raw: Card = { ...v8Card, mean: v8Card.mean.map(() => 0), std: v8Card.std.map(() => 1) };
  const sortedFeatures: Card = { ...v8Card, features: [...v8Card.features].sort() };
  const scorers = [
    (p: Payment) => score(v7, v7Card, p),
    (p: Payment) => score(v8, v8Card, p),
    (p: Payment) => score(rc1, rc1Card, p),
    (p: Payment) => score(v8, raw, p),
    (p: Payment) => score(v8, sortedFeatures, p),
  ];
  const clear = (p: Payment) => scorers.every((s) => Math.abs(s(p) - THRESHOLD) > EDGE);

  const replay = makePayments(random, 1560, 20000, 'u').filter(clear).slice(0, 1500);
  const windows = Array.from({ length: 6 }, () => makePayments(random, 2080, 20000, 'u').filter(clear).slice(0, 2000));

  const columns = ['user_id', ...FIELDS];
  const csv = (rows: Payment[], extra: (r: Payment, i: number) => (string | number)[], header: string[]) =>
    `${[[...header, ...columns].join(','), ...rows.map((r, i) => [...extra(r, i), ...columns.map((c) => r[c as keyof Payment])].join(','))].join('\n')}\n`;
  fs.writeFileSync(path.join(dataDir, 'replay.csv'), csv(replay, () => [], []));
  const outcomeRows = windows.flatMap((w, d) => w.map((r) => ({ r, d })));
  fs.writeFileSync(
    path.join(dataDir, 'outcomes.csv'),
    `${[['day', ...columns, 'fraud'].join(','), ...outcomeRows.map(({ r, d }) => [d + 1, ...columns.map((c) => r[c as keyof Payment]), r.fraud].join(','))].join('\n')}\n`,
  );
  const models = { current: { card: v7Card, record: v7 }, candidate: { card: v8Card, record: v8 }, firstBuild: { card: rc1Card, record: rc1 } };
  const json = JSON.stringify(models, null, 2).replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
  fs.writeFileSync(path.join(dataDir, 'models.json'), `${json}\n`);

  const all = windows.flat();
  const disagreement = (a: (p: Payment) => number, b: (p: Payment) => number) => replay.filter((p) => (a(p) >= THRESHOLD) !== (b(p) >= THRESHOLD)).length / replay.length;
  const meanDiff = (a: (p: Payment) => number, b: (p: Payment) => number) => replay.reduce((s, p) => s + Math.abs(a(p) - b(p)), 0) / replay.length;
  const [s7, s8, sRc1, sRaw, sSorted] = scorers as [(p: Payment) => number, (p: Payment) => number, (p: Payment) => number, (p: Payment) => number, (p: Payment) => number];
  console.log(`fraud rate ${(all.filter((r) => r.fraud).length / all.length).toFixed(4)}; replay ${replay.length}; windows ${windows.map((w) => w.length).join(' ')}`);
  console.log(`error rate v7 ${errorRate(all, s7).toFixed(4)} v8 ${errorRate(all, s8).toFixed(4)} rc1 ${errorRate(all, sRc1).toFixed(4)}`);
  for (const [name, s] of [['v8', s8], ['rc1', sRc1], ['raw', sRaw], ['sorted', sSorted]] as const) {
    console.log(`shadow ${name}: disagreement ${disagreement(s7, s).toFixed(4)} mean |diff| ${meanDiff(s7, s).toFixed(4)}`);
  }
  const fnv = (text: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  };
  for (const [name, s] of [['v8', s8], ['rc1', sRc1]] as const) {
    const tally = { canary: [0, 0, 0], control: [0, 0, 0] };
    windows.forEach((w, d) => {
      for (const p of w) {
        const arm = fnv(`fraud-v8-canary:${p.user_id}`) % 10000 < 2500 ? 'canary' : 'control';
        const blocked = (arm === 'canary' ? s(p) : s7(p)) >= THRESHOLD;
        tally[arm][0]! += 1;
        if (p.fraud && !blocked) tally[arm][1]! += 1;
        if (!p.fraud && blocked) tally[arm][2]! += 1;
      }
      const r = (a: number[]) => `n ${a[0]} missed ${(a[1]! / a[0]!).toFixed(4)} fb ${(a[2]! / a[0]!).toFixed(4)}`;
      console.log(`canary ${name} day ${d + 1}: canary ${r(tally.canary)} | control ${r(tally.control)}`);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
