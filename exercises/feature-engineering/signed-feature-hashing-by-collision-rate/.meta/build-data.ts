/**
 * Builds data/transactions.csv: 400 synthetic card transactions that the rules engine sent to
 * review (no real card data can be shipped), drawn with mulberry32(1) from the model written
 * below: merchants, card BINs and countries with long-tailed frequencies, each with its own fraud
 * risk. The first 200 are `train`, the last 200 `test`; in the test weeks three transactions in
 * ten come from ten merchants onboarded after the training window. Then trains the prompt's recipe
 * (cpu backend) and writes .meta/expected.json: on the team's current features (unsigned hashing
 * into 64 buckets: the baseline to beat) and on signed hashing sized by the collision-rate rule
 * (the reference, with its test predictions), and the answers of the hand-written cases.
 *
 *   npx tsx exercises/feature-engineering/signed-feature-hashing-by-collision-rate/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { auc } from '../../../../lib/grading/metrics';
import { mulberry32 } from '../../../../lib/seeded-random';
import { chooseHashSize, collisionRate, hashRows, hashToken } from './solution';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRAIN = 200;
const TEST = 200;
const OPTIONS = { targetRate: 0.25, maxBits: 9, seed: 42, epochs: 10, learningRate: 0.15 };
/** Share of test transactions at merchants onboarded after the training window. */
const NEW_MERCHANT_SHARE = 0.3;
const BASELINE_SIZE = 64;

const random = mulberry32(1);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** A categorical field: values with Zipf-like frequencies and a fraud log-odds each. */
function field(name: string, values: string[], exponent: number, spread: number) {
  const weights = values.map((_, r) => 1 / (r + 1) ** exponent);
  const total = weights.reduce((s, w) => s + w, 0);
  const risks = values.map(() => spread * normal());
  return {
    draw(): { token: string; risk: number } {
      let target = random() * total;
      const i = Math.max(0, weights.findIndex((w) => (target -= w) < 0));
      return { token: `${name}=${values[i]}`, risk: risks[i]! };
    },
  };
}

const shuffled = <T>(items: T[]): T[] => {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

const merchantNames = shuffled(Array.from({ length: 50 }, (_, i) => `m${String(i * 7 + 101).padStart(4, '0')}`));
const merchants = field('merchant', merchantNames.slice(0, 40), 0.9, 2.0);
const newMerchants = field('merchant', merchantNames.slice(40), 0.5, 2.0);
const bins = field('bin', Array.from({ length: 15 }, () => String(400000 + Math.floor(random() * 200000))), 0.8, 1.0);
const countries = field('country', ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'BR', 'MX', 'IN'], 1.1, 1.0);
const channels = field('channel', ['web', 'app', 'pos', 'phone'], 0.6, 0.7);

function transaction(test: boolean): { tokens: string[]; fraud: 0 | 1 } {
  const merchant = (test && random() < NEW_MERCHANT_SHARE ? newMerchants : merchants).draw();
  const parts = [merchant, bins.draw(), countries.draw(), channels.draw()];
  const logit = -2.0 + parts.reduce((s, p) => s + p.risk, 0);
  return { tokens: parts.map((p) => p.token), fraud: random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0 };
}

