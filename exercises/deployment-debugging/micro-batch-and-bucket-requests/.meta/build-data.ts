/**
 * Builds the help-desk intent router this exercise serves and a replay of its traffic:
 *   data/intent-model.json  the vocabulary, the six intents, the batcher settings of the serving
 *                           config and the trained model's weights (embedding 12 → per-token dense
 *                           24 relu → mask → max over tokens → dense 6 softmax)
 *   data/traffic.json       one second of chat messages as they reached the router: id, arrival time
 *                           (ms), text and token ids
 *
 * Everything is generated (no personal data): messages are drawn from per-intent phrase words plus
 * filler words, with a long-tailed length distribution (most messages are short, a few paste a
 * whole order history, a few are emoji only and tokenise to nothing); arrivals are a seeded
 * Poisson process with bursts. The model is trained on separately drawn messages with tfjs.
 * Run: npx tsx exercises/deployment-debugging/micro-batch-and-bucket-requests/.meta/build-data.ts
 * Deterministic: mulberry32 draws, seeded initialisers, full-batch training without shuffling on
 * the cpu backend, weights rounded to 6 decimals.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';

const here = path.dirname(new URL(import.meta.url).pathname);
const dataDir = path.join(here, '..', 'data');
const random = mulberry32(1717);
const round = (value: number, digits = 6) => Number(value.toFixed(digits));

const INTENTS = ['refund', 'delivery', 'password', 'cancel', 'billing', 'other'] as const;
const INTENT_WORDS: Record<(typeof INTENTS)[number], string[]> = {
  refund: ['refund', 'money', 'back', 'return', 'returned', 'damaged', 'broken', 'reimburse'],
  delivery: ['delivery', 'parcel', 'courier', 'tracking', 'arrived', 'late', 'shipped', 'address'],
  password: ['password', 'login', 'reset', 'locked', 'account', 'code', 'email', 'sign'],
  cancel: ['cancel', 'cancellation', 'stop', 'subscription', 'unsubscribe', 'close', 'renewal', 'end'],
  billing: ['invoice', 'charged', 'twice', 'card', 'payment', 'bill', 'vat', 'receipt'],
  other: ['hello', 'thanks', 'question', 'store', 'opening', 'hours', 'gift', 'recommend'],
};
const FILLER = [
  'i', 'my', 'the', 'a', 'to', 'is', 'it', 'and', 'for', 'please', 'can', 'you', 'order', 'not', 'was', 'have', 'this', 'on', 'me',
  'help', 'need', 'why', 'still', 'yesterday', 'week', 'today', 'again', 'how', 'do', 'what', 'with', 'from', 'of', 'no', 'yet',
];
const VOCAB = ['[PAD]', '[UNK]', ...new Set([...Object.values(INTENT_WORDS).flat(), ...FILLER])];
const ID = new Map(VOCAB.map((word, i) => [word, i]));
/** The serving config: bucket boundaries (tokens), rows per predict call, and the longest wait. */
const SERVING = { buckets: [8, 16, 32, 64], maxBatch: 8, maxWaitMs: 10 };
const EMBED = 12;
const HIDDEN = 24;

const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A message length: mostly 3-14 words, a tail to 60, now and then a pasted order history (70-120) or an emoji-only message (0). */
function drawLength(): number {
  const u = random();
  if (u < 0.015) return 0;
  if (u < 0.035) return 70 + Math.floor(random() * 51);
  if (u < 0.16) return 17 + Math.floor(random() * 44);
  return 3 + Math.floor(random() * 12);
}

function drawMessage(length: number): { intent: number; words: string[] } {
  const intent = Math.floor(random() * INTENTS.length);
  const own = INTENT_WORDS[INTENTS[intent]!];
  const words = Array.from({ length }, () => (random() < 0.4 ? pick(own) : pick(FILLER)));
  if (length > 0) words[Math.floor(random() * length)] = pick(own);
  return { intent, words };
}

