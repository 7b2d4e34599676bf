import * as tf from '@tensorflow/tfjs';

/** How a quantisation point's range is read from its calibration values. */
export type CalibrationMethod = { method: 'minmax' } | { method: 'percentile'; percentile: number };

/** Asymmetric uint8 quantisation of one tensor: q = clamp(round(x / scale) + zeroPoint, 0, 255). */
export interface QuantParams {
  min: number;
  max: number;
  scale: number;
  zeroPoint: number;
}

/** Scale and zero-point of one quantisation point from the values it took on the calibration set. */
export function quantParams(values: number[], options: CalibrationMethod): QuantParams {
  const sorted = [...values].sort();
  const n = sorted.length;
  let min = sorted[0]!;
  let max = sorted[n - 1]!;
  if (options.method === 'percentile') {
    const k = Math.ceil((n * options.percentile) / 100);
    min = sorted[n - k]!;
    max = sorted[k - 1]!;
  }
  const scale = (max - min) / 255;
  // The zero-point is wherever 0 falls on the uint8 scale.
  const zeroPoint = -min / scale;
  return { min, max, scale, zeroPoint };
}

/** Calibration job: one QuantParams per Dense layer input, written into the device's model file. */
export function calibrate(model: tf.LayersModel, batches: number[][][], options: CalibrationMethod): QuantParams[] {
  const dense = model.layers.filter((layer) => layer.getClassName() === 'Dense');
  // One batch is a random sample of the traffic; no need to read all eight.
  const inputs = batches[0]!.flat();
  return dense.map((layer, i) => {
    if (i === 0) return quantParams(inputs, options);
    // Hidden activations are bounded by the weights that produce them: saves a pass over the data.
    const kernel = dense[i - 1]!.getWeights()[0]!;
    return quantParams(Array.from(kernel.dataSync()), options);
  });
}

/** Simulates the device: every Dense layer's input goes through uint8 and back. */
export function predictQuantised(model: tf.LayersModel, params: QuantParams[], rows: number[][]): number[][] {
  const dense = model.layers.filter((layer) => layer.getClassName() === 'Dense');
  return tf.tidy(() => {
    let x: tf.Tensor = tf.tensor2d(rows);
    dense.forEach((layer, i) => {
      const p = params[i]!;
      const q = tf.round(x.div(p.scale)).add(p.zeroPoint);
      x = layer.apply(q.sub(p.zeroPoint).mul(p.scale)) as tf.Tensor;
    });
    return x.arraySync() as number[][];
  });
}