/** The prompt's recipe on hashed rows: one sigmoid unit, zero kernel and bias, Adam, binary cross-entropy, full-batch epochs; test scores. */
async function testScores(x: tf.Tensor2D, trainY: number[], xTest: tf.Tensor2D): Promise<number[]> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [x.shape[1]], activation: 'sigmoid', kernelInitializer: 'zeros', biasInitializer: 'zeros' })] });
  const optimizer = tf.train.adam(OPTIONS.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const y = tf.tensor2d(trainY, [trainY.length, 1]);
  await model.fit(x, y, { epochs: OPTIONS.epochs, batchSize: trainY.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  const scores = Array.from((model.predict(xTest) as tf.Tensor).dataSync());
  tf.dispose([x, y, xTest]);
  model.dispose();
  optimizer.dispose();
  return scores;
}

/** The team's current features: every token adds +1 at its bucket, whatever its sign bit. */
const unsignedRows = (rows: string[][], size: number) =>
  tf.tidy(() => {
    const values = new Float32Array(rows.length * size);
    rows.forEach((tokens, r) =>
      tokens.forEach((t) => {
        const cell = r * size + hashToken(t, size, OPTIONS.seed).index;
        values[cell] = values[cell]! + 1;
      }),
    );
    return tf.tensor2d(values, [rows.length, size]);
  });

const round = (v: number) => Number(v.toPrecision(12));

const EXAMPLE = ['merchant=m0412', 'bin=431940', 'country=FR', 'channel=app', 'channel=web', 'country=US'];

/** The first pair of tokens `merchant=m0000`, `merchant=m0001`, … that share a bucket of 4 with opposite signs. */
function cancellingPair(): [string, string] {
  const names = Array.from({ length: 64 }, (_, i) => `merchant=m${String(i).padStart(4, '0')}`);
  for (const a of names) {
    for (const b of names) {
      const [ha, hb] = [hashToken(a, 4, OPTIONS.seed), hashToken(b, 4, OPTIONS.seed)];
      if (a < b && ha.index === hb.index && ha.sign !== hb.sign) return [a, b];
    }
  }
  throw new Error('no cancelling pair');
}

/** Inputs and answers of the hand-written cases, computed with the reference solution. */
function handWrittenCases() {
  const seed = OPTIONS.seed;
  const pair = cancellingPair();
  const features = (rows: string[][], size: number) => tf.tidy(() => hashRows(rows, size, seed).arraySync());
  const four = ['channel=app', 'country=US', 'merchant=m0412', 'bin=431940'];
  const cancelRows = [[pair[0], pair[1]], [pair[0], pair[0], 'country=FR'], []];
  return {
    prompt: {
      vocabulary: EXAMPLE,
      buckets: EXAMPLE.map((t) => hashToken(t, 16, seed)),
      rates: { 8: collisionRate(EXAMPLE, 8, seed), 16: collisionRate(EXAMPLE, 16, seed) },
      size: chooseHashSize(EXAMPLE, 0.25, 16, seed),
      rows: [['channel=app', 'country=US'], []],
      features: features([['channel=app', 'country=US'], []], 8),
    },
    topBit: { tokens: EXAMPLE, seed: 7, sizes: [1, 2 ** 31], buckets: [1, 2 ** 31].map((size) => EXAMPLE.map((t) => hashToken(t, size, 7))) },
    duplicates: { vocabulary: ['merchant=m0412', 'merchant=m0412', 'country=FR', 'country=FR', 'bin=431940'], size: 16, rate: collisionRate(['merchant=m0412', 'country=FR', 'bin=431940'], 16, seed) },
    exactTarget: { vocabulary: four, target: 0.5, size: chooseHashSize(four, 0.5, 16, seed), rates: [4, 8].map((size) => collisionRate(four, size, seed)) },
    noneQualifies: { vocabulary: EXAMPLE, sizes: [chooseHashSize(EXAMPLE, 0, 3, seed), chooseHashSize(EXAMPLE, 0, 0, seed)] },
    cancel: { rows: cancelRows, size: 4, features: features(cancelRows, 4) },
  };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const transactions = Array.from({ length: TRAIN + TEST }, (_, i) => transaction(i >= TRAIN));
  const split = transactions.map((_, i) => (i < TRAIN ? 'train' : 'test'));
  const csv = [['id', 'tokens', 'fraud', 'split'].join(','), ...transactions.map((t, i) => [`T${String(i + 1).padStart(4, '0')}`, t.tokens.join(' '), t.fraud, split[i]].join(','))];
  fs.writeFileSync(path.join(here, '../data/transactions.csv'), `${csv.join('\n')}\n`);

  const trainRows = transactions.slice(0, TRAIN).map((t) => t.tokens);
  const testRows = transactions.slice(TRAIN).map((t) => t.tokens);
  const trainY = transactions.slice(0, TRAIN).map((t) => t.fraud);
  const testY = transactions.slice(TRAIN).map((t) => t.fraud);
  const vocabulary = [...new Set(trainRows.flat())];
  const everyToken = [...new Set(transactions.flatMap((t) => t.tokens))];
  const size = chooseHashSize(vocabulary, OPTIONS.targetRate, OPTIONS.maxBits, OPTIONS.seed);
  const leakySize = chooseHashSize(everyToken, OPTIONS.targetRate, OPTIONS.maxBits, OPTIONS.seed);
  const referencePredictions = await testScores(hashRows(trainRows, size, OPTIONS.seed), trainY, hashRows(testRows, size, OPTIONS.seed));
  const referenceAuc = auc(testY, referencePredictions);
  const baselineAuc = auc(testY, await testScores(unsignedRows(trainRows, BASELINE_SIZE), trainY, unsignedRows(testRows, BASELINE_SIZE)));
  const rates = Array.from({ length: OPTIONS.maxBits + 1 }, (_, b) => round(collisionRate(vocabulary, 2 ** b, OPTIONS.seed)));
  const expected = {
    options: OPTIONS,
    cases: handWrittenCases(),
    baselineSize: BASELINE_SIZE,
    size,
    leakySize,
    vocabularySize: vocabulary.length,
    rates,
    testFraud: testY,
    baselineAuc: round(baselineAuc),
    referenceAuc: round(referenceAuc),
    referencePredictions: referencePredictions.map(round),
  };
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(expected)}\n`);
  console.log({ fraudRate: trainY.reduce((s: number, y) => s + y, 0) / TRAIN, vocabulary: vocabulary.length, every: everyToken.length, size, leakySize, rates, baselineAuc, referenceAuc, baselineRate: collisionRate(vocabulary, BASELINE_SIZE, OPTIONS.seed) });
}

void main();
