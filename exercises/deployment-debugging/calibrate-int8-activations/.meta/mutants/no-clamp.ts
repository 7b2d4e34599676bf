// mistake: never clamps the codes to [0, 255], so values beyond the calibrated range pass through as if the device had more bits
// expect: clamped to the range
import * as tf from '@tensorflow/tfjs';

/** How a quantisation point's range is read from its calibration values. */
export type CalibrationMethod = { method: 'minmax' } | { method: 'percentile'; percentile: number };

/** Asymmetric uint8 quantisation of one tensor: q = clamp(round(x / scale) + zeroPoint, 0, 255). */
export interface QuantParams {
  /** The calibrated range, widened to include 0: what q = 0 and q = 255 stand for. */
  min: number;
  max: number;
  scale: number;
  /** The uint8 code of the real value 0: an integer in [0, 255]. */
  zeroPoint: number;
}

const QMAX = 255;

/** Round to nearest, ties to even (what tf.round does; Math.round sends 2.5 to 3). */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The calibrated range of one quantisation point, before it is widened to include 0. */
function observedRange(values: number[], options: CalibrationMethod): [number, number] {
  const sorted = Float64Array.from(values).sort(); // a typed array sorts numerically
  const n = sorted.length;
  if (options.method === 'minmax') return [sorted[0]!, sorted[n - 1]!];
  // Nearest rank: the k-th smallest value is the upper bound, the k-th largest the lower one.
  const k = Math.max(1, Math.ceil((n * options.percentile) / 100));
  return [sorted[n - k]!, sorted[k - 1]!];
}

/** Scale and zero-point of one quantisation point from every value it took on the calibration set. */
export function quantParams(values: number[], options: CalibrationMethod): QuantParams {
  if (values.length === 0) throw new Error('quantParams: no calibration values; calibrate on at least one row');
  const [low, high] = observedRange(values, options);
  // 0 must be exactly representable: ReLU zeros and padding map to the zero-point, not near it.
  const min = Math.min(low, 0);
  const max = Math.max(high, 0);
  if (max === min) return { min, max, scale: 1, zeroPoint: 0 };
  const scale = (max - min) / QMAX;
  const zeroPoint = Math.min(QMAX, Math.max(0, roundHalfToEven(-min / scale)));
  return { min, max, scale, zeroPoint };
}

/**
 * Runs every calibration batch through the float model and returns, for the input of each Dense
 * layer, the parameters fitted to every value that input took over all batches.
 */
export function calibrate(model: tf.LayersModel, batches: number[][][], options: CalibrationMethod): QuantParams[] {
  const rows = batches.flat();
  if (rows.length === 0) throw new Error('calibrate: the calibration batches hold no rows');
  // The model is a stack of Dense layers: each one's input is a quantisation point.
  const layers = model.layers;
  // The values of every batch are pooled, so the batches can go through the model as one.
  const seen = tf.tidy(() => {
    let x: tf.Tensor = tf.tensor2d(rows);
    return layers.map((layer) => {
      const values = Array.from(x.dataSync());
      x = layer.apply(x) as tf.Tensor;
      return values;
    });
  });
  return seen.map((values) => quantParams(values, options));
}

/** Quantise to uint8 and back: what the next layer sees on the device. */
function fakeQuantise(x: tf.Tensor, p: QuantParams): tf.Tensor {
  return tf.tidy(() => {
    const q = tf.round(tf.div(x, p.scale)).add(p.zeroPoint);
    return q.sub(p.zeroPoint).mul(p.scale);
  });
}

/** The device's forward pass, simulated: every Dense layer's input goes through uint8 first. */
export function predictQuantised(model: tf.LayersModel, params: QuantParams[], rows: number[][]): number[][] {
  const layers = model.layers;
  if (params.length !== layers.length) throw new Error(`predictQuantised: ${params.length} sets of parameters for ${layers.length} Dense layers`);
  if (rows.length === 0) return [];
  return tf.tidy(() => {
    let x: tf.Tensor = tf.tensor2d(rows);
    layers.forEach((layer, i) => {
      x = layer.apply(fakeQuantise(x, params[i]!)) as tf.Tensor;
    });
    return x.arraySync() as number[][];
  });
}
