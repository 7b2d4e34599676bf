import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
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

// ---- Generated cases ----

/** A number with two decimals in [min, max]. */
const decimal = (min: number, max: number) => fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((n) => n / 100);
const vector = <T>(length: number, value: fc.Arbitrary<T>) => fc.array(value, { minLength: length, maxLength: length });
const pixel = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 255 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 255) });
const FORMATS = (['RGB', 'BGR', 'RGBA'] as const).flatMap((channels) => (['HWC', 'CHW'] as const).map((layout) => ({ channels, layout })));
const NAMES = ['unripe', 'ripe', 'overripe', 'green', 'yellow', 'brown'];
const planesOf = (channels: RawImage['channels']) => (channels === 'RGBA' ? 4 : 3);

/** Cards of any size from 1x1 to 6x6 (often not square), other training statistics and 2 to 4 labels. */
const generatedCard: fc.Arbitrary<ImageCard> = fc.record({
  input: fc.record({ height: fc.integer({ min: 1, max: 6 }), width: fc.integer({ min: 1, max: 6 }) }),
  mean: vector(3, decimal(0.1, 0.9)),
  std: vector(3, decimal(0.05, 0.5)),
  labels: fc.integer({ min: 2, max: 4 }).chain((n) => fc.shuffledSubarray(NAMES, { minLength: n, maxLength: n })),
});

/** An image of the card's size in any format, or one that is refused: the wrong size (its data fits its own size), or the wrong amount of data. */
const imageFor = (card: ImageCard, refusable: boolean): fc.Arbitrary<RawImage> => {
  const { height, width } = card.input;
  const good = fc.constantFrom(...FORMATS).chain(({ channels, layout }) =>
    vector(height * width * planesOf(channels), pixel).map((data): RawImage => ({ width, height, channels, layout, data })),
  );
  if (!refusable) return good;
  const wrongSize = fc
    .record({ format: fc.constantFrom(...FORMATS), size: fc.constantFrom({ width: height, height: width }, { width: width + 1, height }, { width, height: height + 1 }) })
    .filter(({ size }) => size.width !== width || size.height !== height)
    .chain(({ format, size }) => vector(size.height * size.width * planesOf(format.channels), pixel).map((data): RawImage => ({ ...size, ...format, data })));
  const wrongData = fc
    .record({ format: fc.constantFrom(...FORMATS), length: fc.constantFrom(-1, 1, 'other-planes' as const) })
    .chain(({ format, length }) => {
      const right = height * width * planesOf(format.channels);
      const n = length === 'other-planes' ? height * width * (format.channels === 'RGBA' ? 3 : 4) : right + length;
      return vector(n, pixel).map((data): RawImage => ({ width, height, ...format, data }));
    });
  return fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: wrongSize }, { weight: 1, arbitrary: wrongData });
};

interface Conversion {
  card: ImageCard;
  image: RawImage;
}
const generatedConversion: fc.Arbitrary<Conversion> = generatedCard.chain((c) => imageFor(c, true).map((image) => ({ card: c, image })));

