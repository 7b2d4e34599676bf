// mistake: costs a depthwise convolution as if every input channel fed every output channel (kh·kw·in·out)
// expect: multiply-adds of each layer
import * as tf from '@tensorflow/tfjs';

export interface Layer {
  name: string;
  kind: 'conv2d' | 'depthwise' | 'dense';
  /** Output shape without the batch dimension: [height, width, channels] for convolutions, [units] for dense. */
  output: number[];
  /** [kh, kw, in, out] for conv2d, [kh, kw, in, multiplier] for depthwise, [in, out] for dense. */
  kernel: number[];
}

export interface Device {
  /** Multiply-adds each kind of layer gets through per millisecond on this device. */
  macsPerMs: { conv2d: number; depthwise: number; dense: number };
  /** Fixed cost of launching one layer, in ms. */
  msPerLayer: number;
}

export interface Split {
  embeddings: number[][];
  labels: number[];
}

export interface Backbone {
  name: string;
  layers: Layer[];
  train: Split;
  validation: Split;
  test: Split;
}

export interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

export interface Candidate {
  name: string;
  latencyMs: number;
  validationAccuracy: number;
}

export interface Selection {
  candidates: Candidate[];
  chosen: string | null;
  testAccuracy: number | null;
}

/** Multiply-adds of one layer for one image: every kernel weight is used once per output position. */
export function layerMacs(layer: Layer): number {
  const positions = layer.kind === 'dense' ? 1 : layer.output[0]! * layer.output[1]!;
  const kernel = layer.kind === 'depthwise' ? [layer.kernel[0]!, layer.kernel[1]!, layer.kernel[2]!, layer.output[2]!] : layer.kernel;
  return positions * kernel.reduce((a, b) => a * b, 1);
}

/** The device's cost model: each layer's multiply-adds at its kind's rate, plus a fixed cost per layer. */
export function estimateLatencyMs(layers: Layer[], device: Device): number {
  return layers.reduce((ms, layer) => ms + layerMacs(layer) / device.macsPerMs[layer.kind] + device.msPerLayer, 0);
}

/** Validation accuracy of a linear probe on one backbone's embeddings (the probe recipe), and the probe for test. */
async function trainProbe(backbone: Backbone, options: ProbeOptions): Promise<{ predict: (rows: number[][]) => number[]; dispose: () => void }> {
  const rows = backbone.train.embeddings;
  const dims = rows[0]!.length;
  const mean = Array.from({ length: dims }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  const standardise = (x: number[][]) => x.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: options.classes, activation: 'softmax', inputShape: [dims], kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }), biasInitializer: 'zeros' }),
    ],
  });
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(standardise(rows));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(backbone.train.labels, 'int32'), options.classes));
  try {
    await model.fit(x, y, { epochs: options.epochs, batchSize: rows.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return {
    predict: (embeddings) => tf.tidy(() => (model.predict(tf.tensor2d(standardise(embeddings))) as tf.Tensor).argMax(-1).arraySync() as number[]),
    dispose: () => model.dispose(),
  };
}

const accuracyOf = (predicted: number[], labels: number[]) => predicted.filter((p, i) => p === labels[i]).length / labels.length;

/** Within the budget (inclusive) and at or above the floor, the most accurate; a tie goes to the faster one, then to the earlier one. */
export function chooseBackbone(candidates: Candidate[], budgetMs: number, floor: number): string | null {
  const eligible = candidates.filter((c) => c.latencyMs <= budgetMs && c.validationAccuracy >= floor);
  if (eligible.length === 0) return null;
  return [...eligible].sort((a, b) => b.validationAccuracy - a.validationAccuracy || a.latencyMs - b.latencyMs)[0]!.name;
}

/**
 * Estimates each backbone's latency on the device, trains a probe on its training embeddings and
 * scores it on validation, chooses, and scores only the chosen backbone's probe on test.
 */
export async function selectBackbone(backbones: Backbone[], device: Device, options: { budgetMs: number; floor: number; probe: ProbeOptions }): Promise<Selection> {
  const candidates: Candidate[] = [];
  let testAccuracy: number | null = null;
  const probes: Awaited<ReturnType<typeof trainProbe>>[] = [];
  try {
    for (const backbone of backbones) {
      const probe = await trainProbe(backbone, options.probe);
      probes.push(probe);
      candidates.push({ name: backbone.name, latencyMs: estimateLatencyMs(backbone.layers, device), validationAccuracy: accuracyOf(probe.predict(backbone.validation.embeddings), backbone.validation.labels) });
    }
    const chosen = chooseBackbone(candidates, options.budgetMs, options.floor);
    const index = backbones.findIndex((b) => b.name === chosen);
    if (index >= 0) testAccuracy = accuracyOf(probes[index]!.predict(backbones[index]!.test.embeddings), backbones[index]!.test.labels);
    return { candidates, chosen, testAccuracy };
  } finally {
    for (const probe of probes) probe.dispose();
  }
}
