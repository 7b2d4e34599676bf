import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import { drawGlyphSet } from '@/lib/zoo/glyphs';
import { readZooModel } from '@/lib/zoo/read-zoo';
import train from '../data/train.json';

interface LabelledGlyphs {
  images: number[][];
  labels: number[];
}
interface User {
  withNewHead(base: tfjs.LayersModel, classes: number): tfjs.Sequential;
  unfreezeTop(base: tfjs.LayersModel, count: number): void;
  fineTune(base: tfjs.LayersModel, train: LabelledGlyphs, classes: number): Promise<tfjs.LayersModel>;
}
interface StructureInput {
  artifacts: ModelArtifactsData;
  classes: number;
  count: number;
  frozenAsAWhole: boolean;
}
interface FineTuneInput {
  artifacts: ModelArtifactsData;
  train: LabelledGlyphs;
  test: LabelledGlyphs;
  classes: number;
}
interface FineTuneOutcome {
  /** null when the returned model has no layer of that name. */
  convChange: number | null;
  embeddingChange: number | null;
  outputShape: (number | null)[];
  predicted: number[];
}

const artifacts = readZooModel('glyphs-embedder');
const newGlyphs = { images: train.images, labels: train.labels };
const newGlyphsTest = drawGlyphSet(train.classes, 40, 707);
const twoGlyphs = drawGlyphSet(['tee', 'hourglass'], 6, 616);
const twoGlyphsTest = drawGlyphSet(['tee', 'hourglass'], 40, 717);

/**
 * Builds the base from the zoo, calls withNewHead (and unfreezeTop), and reports which weights the
 * model would train, measured on the harness's verified copy of it (which carries the original's
 * trainable flags, container and layer level).
 */
const structureDriver = async (user: User, input: StructureInput, h: HarnessHelpers) => {
  const base = await h.loadModel(input.artifacts);
  if (input.frozenAsAWhole) base.trainable = false;
  const returned = user.withNewHead(base, input.classes);
  if (input.count >= 0) user.unfreezeTop(base, input.count);
  const model = await h.model(returned);
  const probe = h.tensor(new Array(2 * 256).fill(0.5), [2, 16, 16, 1]);
  const out = h.tf.tidy(() => (model.predict(probe) as tfjs.Tensor).arraySync() as number[][]);
  return {
    trainable: model.trainableWeights.map((w) => w.shape),
    rowSums: out.map((row) => row.reduce((a, b) => a + b, 0)),
    outputShape: model.outputs[0]!.shape,
  };
};

/**
 * Runs the whole recipe, then measures, on the harness's verified copy of the returned model, how
 * far each part of the pretrained base moved and the held-out predictions.
 */
const fineTuneDriver = async (user: User, input: FineTuneInput, h: HarnessHelpers) => {
  const tf = h.tf;
  /** The weights of each named layer, found at any depth (the base sits inside the returned model); null when one is missing. */
  const weightsOf = (model: tfjs.LayersModel, names: string[]): number[][] | null => {
    const find = (container: tfjs.LayersModel, name: string): tfjs.layers.Layer | undefined => {
      for (const layer of container.layers) {
        if (layer.name === name) return layer;
        const inner = 'layers' in layer ? find(layer as tfjs.LayersModel, name) : undefined;
        if (inner) return inner;
      }
      return undefined;
    };
    const layers = names.map((name) => find(model, name));
    if (layers.some((layer) => layer === undefined)) return null;
    return layers.map((layer) => layer!.getWeights().map((w) => Array.from(w.dataSync())).flat());
  };
  const change = (before: number[][], after: number[][] | null) => {
    if (after === null) return null;
    let moved = 0;
    let size = 0;
    before.forEach((w, i) => w.forEach((v, j) => {
      moved += (after[i]![j]! - v) ** 2;
      size += v * v;
    }));
    return Math.sqrt(moved) / Math.sqrt(size);
  };
  const base = await h.loadModel(input.artifacts);
  // Read before the base is handed over: until then only the harness has held it.
  const convBefore = weightsOf(base, ['conv_1', 'conv_2'])!;
  const embeddingBefore = weightsOf(base, ['embedding'])!;
  const returned = await user.fineTune(base, input.train, input.classes);
  const model = await h.model(returned);
  // The optimizer the model was last compiled with is the grader's to free (the model itself is freed by the harness); nothing is read from it.
  (returned.optimizer as unknown as { dispose(): void } | undefined)?.dispose();
  const x = h.tensor(input.test.images.flat(), [input.test.images.length, 16, 16, 1]);
  const predicted = tf.tidy(() => (model.predict(x) as tfjs.Tensor).argMax(-1).arraySync() as number[]);
  return {
    convChange: change(convBefore, weightsOf(model, ['conv_1', 'conv_2'])),
    embeddingChange: change(embeddingBefore, weightsOf(model, ['embedding'])),
    outputShape: model.outputs[0]!.shape,
    predicted,
  };
};

