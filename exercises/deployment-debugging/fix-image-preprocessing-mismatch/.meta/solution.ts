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

/** Where R, G and B sit among each source's channels (alpha, if any, is dropped). */
const RGB_POSITIONS: Record<RawImage['channels'], { planes: number; rgb: number[] }> = {
  RGB: { planes: 3, rgb: [0, 1, 2] },
  BGR: { planes: 3, rgb: [2, 1, 0] },
  RGBA: { planes: 4, rgb: [0, 1, 2] },
};

function checkImage(image: RawImage, card: ImageCard): { planes: number; rgb: number[] } {
  const { height, width } = card.input;
  if (image.height !== height || image.width !== width) {
    throw new Error(`image is ${image.width}x${image.height}, expected ${width}x${height}`);
  }
  const format = RGB_POSITIONS[image.channels];
  const expected = height * width * format.planes;
  if (image.data.length !== expected) {
    throw new Error(`image has ${image.data.length} values, expected ${expected} values for ${width}x${height} ${image.channels}`);
  }
  return format;
}

/** The model's input for one image: [height, width, 3], float32, RGB, scaled and standardised. */
export function toModelInput(image: RawImage, card: ImageCard): tf.Tensor3D {
  const { planes, rgb } = checkImage(image, card);
  const { height, width } = card.input;
  return tf.tidy(() => {
    // Float32 from the start, so dividing by 255 is real division.
    const raw = tf.tensor(image.data, image.layout === 'HWC' ? [height, width, planes] : [planes, height, width], 'float32');
    // CHW stores whole colour planes one after another: move the channel axis last. A reshape
    // would keep the memory order and scramble the pixels.
    const hwc = image.layout === 'CHW' ? raw.transpose([1, 2, 0]) : raw;
    // Pick R, G, B in the order the model was trained on; alpha is left out.
    const pixels = tf.gather(hwc, rgb, 2);
    return pixels.div(255).sub(tf.tensor1d(card.mean)).div(tf.tensor1d(card.std)) as tf.Tensor3D;
  });
}

export function gradeBananas(model: tf.LayersModel, card: ImageCard, images: RawImage[]): Grade[] {
  if (images.length === 0) return [];
  images.forEach((image) => checkImage(image, card));
  const probabilities = tf.tidy(() => {
    const batch = tf.stack(images.map((image) => toModelInput(image, card)));
    return (model.predict(batch) as tf.Tensor2D).arraySync();
  });
  return probabilities.map((p) => {
    let best = 0;
    for (let k = 1; k < p.length; k += 1) if (p[k]! > p[best]!) best = k;
    return { ripeness: card.labels[best]!, confidence: p[best]!, probabilities: p };
  });
}
