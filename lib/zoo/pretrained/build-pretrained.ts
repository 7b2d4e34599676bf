/**
 * Runs the real pretrained networks of the `nsfwjs` package over a seeded set of fabric-swatch
 * photographs and writes what exercises use: each image's 128-d embedding and class
 * probabilities per network, the networks' layer costs, and a card. The learner never runs these
 * networks (far too slow for the grader's sandbox); exercises work on what they produce.
 *
 * Reproducible: the images come from a seeded generator (byte-for-byte, checked by hash), and the
 * networks run on tfjs's wasm backend single-threaded, so the order of every sum is fixed and
 * WebAssembly's float semantics (SIMD128 included) are the same on every CPU; outputs are rounded
 * to 4 decimals. The scalar build (SIMD off) is 3-4x slower and was not needed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mulberry32 } from '@/lib/seeded-random';
import { drawSwatch, SWATCH_PATTERNS, SWATCH_SIZE, type SwatchPattern } from './draw-swatch';
import { layerCosts } from './layer-costs';
import { loadNsfwjsNetwork, NSFWJS_CLASSES, NSFWJS_NETWORKS, nsfwjsVersion, type LoadedNetwork, type NetworkSpec } from './nsfwjs-networks';

export const PRETRAINED_DIR = 'exercises/zoo/pretrained';
export const DECIMALS = 4;

/** Images per pattern in each split, and each split's seed. */
export const SWATCH_SPLITS = [
  { split: 'train', perPattern: 16, seed: 1701 },
  { split: 'validation', perPattern: 8, seed: 1702 },
  { split: 'test', perPattern: 8, seed: 1703 },
] as const;

export interface SwatchImage {
  id: string;
  split: (typeof SWATCH_SPLITS)[number]['split'];
  pattern: SwatchPattern;
  pixels: Float32Array;
}

/** Every swatch, split by split, patterns interleaved (train-000 stripes, train-001 checks, ...). */
export function drawSwatchSet(): SwatchImage[] {
  return SWATCH_SPLITS.flatMap(({ split, perPattern, seed }) => {
    const random = mulberry32(seed);
    return Array.from({ length: perPattern * SWATCH_PATTERNS.length }, (_, i) => {
      const pattern = SWATCH_PATTERNS[i % SWATCH_PATTERNS.length]!;
      return { id: `${split}-${String(i).padStart(3, '0')}`, split, pattern, pixels: drawSwatch(pattern, random) };
    });
  });
}

export function hashImages(images: SwatchImage[]): string {
  const hash = createHash('sha256');
  for (const image of images) hash.update(Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength));
  return hash.digest('hex');
}

/** Deterministic floats: one thread, so no sum is split differently between runs. */
export async function startDeterministicWasm(): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('The tfjs wasm backend did not start (is @tensorflow/tfjs-backend-wasm installed?).');
}

const round = (value: number) => Number(value.toFixed(DECIMALS));

export interface EmbeddedImage {
  id: string;
  split: string;
  pattern: SwatchPattern;
  embedding: number[];
  probabilities: number[];
}

/** Runs one network over the images one at a time; pixels are resized (bilinear, aligned corners) when the network's input is larger, as nsfwjs does. */
export function embedImages(network: LoadedNetwork, images: SwatchImage[]): EmbeddedImage[] {
  return images.map((image) =>
    tf.tidy(() => {
      let x: tf.Tensor4D = tf.tensor4d(image.pixels, [1, SWATCH_SIZE, SWATCH_SIZE, 3]);
      if (network.spec.size !== SWATCH_SIZE) x = tf.image.resizeBilinear(x, [network.spec.size, network.spec.size], true);
      const { embedding, probabilities } = network.run(x);
      return {
        id: image.id,
        split: image.split,
        pattern: image.pattern,
        embedding: Array.from(embedding.dataSync(), round),
        probabilities: Array.from(probabilities.dataSync(), round),
      };
    }),
  );
}

export const embeddingsFile = (spec: NetworkSpec) => `swatches-${spec.name}.json`;
export const layersFile = (spec: NetworkSpec) => `layers-${spec.name}.json`;

interface NetworkSummary {
  name: string;
  nsfwjsName: string;
  inputSize: number;
  parameters: number;
  macs: number;
  embeddingDims: number;
}

/** Builds everything into `outDir`; returns the card's network summaries. */
export async function buildPretrained(outDir: string, log: (line: string) => void = () => {}): Promise<NetworkSummary[]> {
  await startDeterministicWasm();
  const images = drawSwatchSet();
  fs.mkdirSync(outDir, { recursive: true });
  const summaries: NetworkSummary[] = [];
  for (const spec of NSFWJS_NETWORKS) {
    const startedAt = performance.now();
    const network = await loadNsfwjsNetwork(spec);
    const costs = layerCosts(network.layersModel);
    const embedded = embedImages(network, images);
    network.dispose();
    const summary = {
      name: spec.name,
      nsfwjsName: spec.nsfwjsName,
      inputSize: spec.size,
      parameters: network.parameters,
      macs: costs.reduce((sum, c) => sum + c.macs, 0),
      embeddingDims: embedded[0]!.embedding.length,
    };
    summaries.push(summary);
    writeJson(path.join(outDir, layersFile(spec)), { network: spec.name, note: 'conv2d, depthwise and dense layers; macs are multiply-adds per image', layers: costs });
    writeJson(path.join(outDir, embeddingsFile(spec)), { network: spec.name, embeddingLayer: 'dense_2 (128 units, ReLU)', classes: NSFWJS_CLASSES, decimals: DECIMALS, images: embedded });
    log(`${spec.name}: ${images.length} images in ${((performance.now() - startedAt) / 1000).toFixed(1)} s, ${summary.parameters} parameters, ${summary.macs} multiply-adds per image`);
  }
  writeJson(path.join(outDir, 'card.json'), {
    package: 'nsfwjs',
    version: nsfwjsVersion(),
    licence: 'MIT (Copyright (c) 2019 Infinite Red, Inc.), weights included in the package',
    images: { generator: 'lib/zoo/pretrained/draw-swatch.ts', size: SWATCH_SIZE, patterns: SWATCH_PATTERNS, splits: SWATCH_SPLITS, sha256: hashImages(images) },
    preprocessing: 'RGB pixels in [0, 1] (the 0-255 value divided by 255); resized bilinearly with aligned corners to the network input size',
    backend: 'tfjs 4.22.0 wasm backend, single-threaded',
    networks: summaries,
  });
  return summaries;
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value)}\n`);
}
