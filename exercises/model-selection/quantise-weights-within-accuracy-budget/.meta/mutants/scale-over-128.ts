// mistake: divides the largest weight by 128 (the int8 minimum) instead of 127, so the range is not symmetric and the largest weight is not exact
// expect: scale = max |w| / 127
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

/** Nearest float16 value (round half to even), as a number; ±Infinity past the float16 range. */
export function roundToFloat16(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 65520) return Math.sign(x) * Infinity;
  // Spacing of float16 values around `a`: 10 fraction bits; below 2^-14 the spacing stays 2^-24.
  const exponent = Math.max(Math.floor(Math.log2(a)), -14);
  const step = 2 ** (exponent - 10);
  const scaled = a / step;
  let rounded = Math.round(scaled);
  if (rounded - scaled === 0.5 && rounded % 2 === 1) rounded -= 1; // a tie goes to the even neighbour
  return Math.sign(x) * rounded * step;
}

function quantizeGroup(values: number[], indices: number[], levels: number, out: number[]): void {
  let maxAbs = 0;
  for (const i of indices) maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
  const scale = maxAbs / (levels + 1);
  for (const i of indices) {
    out[i] = scale === 0 ? 0 : Math.max(-levels - 1, Math.min(levels, Math.round(values[i]! / scale))) * scale;
  }
}

/** Symmetric quantisation of one kernel; channels are the last axis of `shape`. */
export function quantizeKernel(values: number[], shape: number[], scheme: Scheme): QuantizedKernel {
  const n = values.length;
  if (scheme === 'float32') return { values: values.slice(), bytes: 4 * n };
  if (scheme === 'float16') return { values: values.map(roundToFloat16), bytes: 2 * n };
  const bits = scheme.startsWith('int8') ? 8 : 4;
  const levels = 2 ** (bits - 1) - 1;
  const out = new Array<number>(n).fill(0);
  const channels = shape[shape.length - 1] ?? 1;
  if (scheme.endsWith('per-channel')) {
    for (let c = 0; c < channels; c += 1) {
      const indices: number[] = [];
      for (let i = c; i < n; i += channels) indices.push(i);
      quantizeGroup(values, indices, levels, out);
    }
  } else {
    quantizeGroup(values, Array.from({ length: n }, (_, i) => i), levels, out);
  }
  const scales = scheme.endsWith('per-channel') ? channels : 1;
  return { values: out, bytes: Math.ceil((n * bits) / 8) + 4 * scales };
}

function accuracyOf(model: tf.LayersModel, x: number[][], labels: number[]): number {
  const predicted = tf.tidy(() => {
    const input = tf.tensor(x, [x.length, ...(model.inputs[0]!.shape.slice(1) as number[])]);
    return (model.predict(input) as tf.Tensor).argMax(-1).arraySync() as number[];
  });
  return predicted.filter((p, i) => p === labels[i]).length / labels.length;
}

/**
 * Accuracy and size of the model in each scheme. Kernels (rank >= 2) are quantised; biases stay
 * float32. The model's own weights are put back afterwards.
 */
export function evaluateSchemes(model: tf.LayersModel, x: number[][], labels: number[], schemes: Scheme[]): SchemeReport[] {
  // Plain copies of the original weights: getWeights() returns the model's own variables.
  const original = model.getWeights().map((w) => ({ values: Array.from(w.dataSync()), shape: w.shape }));
  const baseline = accuracyOf(model, x, labels);
  try {
    return schemes.map((scheme) => {
      let bytes = 0;
      const quantized = original.map((w) => {
        const q = w.shape.length >= 2 ? quantizeKernel(w.values, w.shape, scheme) : { values: w.values, bytes: 4 * w.values.length };
        bytes += q.bytes;
        return q.values;
      });
      const tensors = quantized.map((values, i) => tf.tensor(values, original[i]!.shape));
      model.setWeights(tensors);
      tf.dispose(tensors);
      const accuracy = accuracyOf(model, x, labels);
      return { scheme, bytes, accuracy, drop: baseline - accuracy };
    });
  } finally {
    const tensors = original.map((w) => tf.tensor(w.values, w.shape));
    model.setWeights(tensors);
    tf.dispose(tensors);
  }
}

/**
 * Accuracies are counts over n rows, so a drop is a difference of two floats: 0.961 − 0.946 is
 * 0.015000000000000013, a drop of exactly 15 rows in 1,000. Real drops differ by multiples of 1/n,
 * far more than this epsilon, so it only absorbs the rounding.
 */
const DROP_EPSILON = 1e-9;

/** The smallest scheme whose accuracy drop is at most `maxDrop`; ties go to the smaller drop, then the first listed. */
export function chooseScheme(reports: SchemeReport[], maxDrop: number): SchemeReport | null {
  let best: SchemeReport | null = null;
  for (const r of reports) {
    if (!(r.drop <= maxDrop + DROP_EPSILON)) continue;
    if (best === null || r.bytes < best.bytes || (r.bytes === best.bytes && r.drop < best.drop - DROP_EPSILON)) best = r;
  }
  return best;
}