async function trainModel(): Promise<{ embeddings: number[][]; hidden: { kernel: number[][]; bias: number[] }; output: { kernel: number[][]; bias: number[] }; accuracy: number }> {
  const PAD_TO = 16;
  const examples = Array.from({ length: 600 }, () => drawMessage(2 + Math.floor(random() * 14)));
  const ids = examples.map((e) => [...e.words.map((w) => ID.get(w)!), ...Array<number>(PAD_TO - e.words.length).fill(0)]);
  const mask = examples.map((e) => Array.from({ length: PAD_TO }, (_, i) => (i < e.words.length ? 1 : 0)));
  const tokens = tf.input({ shape: [null], dtype: 'int32', name: 'tokens' });
  const maskIn = tf.input({ shape: [null], name: 'mask' });
  const embedded = tf.layers.embedding({ inputDim: VOCAB.length, outputDim: EMBED, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 3 }) }).apply(tokens) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: HIDDEN, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }).apply(embedded) as tf.SymbolicTensor;
  const column = tf.layers.reshape({ targetShape: [-1, 1] }).apply(maskIn) as tf.SymbolicTensor;
  const masked = tf.layers.multiply().apply([hidden, column]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalMaxPooling1d().apply(masked) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: INTENTS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [tokens, maskIn], outputs: output });
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = [tf.tensor2d(ids, undefined, 'int32'), tf.tensor2d(mask)];
  const y = tf.oneHot(tf.tensor1d(examples.map((e) => e.intent), 'int32'), INTENTS.length);
  const history = await model.fit(x, y, { epochs: 40, batchSize: examples.length, shuffle: false, verbose: 0 });
  const weights = model.getWeights().map((w) => w.arraySync());
  const [embeddings, hiddenKernel, hiddenBias, outputKernel, outputBias] = weights as [number[][], number[][], number[], number[][], number[]];
  const r2 = (m: number[][]) => m.map((row) => row.map((v) => round(v)));
  return {
    embeddings: r2(embeddings),
    hidden: { kernel: r2(hiddenKernel), bias: hiddenBias.map((v) => round(v)) },
    output: { kernel: r2(outputKernel), bias: outputBias.map((v) => round(v)) },
    accuracy: round(history.history.acc!.at(-1) as number, 4),
  };
}

/** One second of arrivals at the evening peak: a Poisson stream at 400 messages/s with two bursts of 1,500/s. Times are whole milliseconds. */
function drawTraffic(): { id: string; arrivalMs: number; text: string; tokens: number[] }[] {
  const out: { id: string; arrivalMs: number; text: string; tokens: number[] }[] = [];
  let t = 0;
  while (t < 1000) {
    const rate = (t > 200 && t < 260) || (t > 640 && t < 700) ? 1.5 : 0.4;
    t += -Math.log(1 - random()) / rate;
    if (t >= 1000) break;
    const { words } = drawMessage(drawLength());
    out.push({ id: `m${String(out.length + 1).padStart(4, '0')}`, arrivalMs: Math.floor(t), text: words.length === 0 ? '🙏🙏' : words.join(' '), tokens: words.map((w) => ID.get(w)!) });
  }
  return out;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const trained = await trainModel();
  const traffic = drawTraffic();
  const model = { intents: INTENTS, vocab: VOCAB, serving: SERVING, trainingAccuracy: trained.accuracy, embeddings: trained.embeddings, hidden: trained.hidden, output: trained.output };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'intent-model.json'), `${JSON.stringify(model)}\n`);
  fs.writeFileSync(path.join(dataDir, 'traffic.json'), `${JSON.stringify({ requests: traffic }, null, 0).replaceAll('},{', '},\n{')}\n`);
  const lengths = traffic.map((r) => r.tokens.length);
  console.log(`training accuracy ${trained.accuracy}; ${traffic.length} requests; longest ${Math.max(...lengths)}; over 64: ${lengths.filter((n) => n > 64).length}; empty: ${lengths.filter((n) => n === 0).length}`);
}

void main();
