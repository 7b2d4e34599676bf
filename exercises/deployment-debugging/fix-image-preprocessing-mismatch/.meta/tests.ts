import { defineTests, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import { isTensorData } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import modelFile from '../data/ripeness-model.json';
import cropsFile from '../data/crops.json';

interface ImageCard {
  input: { height: number; width: number };
  mean: number[];
  std: number[];
  labels: string[];
}
interface RawImage {
  width: number;
  height: number;
  channels: 'RGB' | 'BGR' | 'RGBA';
  layout: 'HWC' | 'CHW';
  data: number[];
}
interface Grade {
  ripeness: string;
  confidence: number;
  probabilities: number[];
}
interface User {
  toModelInput(image: RawImage, card: ImageCard): tfjs.Tensor3D;
  gradeBananas(model: tfjs.LayersModel, card: ImageCard, images: RawImage[]): Grade[];
}
interface Weights {
  conv: { kernel: number[][][][]; bias: number[] };
  dense: { kernel: number[][]; bias: number[] };
}
interface Crop extends RawImage {
  id: string;
  source: string;
  truth: string;
}

const card: ImageCard = { input: { height: modelFile.input.height, width: modelFile.input.width }, mean: modelFile.mean, std: modelFile.std, labels: modelFile.labels };
const weights = modelFile.weights as Weights;
const crops = cropsFile as Crop[];
const SIZE = 8;
const CHANNEL_NAMES = ['red', 'green', 'blue'];

/** Decodes any source format to RGB pixels [y][x][c] in 0-255 (trusted host code). */
function decode(image: RawImage): number[][][] {
  const planes = image.channels === 'RGBA' ? 4 : 3;
  const order = image.channels === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const at = (y: number, x: number, c: number) => (image.layout === 'HWC' ? image.data[(y * image.width + x) * planes + c]! : image.data[c * image.height * image.width + y * image.width + x]!);
  return Array.from({ length: image.height }, (_, y) => Array.from({ length: image.width }, (_, x) => order.map((c) => at(y, x, c))));
}

/** What the model was trained on: RGB, HWC, pixel / 255, standardised per channel. */
function preprocess(image: RawImage): number[][][] {
  return decode(image).map((row) => row.map((p) => p.map((v, c) => (v / 255 - card.mean[c]!) / card.std[c]!)));
}

/** The conv net's forward pass in float64: conv 3x3 valid + relu, max pool 2x2, flatten, dense softmax. */
function forward(x: number[][][]): number[] {
  const { kernel, bias } = weights.conv;
  const filters = bias.length;
  const conv = Array.from({ length: SIZE - 2 }, (_, y) =>
    Array.from({ length: SIZE - 2 }, (_, xx) =>
      Array.from({ length: filters }, (_, f) => {
        let sum = bias[f]!;
        for (let dy = 0; dy < 3; dy += 1) for (let dx = 0; dx < 3; dx += 1) for (let c = 0; c < 3; c += 1) sum += x[y + dy]![xx + dx]![c]! * kernel[dy]![dx]![c]![f]!;
        return Math.max(0, sum);
      }),
    ),
  );
  const flat: number[] = [];
  for (let y = 0; y < (SIZE - 2) / 2; y += 1)
    for (let xx = 0; xx < (SIZE - 2) / 2; xx += 1)
      for (let f = 0; f < filters; f += 1) flat.push(Math.max(conv[2 * y]![2 * xx]![f]!, conv[2 * y]![2 * xx + 1]![f]!, conv[2 * y + 1]![2 * xx]![f]!, conv[2 * y + 1]![2 * xx + 1]![f]!));
  const z = weights.dense.bias.map((b, k) => b + flat.reduce((sum, v, i) => sum + v * weights.dense.kernel[i]![k]!, 0));
  const exps = z.map((v) => Math.exp(v - Math.max(...z)));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}

function reference(images: RawImage[]): Grade[] {
  return images.map((image) => {
    const p = forward(preprocess(image));
    const best = p.indexOf(Math.max(...p));
    return { ripeness: card.labels[best]!, confidence: p[best]!, probabilities: p };
  });
}

const plain = (image: RawImage): RawImage => ({ width: image.width, height: image.height, channels: image.channels, layout: image.layout, data: image.data });

/** Calls toModelInput once and returns the tensor it made (the harness reads and frees it). */
const convert = (user: User, input: { image: RawImage; card: ImageCard }) => user.toModelInput(input.image, input.card);

/** Builds the served conv net inside the sandbox (harness-owned) and grades one batch. */
const grade = (user: User, input: { images: RawImage[]; card: ImageCard; weights: Weights }, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [input.card.input.height, input.card.input.width, 3], filters: input.weights.conv.bias.length, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: input.weights.dense.bias.length, activation: 'softmax' }),
      ],
    }),
  );
  model.setWeights([h.tensor(input.weights.conv.kernel), h.tensor(input.weights.conv.bias), h.tensor(input.weights.dense.kernel), h.tensor(input.weights.dense.bias)]);
  return user.gradeBananas(model, input.card, input.images);
};

