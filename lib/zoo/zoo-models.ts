/** What the zoo holds: each model's name, architecture (with seeded initialisers) and training plan. */
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainingPlan } from './train-classifier';

export interface RegionModelSpec {
  name: string;
  title: string;
  /** Units of each hidden relu layer; none is multinomial logistic regression. */
  hidden: number[];
  plan: TrainingPlan;
}

export const REGION_MODELS: RegionModelSpec[] = [
  { name: 'region-linear', title: 'census division from coordinates, logistic regression', hidden: [], plan: { epochs: 30, batchSize: 200, learningRate: 0.05, shuffleSeed: 11 } },
  { name: 'region-mlp-s', title: 'census division from coordinates, small MLP', hidden: [16], plan: { epochs: 30, batchSize: 200, learningRate: 0.02, shuffleSeed: 12 } },
  { name: 'region-mlp-m', title: 'census division from coordinates, medium MLP', hidden: [32, 32], plan: { epochs: 30, batchSize: 200, learningRate: 0.01, shuffleSeed: 13 } },
  { name: 'region-mlp-l', title: 'census division from coordinates, large MLP', hidden: [64, 64], plan: { epochs: 30, batchSize: 200, learningRate: 0.01, shuffleSeed: 14 } },
];

export const GLYPH_CNN = { name: 'glyphs-cnn', plan: { epochs: 10, batchSize: 50, learningRate: 0.005, shuffleSeed: 21 } satisfies TrainingPlan };
export const GLYPH_EMBEDDER = { name: 'glyphs-embedder', embeddingLayer: 'embedding' };

/** Seeds of the glorot-uniform kernel initialisers, one per dense layer, derived from the model's place in the zoo. */
export const initialiserSeeds = (base: number, layers: number) => Array.from({ length: layers }, (_, i) => base * 100 + i + 1);

export function buildRegionModel(tf: typeof tfjs, spec: RegionModelSpec, inputs: number, classes: number, seeds: number[]): tfjs.LayersModel {
  const model = tf.sequential({ name: spec.name.replace(/-/g, '_') });
  spec.hidden.forEach((units, i) => {
    model.add(tf.layers.dense({ name: `hidden_${i + 1}`, units, activation: 'relu', ...(i === 0 ? { inputShape: [inputs] } : {}), kernelInitializer: tf.initializers.glorotUniform({ seed: seeds[i]! }) }));
  });
  model.add(
    tf.layers.dense({
      name: 'output',
      units: classes,
      activation: 'softmax',
      ...(spec.hidden.length === 0 ? { inputShape: [inputs] } : {}),
      kernelInitializer: tf.initializers.glorotUniform({ seed: seeds[spec.hidden.length]! }),
    }),
  );
  return model;
}

/** conv 8 stride 2 → conv 16 stride 2 → dense 32 ("embedding") → softmax (strided convolutions: cheap to train on the cpu backend). */
export function buildGlyphCnn(tf: typeof tfjs, size: number, classes: number, seeds: number[]): tfjs.LayersModel {
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seeds[i]! });
  return tf.sequential({
    name: 'glyphs_cnn',
    layers: [
      tf.layers.conv2d({ name: 'conv_1', inputShape: [size, size, 1], filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(0) }),
      tf.layers.conv2d({ name: 'conv_2', filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'embedding', units: 32, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ name: 'output', units: classes, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
}
