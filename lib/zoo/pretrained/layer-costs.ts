/**
 * A deterministic cost model of a tfjs layers model, from its layer shapes: parameters and
 * multiply-adds per image of every convolution and dense layer (the layers that dominate the cost;
 * batch norm, activations, pooling and additions are counted as free).
 */
import type * as tf from '@tensorflow/tfjs';

export interface LayerCost {
  name: string;
  kind: 'conv2d' | 'depthwise' | 'dense';
  /** Output shape without the batch dimension. */
  output: number[];
  /** Kernel shape as stored: [kh, kw, in, out] for conv2d, [kh, kw, in, multiplier] for depthwise, [in, out] for dense. */
  kernel: number[];
  parameters: number;
  /** Multiply-adds for one image. */
  macs: number;
}

const product = (values: number[]) => values.reduce((a, b) => a * b, 1);

export function layerCosts(model: tf.LayersModel): LayerCost[] {
  const costs: LayerCost[] = [];
  for (const layer of model.layers) {
    const kind = ({ Conv2D: 'conv2d', DepthwiseConv2D: 'depthwise', Dense: 'dense' } as const)[layer.getClassName() as 'Conv2D' | 'DepthwiseConv2D' | 'Dense'];
    if (!kind) continue;
    const output = (layer.outputShape as (number | null)[]).slice(1) as number[];
    const kernel = layer.getWeights()[0]!.shape;
    const parameters = layer.countParams();
    const spatial = kind === 'dense' ? 1 : output[0]! * output[1]!;
    // Every kernel weight is used once per output position: conv2d kh·kw·in·out, depthwise kh·kw·in·multiplier, dense in·out.
    costs.push({ name: layer.name, kind, output, kernel, parameters, macs: spatial * product(kernel) });
  }
  return costs;
}