/** Calls both functions with a bad image; reports whether each threw and what it said. */
const refuse = (user: User, input: { image: RawImage; card: ImageCard; weights: Weights }, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [input.card.input.height, input.card.input.width, 3], filters: input.weights.conv.bias.length, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: input.weights.dense.bias.length, activation: 'softmax' }),
      ],
    }),
  );
  model.setWeights([h.tensor(input.weights.conv.kernel), h.tensor(input.weights.conv.bias), h.tensor(input.weights.dense.kernel), h.tensor(input.weights.dense.bias)]);
  const attempt = (call: () => unknown) => {
    try {
      const result = call() as { dispose?: () => void } | undefined;
      if (result && typeof result.dispose === 'function') result.dispose();
      return { threw: false, message: '' };
    } catch (error) {
      return { threw: true, message: error instanceof Error ? error.message : String(error) };
    }
  };
  return {
    convert: attempt(() => user.toModelInput(input.image, input.card)),
    grade: attempt(() => user.gradeBananas(model, input.card, [input.image])),
  };
};

/** Shape, dtype and each colour plane of a returned model input, against the training preprocessing. */
function checkModelInput(actual: Plain | unknown, image: RawImage, t: Checker, what: string): void {
  t.that(isTensorData(actual), `toModelInput should return a tf.Tensor3D (${what})`);
  const tensor = actual as unknown as { shape: number[]; dtype: string; values: number[][][] };
  t.shape(tensor, [SIZE, SIZE, 3], { what: `model input for ${what} ([height, width, channels])` });
  t.dtype(tensor, 'float32', { what: `model input for ${what}` });
  const largest = Math.max(...tensor.values.flat(2).map((v) => Math.abs(v)));
  t.that(largest < 50, `model input for ${what}: values far outside anything the model saw in training (pixels go from 0-255 to 0-1 before standardising)`, {
    visibleProperty: `model input for ${what}: values reach ${Math.round(largest)}, far outside anything the model saw in training (pixels go from 0-255 to 0-1 before standardising)`,
  });
  const expected = preprocess(image);
  for (let c = 0; c < 3; c += 1) {
    t.closeTo(
      tensor.values.map((row) => row.map((p) => p[c])),
      expected.map((row) => row.map((p) => p[c]!)),
      { what: `${CHANNEL_NAMES[c]} channel of the model input for ${what}` },
    );
  }
}

function field(actual: unknown, key: keyof Grade): unknown[] {
  return Array.isArray(actual) ? actual.map((g: unknown) => (g !== null && typeof g === 'object' ? (g as Record<string, unknown>)[key] : undefined)) : [];
}

