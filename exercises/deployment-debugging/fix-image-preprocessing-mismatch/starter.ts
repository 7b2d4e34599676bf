import * as tf from '@tensorflow/tfjs';

/** data/ripeness-model.json without the weights. */
export interface ImageCard {
  input: { height: number; width: number };
  /** Per-channel mean and std of the training pixels after dividing by 255, in RGB order. */
  mean: number[];
  std: number[];
  /** Ripeness names in the order of the model's outputs. */
  labels: string[];
}

/** A thumbnail as a source sends it: integers 0-255. */
export interface RawImage {
  width: number;
  height: number;
  channels: 'RGB' | 'BGR' | 'RGBA';
  layout: 'HWC' | 'CHW';
  data: number[];
}

export interface Grade {
  ripeness: string;
  confidence: number;
  probabilities: number[];
}

/**
 * The model's input for one image. Written for the first camera, which sent RGB pixels row by
 * row; every source has its own format since.
 */
export function toModelInput(image: RawImage, card: ImageCard): tf.Tensor3D {
  return tf.tidy(() => {
    const pixels = tf.tensor3d(image.data, [image.height, image.width, 3]);
    return pixels.sub(tf.tensor1d(card.mean)).div(tf.tensor1d(card.std));
  });
}

/** POST /v1/ripeness: a batch of thumbnails from one source. */
export function gradeBananas(model: tf.LayersModel, card: ImageCard, images: RawImage[]): Grade[] {
  return images.map((image) => {
    const p = tf.tidy(() => {
      const input = toModelInput(image, card).expandDims(0);
      return (model.predict(input) as tf.Tensor2D).arraySync()[0]!;
    });
    const best = p.indexOf(Math.max(...p));
    return { ripeness: card.labels[best]!, confidence: p[best]!, probabilities: p };
  });
}