const fmt = (n: number) => String(Number(n.toPrecision(4)));
/**
 * The least relative change of `embedding` that counts as fine-tuned. The recipe (12 epochs at
 * 0.001) moves it by 0.046 to 0.062 on these tasks; a rate 1000x too low moves it by 0.0001.
 */
const MIN_FINE_TUNE_CHANGE = 0.01;
const shapesOf = (actual: Plain) => ((actual as { trainable?: number[][] }).trainable ?? []).map((s) => `[${s.join(', ')}]`).sort();

function checkTrainable(actual: Plain, expected: number[][], t: Checker, what: string): void {
  const want = expected.map((s) => `[${s.join(', ')}]`).sort();
  t.equal(shapesOf(actual), want, { what });
}

function checkFineTuned(actual: Plain, test: LabelledGlyphs, classes: number, t: Checker, where: string): void {
  const a = actual as unknown as FineTuneOutcome;
  t.equal(a.outputShape, [null, classes], { what: `output shape of the fine-tuned model (${where})` });
  t.that(a.convChange !== null && a.embeddingChange !== null, `the returned model does not contain the pretrained base's layers (conv_1, conv_2, embedding): return the base with the new head on top (${where})`);
  if (a.convChange === null || a.embeddingChange === null) return;
  t.that(a.convChange === 0, `the pretrained convolution layers (conv_1, conv_2) changed: they must stay frozen in both phases (${where})`, {
    expected: 'relative change 0',
    actual: `relative change ${fmt(a.convChange)}`,
  });
  t.that(a.embeddingChange > 0, `the top layer of the base (embedding) was never fine-tuned: unfreeze it and compile again before phase 2 (${where})`, {
    expected: 'a small relative change (about 0.05 to 0.1)',
    actual: 'relative change 0',
  });
  t.atLeast(a.embeddingChange, MIN_FINE_TUNE_CHANGE, {
    what: `relative change of the pretrained top layer (embedding): it barely moved during fine-tuning; phase 2 must train it for 12 epochs at learning rate 0.001 (${where})`,
  });
  t.atMost(a.embeddingChange, 0.25, { what: `relative change of the pretrained top layer during fine-tuning; a large change means too high a learning rate in phase 2 (${where})` });
  const correct = a.predicted.filter((p, i) => p === test.labels[i]).length / test.labels.length;
  t.atLeast(correct, 0.8, { what: `accuracy on held-out examples of the new glyphs (${where})` });
}


// ---- Generated cases ----

interface GeneratedStructure {
  artifacts: ModelArtifactsData;
  classes: number;
  counts: number[];
  frozenAsAWhole: boolean;
}
/** 2 to 10 classes; zero to three unfreezeTop calls in a row with counts 0 to 5; a base frozen as a whole or not. */
const generatedStructure: fc.Arbitrary<GeneratedStructure> = fc
  .record({
    classes: fc.integer({ min: 2, max: 10 }),
    counts: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
    frozenAsAWhole: fc.boolean(),
  })
  .map((c) => ({ artifacts, ...c }));

/** Builds the base, calls withNewHead and each unfreezeTop in turn, and reports the trainable weights after each step and the head's output. */
const structureSequenceDriver = async (user: User, input: GeneratedStructure, h: HarnessHelpers) => {
  const base = await h.loadModel(input.artifacts);
  if (input.frozenAsAWhole) base.trainable = false;
  const returned = user.withNewHead(base, input.classes);
  const steps: unknown[][] = [(await h.model(returned)).trainableWeights.map((w) => w.shape)];
  for (const count of input.counts) {
    user.unfreezeTop(base, count);
    steps.push((await h.model(returned)).trainableWeights.map((w) => w.shape));
  }
  const model = await h.model(returned);
  const probe = h.tensor(new Array(3 * 256).fill(0).map((_, i) => (i % 7) / 6), [3, 16, 16, 1]);
  const out = h.tf.tidy(() => (model.predict(probe) as tfjs.Tensor).arraySync() as number[][]);
  const head = model.layers[model.layers.length - 1]!;
  return {
    steps,
    outputShape: model.outputs[0]!.shape,
    rowSums: out.map((row) => row.reduce((a, b) => a + b, 0)),
    headName: head.name,
    headKernel: Array.from(head.getWeights()[0]?.dataSync() ?? []),
  };
};