function checkGrades(actual: Plain | unknown, images: RawImage[], t: Checker, what: string): void {
  const expected = reference(images);
  t.that(Array.isArray(actual) && actual.length === expected.length, `grades for ${what} should be an array with one grade per image`);
  t.equal(field(actual, 'ripeness'), expected.map((g) => g.ripeness), { what: `ripeness for ${what}` });
  t.closeTo(field(actual, 'probabilities'), expected.map((g) => g.probabilities), { what: `probabilities for ${what}` });
  t.closeTo(field(actual, 'confidence'), expected.map((g) => g.confidence), { what: `confidence for ${what}` });
}

function checkRefused(outcome: unknown, t: Checker, what: string, mustSay: string): void {
  const o = (outcome ?? {}) as { threw?: boolean; message?: string };
  t.that(o.threw === true, `${what} should throw an Error`);
  t.that(typeof o.message === 'string' && o.message.includes(mustSay), `the error for ${what} should say "${mustSay}"`, {
    expected: `a message containing "${mustSay}"`,
    actual: JSON.stringify(o.message),
  });
}

/** Re-encodes RGB pixels [y][x][c] in any source format (trusted host code). */
function encode(pixels: number[][][], channels: RawImage['channels'], layout: RawImage['layout']): RawImage {
  const order = channels === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const planes = channels === 'RGBA' ? 4 : 3;
  const value = (y: number, x: number, c: number) => (c === 3 ? 255 : pixels[y]![x]![order[c]!]!);
  const data: number[] = [];
  if (layout === 'HWC') for (let y = 0; y < SIZE; y += 1) for (let x = 0; x < SIZE; x += 1) for (let c = 0; c < planes; c += 1) data.push(value(y, x, c));
  else for (let c = 0; c < planes; c += 1) for (let y = 0; y < SIZE; y += 1) for (let x = 0; x < SIZE; x += 1) data.push(value(y, x, c));
  return { width: SIZE, height: SIZE, channels, layout, data };
}

const fromSource = (source: string) => plain(crops.find((c) => c.source === source)!);
const cameraA = fromSource('camera-a');
const webUpload = fromSource('web-upload');
const legacy = fromSource('legacy-export');
const nine = crops.map(plain);
/** One ripe banana from the line, encoded in every format a source could use. */
const ripe = decode(crops.find((c) => c.truth === 'ripe' && c.source === 'camera-a')!);
const everyFormat = (['RGB', 'BGR', 'RGBA'] as const).flatMap((channels) => (['HWC', 'CHW'] as const).map((layout) => encode(ripe, channels, layout)));
const white = encode(Array.from({ length: SIZE }, () => Array.from({ length: SIZE }, () => [255, 255, 255])), 'RGB', 'HWC');
const black = encode(Array.from({ length: SIZE }, () => Array.from({ length: SIZE }, () => [0, 0, 0])), 'RGB', 'HWC');
const big: RawImage = { width: 16, height: 16, channels: 'RGB', layout: 'HWC', data: Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 37) % 256) };
const truncated: RawImage = { ...cameraA, data: cameraA.data.slice(0, cameraA.data.length - 1) };

