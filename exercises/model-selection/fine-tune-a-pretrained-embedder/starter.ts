import * as tf from '@tensorflow/tfjs';

export interface LabelledGlyphs {
  /** Each image row-major, 16 × 16 values in [0, 1]. */
  images: number[][];
  /** Class index of each image, 0..classes-1. */
  labels: number[];
}

/** A new model: the pretrained base, every base layer frozen, then a softmax head for `classes`. */
export function withNewHead(base: tf.LayersModel, classes: number): tf.Sequential {
  // TODO: freeze the base.
  const head = tf.layers.dense({ name: 'new_head', units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 42 }) });
  return tf.sequential({ layers: [base, head] });
}

/** Makes the top `count` layers of the base that have weights trainable again; the others stay frozen. */
export function unfreezeTop(base: tf.LayersModel, count: number): void {
  // TODO
  void base;
  void count;
}

/** Phase 1: the new head on the frozen base. Phase 2: the base's top layer too, at a lower rate. */
export async function fineTune(base: tf.LayersModel, train: LabelledGlyphs, classes: number): Promise<tf.LayersModel> {
  const model = withNewHead(base, classes);
  const x = tf.tensor4d(train.images.flat(), [train.images.length, 16, 16, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), classes));
  // What the notebook did: train everything at once, at the head's learning rate.
  model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: 24, batchSize: 30, shuffle: false, verbose: 0, yieldEvery: 'never' });
  tf.dispose([x, y]);
  return model;
}
