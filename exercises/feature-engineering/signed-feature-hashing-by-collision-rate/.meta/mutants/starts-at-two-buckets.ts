// mistake: tries sizes from 2^1, never the table of a single bucket
// expect: table size
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

/** The token's bucket in a table of `size` (a power of two) and its sign. */
export function hashToken(token: string, size: number, seed: number): HashedToken {
  const h = murmurhash3_32(token, seed);
  return { index: h % size, sign: h >>> 31 === 0 ? 1 : -1 };
}

/** The share of the distinct tokens that share their bucket with at least one other distinct token. */
export function collisionRate(vocabulary: string[], size: number, seed: number): number {
  const distinct = [...new Set(vocabulary)];
  if (distinct.length === 0) return 0;
  const load = new Map<number, number>();
  const buckets = distinct.map((token) => hashToken(token, size, seed).index);
  buckets.forEach((b) => load.set(b, (load.get(b) ?? 0) + 1));
  return buckets.filter((b) => load.get(b)! > 1).length / distinct.length;
}

/** The smallest power of two, 2^0 … 2^maxBits, whose collision rate is within the target; 2^maxBits if none is. */
export function chooseHashSize(vocabulary: string[], targetRate: number, maxBits: number, seed: number): number {
  for (let bits = 1; bits < maxBits; bits += 1) {
    if (collisionRate(vocabulary, 2 ** bits, seed) <= targetRate) return 2 ** bits;
  }
  return 2 ** maxBits;
}

/** A float32 [rows, size] tensor: each token adds its sign at its bucket; tokens sharing a bucket add up. */
export function hashRows(rows: string[][], size: number, seed: number): tf.Tensor2D {
  const cells = new Map<number, number>();
  rows.forEach((tokens, r) =>
    tokens.forEach((token) => {
      const { index, sign } = hashToken(token, size, seed);
      const cell = r * size + index;
      cells.set(cell, (cells.get(cell) ?? 0) + sign);
    }),
  );
  const entries = [...cells];
  if (entries.length === 0) return tf.zeros([rows.length, size]);
  const indices = entries.map(([cell]) => [Math.floor(cell / size), cell % size]);
  return tf.sparseToDense(indices, entries.map(([, value]) => value), [rows.length, size]) as tf.Tensor2D;
}

/** Sizes the table on the training vocabulary, hashes the training rows, trains a logistic regression on them. */
export async function trainFraudModel(data: Transactions, options: TrainingOptions): Promise<{ size: number; model: tf.LayersModel }> {
  const train = data.split.flatMap((split, i) => (split === 'train' ? [i] : []));
  const rows = train.map((i) => data.rows[i]!);
  const labels = train.map((i) => data.fraud[i]!);
  const size = chooseHashSize(rows.flat(), options.targetRate, options.maxBits, options.seed);
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [size], activation: 'sigmoid', kernelInitializer: 'zeros', biasInitializer: 'zeros' })],
  });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const x = hashRows(rows, size, options.seed);
  const y = tf.tensor2d(labels, [labels.length, 1]);
  try {
    await model.fit(x, y, { epochs: options.epochs, batchSize: labels.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return { size, model };
}