export default defineTests<User>()([
  testCase({
    id: 'freezes-the-base-under-a-new-head',
    name: 'withNewHead freezes every base layer and trains only a new 3-way softmax head',
    visible: true,
    rules: ['new-head', 'base-frozen'],
    input: { artifacts, classes: 3, count: -1, frozenAsAWhole: false },
    run: structureDriver,
    check: (actual, t) => {
      checkTrainable(actual, [[32, 3], [3]], t, 'shapes of the trainable weights after withNewHead (only the new head, kernel [32, 3] and bias [3]: the base must stay frozen)');
      t.equal((actual as { outputShape?: unknown }).outputShape, [null, 3], { what: 'output shape of the model with the new head' });
      t.closeTo((actual as { rowSums?: unknown }).rowSums, [1, 1], { what: 'each output row sums to 1 (softmax head)', tolerance: 1e-5 });
    },
  }),
  testCase({
    id: 'unfreezes-only-the-top-layer',
    name: 'unfreezeTop(base, 1) makes the base’s top layer trainable again and keeps the convolutions frozen',
    visible: true,
    rules: ['unfreeze-top-count'],
    input: { artifacts, classes: 3, count: 1, frozenAsAWhole: false },
    run: structureDriver,
    check: (actual, t) => checkTrainable(actual, [[256, 32], [32], [32, 3], [3]], t, 'shapes of the trainable weights after unfreezeTop(base, 1) (the top layer’s and the head’s)'),
  }),
  testCase({
    id: 'fine-tunes-three-new-glyphs',
    name: 'fine-tunes the zoo embedder for diamond, tee and hourglass from 8 examples each, convolutions untouched',
    visible: true,
    rules: ['convolutions-unchanged', 'embedding-fine-tuned', 'classifies-new-glyphs', 'no-leaks'],
    timeoutMs: 10_000,
    input: { artifacts, train: newGlyphs, test: newGlyphsTest, classes: 3 },
    run: fineTuneDriver,
    check: (actual, t) => checkFineTuned(actual, newGlyphsTest, 3, t, '3 new glyphs, 8 examples each'),
  }),
  testCase({
    id: 'sizes-the-head-for-the-task',
    name: 'withNewHead builds a head with as many outputs as classes (5)',
    visible: true,
    rules: ['new-head'],
    input: { artifacts, classes: 5, count: -1, frozenAsAWhole: false },
    run: structureDriver,
    check: (actual, t) => {
      t.equal((actual as { outputShape?: unknown }).outputShape, [null, 5], { what: 'output shape of the model with a 5-way head' });
      checkTrainable(actual, [[32, 5], [5]], t, 'shapes of the trainable weights after withNewHead with 5 classes');
    },
  }),
  testCase({
    id: 'unfreezes-a-base-frozen-as-a-whole',
    name: 'unfreezeTop works on a base that was frozen as a whole (base.trainable = false) before it was handed over',
    visible: false,
    rules: ['frozen-container', 'unfreeze-top-count'],
    input: { artifacts, classes: 3, count: 1, frozenAsAWhole: true },
    run: structureDriver,
    check: (actual, t) =>
      checkTrainable(actual, [[256, 32], [32], [32, 3], [3]], t, 'shapes of the trainable weights after unfreezeTop on a base frozen as a whole (a frozen container hides its layers: thaw it, then freeze the others)'),
  }),
  testCase({
    id: 'unfreezes-the-top-two',
    name: 'unfreezeTop(base, 2) unfreezes the second convolution and the top layer, not the first convolution',
    visible: false,
    rules: ['unfreeze-top-count'],
    input: { artifacts, classes: 3, count: 2, frozenAsAWhole: false },
    run: structureDriver,
    check: (actual, t) => checkTrainable(actual, [[3, 3, 8, 16], [16], [256, 32], [32], [32, 3], [3]], t, 'shapes of the trainable weights after unfreezing more than the top layer'),
  }),
  testCase({
    id: 'unfreezes-nothing-or-everything',
    name: 'unfreezeTop(base, 0) leaves only the head trainable; a count past the number of layers unfreezes them all',
    visible: false,
    rules: ['unfreeze-top-count', 'base-frozen'],
    input: { none: { artifacts, classes: 3, count: 0, frozenAsAWhole: false }, all: { artifacts, classes: 3, count: 9, frozenAsAWhole: false } },
    run: async (user: User, input: { none: StructureInput; all: StructureInput }, h) => {
      const shapes = async (i: StructureInput) => {
        const base = await h.loadModel(i.artifacts);
        const returned = user.withNewHead(base, i.classes);
        user.unfreezeTop(base, i.count);
        return (await h.model(returned)).trainableWeights.map((w) => w.shape);
      };
      return { none: await shapes(input.none), all: await shapes(input.all) };
    },
    check: (actual, t) => {
      const a = actual as { none?: Plain; all?: Plain };
      checkTrainable({ trainable: a.none ?? [] } as unknown as Plain, [[32, 3], [3]], t, 'shapes of the trainable weights after unfreezing no layer');
      checkTrainable({ trainable: a.all ?? [] } as unknown as Plain, [[3, 3, 1, 8], [8], [3, 3, 8, 16], [16], [256, 32], [32], [32, 3], [3]], t, 'shapes of the trainable weights after unfreezing more layers than the base has');
    },
  }),
  testCase({
    id: 'fine-tunes-two-new-glyphs',
    name: 'fine-tunes a 2-way head (tee vs hourglass) from 6 examples each without touching the convolutions',
    visible: false,
    rules: ['convolutions-unchanged', 'embedding-fine-tuned', 'classifies-new-glyphs', 'no-leaks', 'new-head'],
    timeoutMs: 10_000,
    input: { artifacts, train: twoGlyphs, test: twoGlyphsTest, classes: 2 },
    run: fineTuneDriver,
    check: (actual, t) => checkFineTuned(actual, twoGlyphsTest, 2, t, 'another task'),
  }),
  generatedCases({
    id: 'freezes-and-unfreezes-like-the-reference',
    name: 'the trainable weights after withNewHead and after each unfreezeTop call, and the head’s output, match the reference (2 to 10 classes, counts 0 to 5 in any sequence, a base frozen as a whole or not)',
    rules: ['new-head', 'base-frozen', 'unfreeze-top-count', 'frozen-container'],
    input: generatedStructure,
    examples: [
      { artifacts, classes: 2, counts: [3, 4, 0], frozenAsAWhole: true },
      { artifacts, classes: 10, counts: [2, 1], frozenAsAWhole: false },
    ],
    count: 22,
    // Eight inputs to a case: one fresh context (and one cold start of tfjs's layers) per eight models instead of per four.
    perCase: 8,
    run: structureSequenceDriver,
    what: 'trainable weights and head output',
    compare: (actual, expected, t) => {
      const got = (actual ?? {}) as { steps?: Plain; outputShape?: Plain; rowSums?: Plain };
      const want = expected as unknown as { steps: number[][][]; outputShape: (number | null)[]; rowSums: number[] };
      const sorted = (steps: unknown) => (Array.isArray(steps) ? steps.map((shapes: unknown) => (Array.isArray(shapes) ? shapes.map((shape) => JSON.stringify(shape)).sort() : [])) : []);
      t.equal(sorted(got.steps), sorted(want.steps), { what: 'shapes of the trainable weights after withNewHead and after each unfreezeTop call' });
      t.equal(got.outputShape, want.outputShape, { what: 'output shape of the model with the new head' });
      t.closeTo(got.rowSums, want.rowSums, { what: 'each output row sums to 1 (softmax head)', tolerance: 1e-5 });
      t.equal((actual as { headName?: Plain } | null)?.headName, (expected as { headName: string }).headName, { what: 'name of the head layer (new_head)' });
      t.closeTo((actual as { headKernel?: Plain } | null)?.headKernel, (expected as { headKernel: number[] }).headKernel, {
        what: 'initial kernel of the head (glorotUniform seeded 42)',
        tolerance: 1e-6,
      });
    },
  }),
]);