/** Converts one image; a refusal is reported by the rule its message follows. */
const convertOrRefuse = (user: User, input: Conversion) => {
  try {
    return { input: user.toModelInput(input.image, input.card) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { width, height } = input.card.input;
    const values = height * width * (input.image.channels === 'RGBA' ? 4 : 3);
    return { refused: message.includes(`expected ${width}x${height}`) ? 'wrong size' : message.includes(`expected ${values} values`) ? 'wrong amount of data' : 'something else' };
  }
};

/** A dense softmax model over the flattened [height, width, 3] input. */
interface DenseModel {
  kernel: number[][];
  bias: number[];
}
interface GradingRun {
  card: ImageCard;
  model: DenseModel;
  images: RawImage[];
}

/** Host-side: each image's logits in float64 and a bound on their float32 rounding error. */
function logitsOf(run: GradingRun, image: RawImage): { logits: number[]; scale: number } {
  const x = decode(image).flat(1).flatMap((p) => p.map((v, c) => (v / 255 - run.card.mean[c]!) / run.card.std[c]!));
  const logits = run.model.bias.map((b, k) => b + x.reduce((sum, v, i) => sum + v * run.model.kernel[i]![k]!, 0));
  const scale = Math.max(...run.model.bias.map((b, k) => Math.abs(b) + x.reduce((sum, v, i) => sum + Math.abs(v * run.model.kernel[i]![k]!), 0)));
  return { logits, scale };
}

/** No image's best label is a near-tie that float32 rounding could flip (exact ties are fine). */
const clearWinners = (run: GradingRun) =>
  run.images.every((image) => {
    if (image.width !== run.card.input.width || image.height !== run.card.input.height || image.data.length !== image.width * image.height * planesOf(image.channels)) return true;
    const { logits, scale } = logitsOf(run, image);
    const sorted = [...logits].sort((a, b) => b - a);
    const gap = sorted[0]! - sorted[1]!;
    return gap === 0 || gap > 1e-4 * (1 + scale);
  });

/** 0 to 4 images in any mix of formats, now and then one refused; sometimes a model whose top two labels tie exactly. */
const generatedRun: fc.Arbitrary<GradingRun> = generatedCard
  .chain((c) => {
    const inputs = c.input.height * c.input.width * 3;
    const labels = c.labels.length;
    const model = fc
      .record({ kernel: vector(inputs, vector(labels, decimal(-0.5, 0.5))), bias: vector(labels, decimal(-1, 1)), tied: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), pair: fc.uniqueArray(fc.integer({ min: 0, max: labels - 1 }), { minLength: 2, maxLength: 2 }) })
      .map(({ kernel, bias, tied, pair }): DenseModel => {
        if (!tied) return { kernel, bias };
        const top = Math.max(...bias) + 0.5;
        return { kernel: kernel.map((row) => row.map(() => 0)), bias: bias.map((b, k) => (pair.includes(k) ? top : b)) };
      });
    const images = fc.oneof(
      { weight: 3, arbitrary: fc.array(imageFor(c, false), { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.tuple(fc.array(imageFor(c, false), { maxLength: 3 }), imageFor(c, true), fc.nat()).map(([ok, bad, at]) => [...ok.slice(0, at % (ok.length + 1)), bad, ...ok.slice(at % (ok.length + 1))]) },
    );
    return fc.record({ card: fc.constant(c), model, images });
  })
  .filter(clearWinners);

/** Builds the dense model inside the sandbox (harness-owned), grades the batch twice; a refusal is reported by the rule its message follows. */
const gradeOrRefuse = (user: User, input: GradingRun, h: HarnessHelpers) => {
  const tf = h.tf;
  const { height, width } = input.card.input;
  const model = h.own(
    tf.sequential({ layers: [tf.layers.flatten({ inputShape: [height, width, 3] }), tf.layers.dense({ units: input.model.bias.length, activation: 'softmax' })] }),
  );
  model.setWeights([h.tensor(input.model.kernel), h.tensor(input.model.bias)]);
  const attempt = () => {
    try {
      const grades = user.gradeBananas(model, input.card, input.images);
      return {
        grades: Array.isArray(grades)
          ? grades.map((g) => ({ ripeness: g.ripeness, confidence: g.confidence, probabilities: Array.isArray(g.probabilities) ? g.probabilities : 'not a plain number[]' }))
          : 'not an array',
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const sizes = input.images.filter((im) => im.width === width && im.height === height).map((im) => height * width * (im.channels === 'RGBA' ? 4 : 3));
      const says = message.includes(`expected ${width}x${height}`) ? 'wrong size' : sizes.some((n) => message.includes(`expected ${n} values`)) ? 'wrong amount of data' : 'something else';
      return { refused: says };
    }
  };
  return { first: attempt(), again: attempt() };
};

export default defineTests<User>()([
  testCase({
    id: 'converts-camera-a-bgr-frames',
    name: 'turns a BGR, HWC frame from camera A into the RGB float input the model was trained on',
    visible: true,
    rules: ['rgb-order', 'scaled-and-standardised', 'model-input-shape'],
    input: { image: cameraA, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, cameraA, t, "camera A's BGR frame"),
  }),
  testCase({
    id: 'converts-web-uploads-rgba',
    name: 'turns an RGBA upload from the web tool into the model input, dropping alpha',
    visible: true,
    rules: ['rgb-order', 'scaled-and-standardised'],
    input: { image: webUpload, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, webUpload, t, "the web tool's RGBA upload"),
  }),
  testCase({
    id: 'converts-legacy-chw-exports',
    name: 'turns a planar CHW export from the legacy pipeline into the HWC model input',
    visible: true,
    rules: ['hwc-layout', 'scaled-and-standardised'],
    input: { image: legacy, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, legacy, t, "the legacy pipeline's CHW export"),
  }),
  testCase({
    id: 'grades-a-day-of-crops',
    name: 'grades nine thumbnails from the three sources as the trained model does',
    visible: true,
    rules: ['one-grade-per-image'],
    input: { images: nine, card, weights },
    run: grade,
    check: (actual, t) => checkGrades(actual, nine, t, 'the nine crops in data/crops.json'),
  }),
  testCase({
    id: 'returns-nothing-for-no-images',
    name: 'returns an empty list for an empty batch',
    visible: false,
    rules: ['empty-batch'],
    input: { images: [] as RawImage[], card, weights },
    run: grade,
    check: (actual, t) => t.equal(actual, [], { what: 'grades for an empty batch' }),
  }),
  testCase({
    id: 'same-banana-in-every-format',
    name: 'gives one banana the same grade in all six channel orders and layouts',
    visible: false,
    rules: ['one-grade-per-image', 'rgb-order', 'hwc-layout'],
    input: { images: everyFormat, card, weights },
    run: grade,
    check: (actual, t) => checkGrades(actual, everyFormat, t, 'one banana in RGB, BGR and RGBA, each as HWC and CHW'),
  }),
  testCase({
    id: 'bgr-chw-input',
    name: 'converts a BGR image stored as CHW planes (both conversions at once)',
    visible: false,
    rules: ['rgb-order', 'hwc-layout'],
    input: { image: everyFormat[3]!, card },
    run: convert,
    check: (actual, t) => checkModelInput(actual, everyFormat[3]!, t, 'a BGR image in CHW layout'),
  }),
  testCase({
    id: 'scales-the-extremes',
    name: 'maps an all-white and an all-black image to (1 - mean) / std and (0 - mean) / std, as float32',
    visible: false,
    rules: ['scaled-and-standardised', 'model-input-shape'],
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
    rules: ['wrong-size'],
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
    rules: ['wrong-amount-of-data'],
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
    rules: ['no-leaks', 'one-grade-per-image'],
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
  generatedCases({
    id: 'converts-generated-images-like-the-reference',
    name: 'toModelInput matches the reference for generated cards and images (any size, not always square, every channel order and layout, black and white pixels, wrong sizes, wrong amounts of data)',
    rules: ['model-input-shape', 'rgb-order', 'hwc-layout', 'scaled-and-standardised', 'wrong-size', 'wrong-amount-of-data', 'uses-card', 'no-leaks'],
    input: generatedConversion,
    examples: [
      { card: { ...card, input: { height: 1, width: 1 } }, image: { width: 1, height: 1, channels: 'BGR', layout: 'CHW', data: [0, 128, 255] } },
      { card: { ...card, input: { height: 2, width: 3 } }, image: { width: 2, height: 3, channels: 'RGB', layout: 'HWC', data: Array.from({ length: 18 }, (_, i) => i * 14) } },
    ],
    count: 38,
    perCase: 5,
    run: convertOrRefuse,
    what: 'model input',
  }),
  generatedCases({
    id: 'grades-generated-batches-like-the-reference',
    name: 'gradeBananas matches the reference for generated cards, models and batches (any size, any mix of formats, ties, empty batches, a refused image anywhere in the batch), twice on the same model',
    rules: ['one-grade-per-image', 'empty-batch', 'no-leaks', 'wrong-size', 'wrong-amount-of-data', 'uses-card'],
    input: generatedRun,
    count: 24,
    perCase: 4,
    run: gradeOrRefuse,
    what: 'grades',
  }),
]);
