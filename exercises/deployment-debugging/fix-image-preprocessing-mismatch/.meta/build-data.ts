/**
 * Generates banana thumbnails, trains the ripeness classifier this exercise serves, and writes:
 *   data/ripeness-model.json  model card (input size, preprocessing, per-channel mean/std, labels)
 *                             and the weights of a small conv net
 *   data/crops.json           nine thumbnails as the three image sources on the line send them
 *
 * The images are synthetic (no photos): an 8x8 RGB thumbnail of a banana lying across the
 * conveyor belt at a random angle, in the colour of its ripeness (green, yellow, brown with dark
 * spots), with per-image colour jitter and per-pixel noise, from a seeded mulberry32.
 * Run: npx tsx exercises/deployment-debugging/fix-image-preprocessing-mismatch/.meta/build-data.ts
 * Deterministic: seeded images and initialisers, full-batch training without shuffling, cpu
 * backend, weights rounded to 6 decimals.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';

const here = path.dirname(new URL(import.meta.url).pathname);
const dataDir = path.join(here, '..', 'data');
const SIZE = 8;
const LABELS = ['unripe', 'ripe', 'overripe'];
const PER_CLASS_TRAIN = 120;
const PER_CLASS_TEST = 50;
const EPOCHS = 80;

const random = mulberry32(20250117);
const round = (value: number, digits = 6) => Number(value.toFixed(digits));
const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
const noise = (amplitude: number) => (random() * 2 - 1) * amplitude;

const COLOURS: Record<string, [number, number, number]> = {
  unripe: [95, 150, 45],
  ripe: [225, 195, 55],
  overripe: [150, 100, 40],
};
const SPOT: [number, number, number] = [70, 45, 25];
const BELT: [number, number, number] = [70, 72, 80];

/** One thumbnail as RGB, HWC, integers 0-255: pixels[y][x] = [r, g, b]. */
function thumbnail(label: string): number[][][] {
  const angle = random() * Math.PI;
  const cx = 3.5 + noise(1);
  const cy = 3.5 + noise(1);
  const thickness = 1.2 + random() * 0.9;
  const tint = COLOURS[label]!.map((c) => c + noise(15));
  const belt = BELT.map((c) => c + noise(8));
  return Array.from({ length: SIZE }, (_, y) =>
    Array.from({ length: SIZE }, (_, x) => {
      const distance = Math.abs((x - cx) * Math.sin(angle) - (y - cy) * Math.cos(angle));
      if (distance >= thickness) return belt.map((c) => clamp(c + noise(10)));
      const spotted = label === 'overripe' && random() < 0.3;
      return (spotted ? SPOT : tint).map((c) => clamp(c + noise(12)));
    }),
  );
}

interface ConvModelWeights {
  conv: { kernel: number[][][][]; bias: number[] };
  dense: { kernel: number[][]; bias: number[] };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const make = (perClass: number) =>
    LABELS.flatMap((label, k) => Array.from({ length: perClass }, () => ({ label: k, pixels: thumbnail(label) })));
  const train = make(PER_CLASS_TRAIN);
  const test = make(PER_CLASS_TEST);