export default defineTests<User>()([
  testCase({
    id: 'converts-camera-a-bgr-frames',
    name: 'turns a BGR, HWC frame from camera A into the RGB float input the model was trained on',
    visible: true,
    input: { image: cameraA, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, cameraA, t, "camera A's BGR frame"),
  }),
  testCase({
    id: 'converts-web-uploads-rgba',
    name: 'turns an RGBA upload from the web tool into the model input, dropping alpha',
    visible: true,
    input: { image: webUpload, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, webUpload, t, "the web tool's RGBA upload"),
  }),
  testCase({
    id: 'converts-legacy-chw-exports',
    name: 'turns a planar CHW export from the legacy pipeline into the HWC model input',
    visible: true,
    input: { image: legacy, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, legacy, t, "the legacy pipeline's CHW export"),
  }),
  testCase({
    id: 'grades-a-day-of-crops',
    name: 'grades nine thumbnails from the three sources as the trained model does',
    visible: true,
    input: { images: nine, card, weights },
    run: grade,
    check: (actual, t) => checkGrades(actual, nine, t, 'the nine crops in data/crops.json'),
  }),
  testCase({
    id: 'returns-nothing-for-no-images',
    name: 'returns an empty list for an empty batch',
    visible: false,
    input: { images: [] as RawImage[], card, weights },
    run: grade,
    check: (actual, t) => t.equal(actual, [], { what: 'grades for an empty batch' }),
  }),
  testCase({
    id: 'same-banana-in-every-format',
    name: 'gives one banana the same grade in all six channel orders and layouts',
    visible: false,
    input: { images: everyFormat, card, weights },
    run: grade,
    check: (actual, t) => checkGrades(actual, everyFormat, t, 'one banana in RGB, BGR and RGBA, each as HWC and CHW'),
  }),
  testCase({
    id: 'bgr-chw-input',
    name: 'converts a BGR image stored as CHW planes (both conversions at once)',
    visible: false,
    input: { image: everyFormat[3]!, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, everyFormat[3]!, t, 'a BGR image in CHW layout'),
  }),
  testCase({
    id: 'scales-the-extremes',
    name: 'maps an all-white and an all-black image to (1 - mean) / std and (0 - mean) / std, as float32',
    visible: false,
    input: { white, black, card },
    run: (user: User, input: { white: RawImage; black: RawImage; card: ImageCard }) => [user.toModelInput(input.white, input.card), user.toModelInput(input.black, input.card)],
    check: (actual, t) => {
      const [w, b] = Array.isArray(actual) ? actual : [];
      checkModelInput(w, white, t, 'an all-white image');
      checkModelInput(b, black, t, 'an all-black image');
    },
  }),
  testCase({
    id: 'rejects-the-wrong-size',
    name: 'throws a clear error for a 16x16 image instead of cropping or reshaping it',
    visible: false,
    input: { image: big, card, weights },
    run: refuse,
    check: (actual, t) => {
      const out = (actual ?? {}) as { convert?: Plain; grade?: Plain };
      checkRefused(out.convert, t, 'toModelInput with a 16x16 image', 'expected 8x8');
      checkRefused(out.grade, t, 'gradeBananas with a 16x16 image', 'expected 8x8');
    },
  }),
  testCase({
    id: 'rejects-truncated-data',
    name: 'throws a clear error when the data does not hold width x height x channels values',
    visible: false,
    input: { image: truncated, card, weights },
    run: refuse,
    check: (actual, t) => {
      const out = (actual ?? {}) as { convert?: Plain; grade?: Plain };
      checkRefused(out.convert, t, 'toModelInput with a frame one value short', 'expected 192 values');
      checkRefused(out.grade, t, 'gradeBananas with a frame one value short', 'expected 192 values');
    },
  }),
  testCase({
    id: 'grades-many-batches-without-leaking',
    name: 'grades 30 batches in a row with no tensors left behind',
    visible: false,
    input: { images: nine, card, weights },
    run: (user: User, input: { images: RawImage[]; card: ImageCard; weights: Weights }, h: HarnessHelpers) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: [
            tf.layers.conv2d({ inputShape: [input.card.input.height, input.card.input.width, 3], filters: input.weights.conv.bias.length, kernelSize: 3, activation: 'relu' }),
            tf.layers.maxPooling2d({ poolSize: 2 }),
            tf.layers.flatten(),
            tf.layers.dense({ units: input.weights.dense.bias.length, activation: 'softmax' }),
          ],
        }),
      );
      model.setWeights([h.tensor(input.weights.conv.kernel), h.tensor(input.weights.conv.bias), h.tensor(input.weights.dense.kernel), h.tensor(input.weights.dense.bias)]);
      let last: Grade[] = [];
      for (let n = 0; n < 30; n += 1) last = user.gradeBananas(model, input.card, input.images.slice(n % 9, (n % 9) + 3));
      return last;
    },
    check: (actual, t) => checkGrades(actual, nine.slice(2, 5), t, 'the 30th batch'),
  }),
]);
