import * as tf from '@tensorflow/tfjs';

export type Scheme = 'float32' | 'float16' | 'int8-per-tensor' | 'int8-per-channel' | 'int4-per-tensor' | 'int4-per-channel';

export interface QuantizedKernel {
  /** The values the model computes with after quantisation (dequantised), same order as the input. */
  values: number[];
  /** Bytes to store this tensor in the scheme, scales included. */
  bytes: number;
}

export interface SchemeReport {
  scheme: Scheme;
  /** Bytes of all the model's weights in this scheme. */
  bytes: number;
  accuracy: number;
  /** float32 accuracy minus this scheme's accuracy (negative when it is better). */
  drop: number;
}

/** Nearest float16 value (round half to even); ±Infinity past the float16 range. */
export function roundToFloat16(x: number): number {
  // TODO: Math.fround rounds to float32, which keeps far more precision than float16.
  return Math.fround(x);
}

/** Symmetric quantisation of one kernel; channels are the last axis of `shape`. */
export function quantizeKernel(values: number[], shape: number[], scheme: Scheme): QuantizedKernel {
  // TODO: float16, and int8 / int4 with one scale per tensor or per output channel.
  void shape;
  void scheme;
  return { values: values.slice(), bytes: 4 * values.length };
}

/** Accuracy and size of the model in each scheme; the model's own weights are put back afterwards. */
export function evaluateSchemes(model: tf.LayersModel, x: number[][], labels: number[], schemes: Scheme[]): SchemeReport[] {
  // TODO: quantise the kernels, measure accuracy on (x, labels), restore the weights.
  void x;
  void labels;
  const bytes = model.countParams() * 4;
  return schemes.map((scheme) => ({ scheme, bytes, accuracy: 0, drop: 0 }));
}

/** The smallest scheme whose accuracy drop is at most maxDrop. */
export function chooseScheme(reports: SchemeReport[], maxDrop: number): SchemeReport | null {
  // TODO: the smallest model that loses at most maxDrop.
  void maxDrop;
  return reports[0] ?? null;
}