  // The training pipeline: RGB, HWC, divide by 255, then standardise each channel.
  const mean = [0, 1, 2].map((c) => round(train.reduce((s, im) => s + im.pixels.flat().reduce((t, p) => t + p[c]! / 255, 0), 0) / (train.length * SIZE * SIZE)));
  const std = [0, 1, 2].map((c) =>
    round(Math.sqrt(train.reduce((s, im) => s + im.pixels.flat().reduce((t, p) => t + (p[c]! / 255 - mean[c]!) ** 2, 0), 0) / (train.length * SIZE * SIZE))),
  );
  const preprocess = (pixels: number[][][]) => pixels.map((row) => row.map((p) => p.map((v, c) => (v / 255 - mean[c]!) / std[c]!)));

  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIZE, SIZE, 3], filters: 6, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 23 }) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: LABELS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 29 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor4d(train.map((im) => preprocess(im.pixels)));
  const ys = tf.oneHot(tf.tensor1d(train.map((im) => im.label), 'int32'), LABELS.length);
  await model.fit(xs, ys, { epochs: EPOCHS, batchSize: train.length, shuffle: false, verbose: 0 });
  const [k1, b1, k2, b2] = model.getWeights().map((w) => w.arraySync());
  const weights: ConvModelWeights = {
    conv: { kernel: (k1 as number[][][][]).map((a) => a.map((b) => b.map((c) => c.map((v) => round(v))))), bias: (b1 as number[]).map((v) => round(v)) },
    dense: { kernel: (k2 as number[][]).map((r) => r.map((v) => round(v))), bias: (b2 as number[]).map((v) => round(v)) },
  };
  tf.dispose([xs, ys]);

  const roundedModel = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIZE, SIZE, 3], filters: 6, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: LABELS.length, activation: 'softmax' }),
    ],
  });
  roundedModel.setWeights([tf.tensor(weights.conv.kernel), tf.tensor(weights.conv.bias), tf.tensor(weights.dense.kernel), tf.tensor(weights.dense.bias)]);
  const accuracy = (images: typeof test, transform: (p: number[][][]) => number[][][]) =>
    tf.tidy(() => {
      const predicted = (roundedModel.predict(tf.tensor4d(images.map((im) => transform(im.pixels)))) as tf.Tensor).argMax(-1).arraySync() as number[];
      return predicted.filter((p, i) => p === images[i]!.label).length / images.length;
    });
  const bgr = (p: number[][][]) => preprocess(p.map((row) => row.map((px) => [px[2]!, px[1]!, px[0]!])));
  const unscaled = (p: number[][][]) => p.map((row) => row.map((px) => px.map((v, c) => (v - mean[c]!) / std[c]!)));
  const results = {
    trainAccuracy: accuracy(train, preprocess),
    testAccuracy: accuracy(test, preprocess),
    testAccuracyBgrAsRgb: accuracy(test, bgr),
    testAccuracyUnscaled: accuracy(test, unscaled),
  };
  model.dispose();
  roundedModel.dispose();

  const card = {
    model: 'banana-ripeness v1',
    description: 'Ripeness from an 8x8 colour thumbnail: conv 3x3x6 relu -> max pool 2x2 -> flatten -> dense 3 softmax.',
    input: { height: SIZE, width: SIZE, channels: 'RGB', layout: 'HWC', dtype: 'float32' },
    preprocessing: 'x = (pixel / 255 - mean[c]) / std[c], channels in RGB order',
    mean,
    std,
    labels: LABELS,
    metrics: { trainAccuracy: round(results.trainAccuracy, 4), heldOutAccuracy: round(results.testAccuracy, 4), heldOutImages: test.length },
    weights,
  };
  // Indented, with each innermost array of numbers on one line.
  const json = JSON.stringify(card, null, 2).replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
  fs.writeFileSync(path.join(dataDir, 'ripeness-model.json'), `${json}\n`);

  // Nine held-out thumbnails, three per source, as each source encodes them.
  const encode = (pixels: number[][][], channels: 'RGB' | 'BGR' | 'RGBA', layout: 'HWC' | 'CHW') => {
    const order = channels === 'BGR' ? [2, 1, 0] : [0, 1, 2];
    const planes = channels === 'RGBA' ? 4 : 3;
    const value = (y: number, x: number, c: number) => (c === 3 ? 255 : pixels[y]![x]![order[c]!]!);
    const data: number[] = [];
    if (layout === 'HWC') for (let y = 0; y < SIZE; y += 1) for (let x = 0; x < SIZE; x += 1) for (let c = 0; c < planes; c += 1) data.push(value(y, x, c));
    else for (let c = 0; c < planes; c += 1) for (let y = 0; y < SIZE; y += 1) for (let x = 0; x < SIZE; x += 1) data.push(value(y, x, c));
    return { width: SIZE, height: SIZE, layout, channels, data };
  };
  const sources = [
    { source: 'camera-a', channels: 'BGR', layout: 'HWC' },
    { source: 'web-upload', channels: 'RGBA', layout: 'HWC' },
    { source: 'legacy-export', channels: 'RGB', layout: 'CHW' },
  ] as const;
  const crops = [0, 1, 2].flatMap((k) =>
    sources.map((s, i) => {
      const image = test.filter((im) => im.label === k)[i + 3]!;
      return { id: `crop-${k}${i}`, source: s.source, truth: LABELS[k], ...encode(image.pixels, s.channels, s.layout) };
    }),
  );
  const order = crops.map((c) => ({ c, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.c);
  fs.writeFileSync(path.join(dataDir, 'crops.json'), `[\n${order.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n]\n`);
  console.log(JSON.stringify(results), 'mean', mean, 'std', std);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
