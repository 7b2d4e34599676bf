// mistake: fine-tunes the top layer at a learning rate a thousand times too low (1e-6 instead of 0.001), so phase 2 leaves the pretrained layer where it was
// expect: barely moved during fine-tuning
import * as tf from '@tensorflow/tfjs';

export interface LabelledGlyphs {
  /** Each image row-major, 16 × 16 values in [0, 1]. */
  images: number[][];
  /** Class index of each image, 0..classes-1. */
  labels: number[];
}

/** A new model: the pretrained base, every base layer frozen, then a softmax head for `classes`. */
export function withNewHead(base: tf.LayersModel, classes: number): tf.Sequential {
  // Freeze layer by layer. Setting `base.trainable = false` would also work here, but a frozen
  // container hides every layer inside it: unfreezing one of them later would have no effect.
  for (const layer of base.layers) layer.trainable = false;
  const head = tf.layers.dense({ name: 'new_head', units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) });
  return tf.sequential({ layers: [base, head] });
}

/** Makes the top `count` layers of the base that have weights trainable again; the others stay frozen. */
export function unfreezeTop(base: tf.LayersModel, count: number): void {
  // A container frozen as a whole (`base.trainable = false`) reports no trainable weights at all,
  // whatever its layers say: thaw the container first, then set each layer.
  base.trainable = true;
  const withWeights = base.layers.filter((layer) => layer.weights.length > 0);
  withWeights.forEach((layer, i) => {
    layer.trainable = i >= withWeights.length - count;
  });
}

async function fitPhase(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, learningRate: number, epochs: number): Promise<tf.Optimizer> {
  // compile() is what collects the trainable weights: call it after changing `trainable`.
  const optimizer = tf.train.adam(learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs, batchSize: 30, shuffle: false, verbose: 0, yieldEvery: 'never' });
  return optimizer;
}

/**
 * Transfer learning in two phases: train only a new head on the frozen base (lr 0.03, 12 epochs),
 * then unfreeze the base's top layer and fine-tune it with the head at a 30x lower rate
 * (lr 0.000001, 12 epochs). Returns the fine-tuned model (base + head).
 */
export async function fineTune(base: tf.LayersModel, train: LabelledGlyphs, classes: number): Promise<tf.LayersModel> {
  const model = withNewHead(base, classes);
  const x = tf.tensor4d(train.images.flat(), [train.images.length, 16, 16, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), classes));
  try {
    const first = await fitPhase(model, x, y, 0.03, 12);
    first.dispose();
    unfreezeTop(base, 1);
    // "Fine-tune a little": a rate so low that the top layer cannot really move.
    await fitPhase(model, x, y, 0.000001, 12);
    return model;
  } finally {
    tf.dispose([x, y]);
  }
}
