import * as tf from '@tensorflow/tfjs';

/**
 * MurmurHash3 (x86, 32-bit) of an ASCII string, one byte per character: an unsigned 32-bit
 * integer. The same function as `mmh3.hash(key, seed, signed=False)` in Python.
 */
export function murmurhash3_32(key: string, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const byte = (i: number) => key.charCodeAt(i) & 0xff;
  const mixK = (k: number) => Math.imul(rotl(Math.imul(k, c1), 15), c2);
  let h = seed >>> 0;
  const blocks = key.length >> 2;
  for (let b = 0; b < blocks; b += 1) {
    const i = b * 4;
    h ^= mixK(byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24));
    h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  let k = 0;
  switch (key.length & 3) {
    case 3:
      k ^= byte(tail + 2) << 16;
    // falls through
    case 2:
      k ^= byte(tail + 1) << 8;
    // falls through
    case 1:
      k ^= byte(tail);
      h ^= mixK(k);
  }
  h ^= key.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** Where a token goes: its bucket (the hash's low bits) and its sign (the hash's top bit). */
export interface HashedToken {
  index: number;
  sign: 1 | -1;
}

export interface Transactions {
  /** The tokens of each transaction, e.g. ["merchant=m0412", "bin=431940", "country=FR", "channel=app"]. */
  rows: string[][];
  /** 1 fraud, 0 genuine; null for test rows (their outcomes are held back). */
  fraud: (0 | 1 | null)[];
  split: ('train' | 'test')[];
}

export interface TrainingOptions {
  /** Largest share of training tokens allowed to share a bucket. */
  targetRate: number;
  /** Sizes considered are 2^0 … 2^maxBits. */
  maxBits: number;
  /** Seed of the hash. */
  seed: number;
  epochs: number;
  learningRate: number;
}

/** The team's hashing today: every token counts +1. TODO: the sign from bit 31 of the hash. */
export function hashToken(token: string, size: number, seed: number): HashedToken {
  return { index: murmurhash3_32(token, seed) % size, sign: 1 };
}

/** TODO: the share of distinct tokens whose bucket holds another distinct token (today: tokens beyond the first in a bucket, repeats included). */
export function collisionRate(vocabulary: string[], size: number, seed: number): number {
  const occupied = new Set(vocabulary.map((token) => hashToken(token, size, seed).index));
  return vocabulary.length === 0 ? 0 : (vocabulary.length - occupied.size) / vocabulary.length;
}

/** TODO: the smallest power of two within the target; today the table is always 64 buckets "to keep the model small". */
export function chooseHashSize(vocabulary: string[], targetRate: number, maxBits: number, seed: number): number {
  void vocabulary;
  void targetRate;
  void maxBits;
  void seed;
  return 64;
}

export function hashRows(rows: string[][], size: number, seed: number): tf.Tensor2D {
  const values = new Float32Array(rows.length * size);
  rows.forEach((tokens, r) =>
    tokens.forEach((token) => {
      const { index, sign } = hashToken(token, size, seed);
      values[r * size + index] = sign;
    }),
  );
  return tf.tensor2d(values, [rows.length, size]);
}

/** The pipeline as it runs today: the vocabulary that sizes the table comes from every transaction, test rows included. */
export async function trainFraudModel(data: Transactions, options: TrainingOptions): Promise<{ size: number; model: tf.LayersModel }> {
  const size = chooseHashSize(data.rows.flat(), options.targetRate, options.maxBits, options.seed);
  const train = data.split.flatMap((split, i) => (split === 'train' ? [i] : []));
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [size], activation: 'sigmoid' })] });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = hashRows(train.map((i) => data.rows[i]!), size, options.seed);
  const y = tf.tensor2d(train.map((i) => data.fraud[i] ?? 0), [train.length, 1]);
  await model.fit(x, y, { epochs: options.epochs, batchSize: train.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  tf.dispose([x, y]);
  optimizer.dispose();
  return { size, model };
}
