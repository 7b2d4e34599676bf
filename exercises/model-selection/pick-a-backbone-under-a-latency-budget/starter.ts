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

/** Multiply-adds of one layer for one image. TODO: output positions. */
export function layerMacs(layer: Layer): number {
  return layer.kernel.reduce((a, b) => a * b, 1);
}

/** TODO: the device's rate per kind of layer, and the cost per layer. */
export function estimateLatencyMs(layers: Layer[], device: Device): number {
  return layers.reduce((ms, layer) => ms + layerMacs(layer), 0) / device.macsPerMs.conv2d;
}

/** TODO: the budget and the floor. */
export function chooseBackbone(candidates: Candidate[], budgetMs: number, floor: number): string | null {
  void budgetMs;
  void floor;
  const biggest = [...candidates].sort((a, b) => b.latencyMs - a.latencyMs)[0];
  return biggest ? biggest.name : null;
}

/** TODO: a probe per backbone (the previous exercise's recipe), validation accuracy, test for the chosen one only. */
export async function selectBackbone(backbones: Backbone[], device: Device, options: { budgetMs: number; floor: number; probe: ProbeOptions }): Promise<Selection> {
  const candidates = backbones.map((b) => ({ name: b.name, latencyMs: estimateLatencyMs(b.layers, device), validationAccuracy: 0 }));
  void tf;
  return { candidates, chosen: chooseBackbone(candidates, options.budgetMs, options.floor), testAccuracy: null };
}
