import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import backbonesJson from '../data/backbones.json';
import expected from './expected.json';

type Kind = 'conv2d' | 'depthwise' | 'dense';
interface Layer {
  name: string;
  kind: Kind;
  output: number[];
  kernel: number[];
}
interface Device {
  macsPerMs: Record<Kind, number>;
  msPerLayer: number;
}
interface Split {
  embeddings: number[][];
  labels: number[];
}
interface Backbone {
  name: string;
  layers: Layer[];
  train: Split;
  validation: Split;
  test: Split;
}
interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}
interface Candidate {
  name: string;
  latencyMs: number;
  validationAccuracy: number;
}
interface Selection {
  candidates: Candidate[];
  chosen: string | null;
  testAccuracy: number | null;
}
interface Options {
  budgetMs: number;
  floor: number;
  probe: ProbeOptions;
}
interface User {
  layerMacs(layer: Layer): number;
  estimateLatencyMs(layers: Layer[], device: Device): number;
  chooseBackbone(candidates: Candidate[], budgetMs: number, floor: number): string | null;
  selectBackbone(backbones: Backbone[], device: Device, options: Options): Promise<Selection>;
}

const backbones = backbonesJson.backbones as Backbone[];
const mobilenet = backbones[0]!;
const inception = backbones[1]!;
const JOB = expected.job as { device: Device; options: Options };
const TABLET: Device = { macsPerMs: { conv2d: 25e6, depthwise: 1.5e6, dense: 5e6 }, msPerLayer: 0.08 };

// ---- Oracles (host) ----

const macsOracle = (layer: Layer) => (layer.kind === 'dense' ? 1 : layer.output[0]! * layer.output[1]!) * layer.kernel.reduce((a, b) => a * b, 1);
const latencyOracle = (layers: Layer[], device: Device) => layers.reduce((ms, l) => ms + macsOracle(l) / device.macsPerMs[l.kind] + device.msPerLayer, 0);
function chooseOracle(candidates: Candidate[], budgetMs: number, floor: number): string | null {
  const eligible = candidates.filter((c) => c.latencyMs <= budgetMs && c.validationAccuracy >= floor);
  return eligible.length === 0 ? null : [...eligible].sort((a, b) => b.validationAccuracy - a.validationAccuracy || a.latencyMs - b.latencyMs)[0]!.name;
}

// ---- Drivers (sandbox) ----

const macsDriver = (user: User, input: { layers: Layer[] }) => input.layers.map((layer) => user.layerMacs(layer));
const latencyDriver = (user: User, input: { layers: Layer[]; devices: Device[] }) => input.devices.map((device) => user.estimateLatencyMs(input.layers, device));
const chooseDriver = (user: User, input: { candidates: Candidate[]; budgetMs: number; floor: number }) => user.chooseBackbone(input.candidates, input.budgetMs, input.floor);
const selectDriver = async (user: User, input: { backbones: Backbone[]; device: Device; options: Options }) => {
  const s = await user.selectBackbone(input.backbones, input.device, input.options);
  return { candidates: s.candidates.map((c) => ({ name: c.name, latencyMs: c.latencyMs, validationAccuracy: c.validationAccuracy })), chosen: s.chosen, testAccuracy: s.testAccuracy };
};

// ---- Checks ----

/** Latencies within a relative 1e-9 (summing in another order changes the last bits), absolute near 0. */
const latencyTolerance = (want: number) => 1e-9 * Math.max(1, Math.abs(want));

function checkMacs(actual: Plain, layers: Layer[], t: Checker, label: string): void {
  t.equal(actual, layers.map(macsOracle), { what: `multiply-adds of each layer (${label})` });
}

function checkLatency(actual: Plain, layers: Layer[], devices: Device[], t: Checker, label: string): void {
  const want = devices.map((d) => latencyOracle(layers, d));
  const got = actual as number[];
  t.that(Array.isArray(got) && got.length === want.length, 'estimateLatencyMs should return one number per call');
  want.forEach((w, i) => t.closeTo(got[i]!, w, { what: `estimated latency in ms (${label})`, tolerance: latencyTolerance(w) }));
}

/** The selection, against the oracles: latency from the layers, the pick from the candidates' accuracies, the test accuracy only for the chosen one. */
function checkSelection(actual: Plain, input: { backbones: Backbone[]; device: Device; options: Options }, t: Checker, label: string, want?: Selection): void {
  const got = actual as unknown as Selection;
  t.equal(got.candidates.map((c) => c.name), input.backbones.map((b) => b.name), { what: `candidates, one per backbone in order (${label})` });
  got.candidates.forEach((c, i) => {
    const want = latencyOracle(input.backbones[i]!.layers, input.device);
    t.closeTo(c.latencyMs, want, { what: `estimated latency of each backbone (${label})`, tolerance: latencyTolerance(want) });
  });
  if (want) t.closeTo(got.candidates.map((c) => c.validationAccuracy), want.candidates.map((c) => c.validationAccuracy), { what: `validation accuracy of each backbone's probe (${label})`, tolerance: 1e-9 });
  const chosen = chooseOracle(got.candidates.map((c, i) => ({ ...c, latencyMs: latencyOracle(input.backbones[i]!.layers, input.device) })), input.options.budgetMs, input.options.floor);
  t.equal(got.chosen, chosen, { what: `backbone chosen (${label})` });
  if (chosen === null) t.equal(got.testAccuracy, null, { what: `test accuracy when no backbone qualifies (${label})` });
  else if (want) t.closeTo(got.testAccuracy, want.testAccuracy, { what: `test accuracy of the chosen backbone's probe (${label})`, tolerance: 1e-9 });
}

// ---- Hand-made inputs ----

const handLayers: Layer[] = [
  { name: 'stem', kind: 'conv2d', output: [112, 112, 32], kernel: [3, 3, 3, 32] },
  { name: 'dw', kind: 'depthwise', output: [112, 112, 32], kernel: [3, 3, 32, 1] },
  { name: 'head', kind: 'dense', output: [5], kernel: [128, 5] },
];
const oddLayers: Layer[] = [
  { name: 'wide', kind: 'conv2d', output: [7, 5, 64], kernel: [1, 7, 48, 64] },
  { name: 'dw2', kind: 'depthwise', output: [14, 9, 64], kernel: [5, 5, 32, 2] },
  { name: 'pointwise', kind: 'conv2d', output: [1, 1, 10], kernel: [1, 1, 2048, 10] },
  { name: 'fc', kind: 'dense', output: [1], kernel: [1, 1] },
];
const lean: Device = { macsPerMs: { conv2d: 1e6, depthwise: 1e6, dense: 1e6 }, msPerLayer: 0 };
const promptCandidates: Candidate[] = [
  { name: 'mobilenet-v2', latencyMs: 29.4, validationAccuracy: 0.675 },
  { name: 'inception-v3', latencyMs: 236.3, validationAccuracy: 0.7 },
];
const edgeChoices = [
  { candidates: [{ name: 'a', latencyMs: 50, validationAccuracy: 0.6 }, { name: 'b', latencyMs: 20, validationAccuracy: 0.55 }], budgetMs: 50, floor: 0.6 },
  { candidates: [{ name: 'a', latencyMs: 50.5, validationAccuracy: 0.9 }, { name: 'b', latencyMs: 80, validationAccuracy: 0.4 }], budgetMs: 50, floor: 0.5 },
  { candidates: [{ name: 'a', latencyMs: 30, validationAccuracy: 0.8 }, { name: 'b', latencyMs: 10, validationAccuracy: 0.8 }, { name: 'c', latencyMs: 10, validationAccuracy: 0.8 }], budgetMs: 40, floor: 0 },
];

/** Two-dimensional toy backbones: three layer lists of different cost, embeddings that separate well, badly or not at all. */
function toyBackbone(name: string, layers: Layer[], shift: number): Backbone {
  const split = (n: number, offset: number): Split => {
    const labels = Array.from({ length: n }, (_, i) => i % 2);
    return { labels, embeddings: labels.map((y, i) => [y * shift + ((i * 7 + offset) % 5) / 5, ((i * 3 + offset) % 4) / 4, 1]) };
  };
  return { name, layers, train: split(10, 0), validation: split(6, 1), test: split(6, 2) };
}
const toys = [
  toyBackbone('small', [{ name: 'c', kind: 'conv2d', output: [4, 4, 8], kernel: [3, 3, 3, 8] }], 0),
  toyBackbone('medium', [{ name: 'c', kind: 'conv2d', output: [8, 8, 16], kernel: [3, 3, 3, 16] }, { name: 'd', kind: 'dense', output: [2], kernel: [16, 2] }], 3),
  toyBackbone('large', [{ name: 'c', kind: 'conv2d', output: [16, 16, 64], kernel: [3, 3, 3, 64] }, { name: 'dw', kind: 'depthwise', output: [16, 16, 64], kernel: [3, 3, 64, 1] }], 6),
];
const toyDevice: Device = { macsPerMs: { conv2d: 1e4, depthwise: 1e3, dense: 1e3 }, msPerLayer: 0.5 };
const toyProbe = { classes: 2, epochs: 6, learningRate: 0.1, seed: 5 };

// ---- Generators ----

const generatedLayer: fc.Arbitrary<Layer> = fc.oneof(
  fc.record({ h: fc.integer({ min: 1, max: 56 }), w: fc.integer({ min: 1, max: 56 }), k: fc.integer({ min: 1, max: 7 }), kw: fc.integer({ min: 1, max: 7 }), cin: fc.integer({ min: 1, max: 96 }), cout: fc.integer({ min: 1, max: 96 }) })
    .map(({ h, w, k, kw, cin, cout }): Layer => ({ name: 'conv', kind: 'conv2d', output: [h, w, cout], kernel: [k, kw, cin, cout] })),
  fc.record({ h: fc.integer({ min: 1, max: 56 }), w: fc.integer({ min: 1, max: 56 }), k: fc.integer({ min: 1, max: 5 }), cin: fc.integer({ min: 1, max: 96 }), m: fc.integer({ min: 1, max: 3 }) })
    .map(({ h, w, k, cin, m }): Layer => ({ name: 'dw', kind: 'depthwise', output: [h, w, cin * m], kernel: [k, k, cin, m] })),
  fc.record({ cin: fc.integer({ min: 1, max: 2048 }), cout: fc.integer({ min: 1, max: 512 }) }).map(({ cin, cout }): Layer => ({ name: 'dense', kind: 'dense', output: [cout], kernel: [cin, cout] })),
);
const generatedDevice: fc.Arbitrary<Device> = fc.record({
  macsPerMs: fc.record({ conv2d: fc.integer({ min: 1_000, max: 1e8 }), depthwise: fc.integer({ min: 1_000, max: 1e8 }), dense: fc.integer({ min: 1_000, max: 1e8 }) }),
  msPerLayer: fc.constantFrom(0, 0.01, 0.05, 0.5),
});
const generatedCost = fc.record({ layers: fc.array(generatedLayer, { minLength: 0, maxLength: 12 }), devices: fc.array(generatedDevice, { minLength: 1, maxLength: 3 }) });

const generatedChoice = fc
  .record({
    latencies: fc.array(fc.constantFrom(5, 10, 20, 40, 80), { minLength: 1, maxLength: 5 }),
    accuracies: fc.array(fc.constantFrom(0.4, 0.5, 0.6, 0.7, 0.8), { minLength: 5, maxLength: 5 }),
    budgetMs: fc.constantFrom(5, 10, 20, 40, 80, 1000),
    floor: fc.constantFrom(0, 0.5, 0.6, 0.7, 0.8),
  })
  .map(({ latencies, accuracies, budgetMs, floor }) => ({
    candidates: latencies.map((latencyMs, i) => ({ name: `backbone-${i}`, latencyMs, validationAccuracy: accuracies[i]! })),
    budgetMs,
    floor,
  }));

const generatedJob = fc
  .record({
    count: fc.integer({ min: 1, max: 3 }),
    budgetMs: fc.constantFrom(5, 30, 100, 1000),
    floor: fc.constantFrom(0, 0.5, 0.75),
    epochs: fc.integer({ min: 2, max: 5 }),
    seed: fc.integer({ min: 1, max: 99 }),
    order: fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }),
  })
  .map(({ count, budgetMs, floor, epochs, seed, order }) => ({
    backbones: order.slice(0, count).map((i) => toys[i]!),
    device: toyDevice,
    options: { budgetMs, floor, probe: { ...toyProbe, epochs, seed } },
  }));

export default defineTests<User>()([
  testCase({
    id: 'macs-of-three-layers',
    name: 'counts the multiply-adds of a convolution, a depthwise convolution and a dense layer',
    visible: true,
    rules: ['layer-macs'],
    input: { layers: handLayers },
    run: macsDriver,
    check: (actual, t) => checkMacs(actual, handLayers, t, 'the prompt’s three layers'),
  }),
  testCase({
    id: 'mobilenet-on-the-tablet',
    name: 'estimates MobileNetV2’s latency on the checkout tablet from its real layer shapes',
    visible: true,
    rules: ['layer-macs', 'device-rates'],
    input: { layers: mobilenet.layers, devices: [TABLET] },
    run: latencyDriver,
    check: (actual, t) => checkLatency(actual, mobilenet.layers, [TABLET], t, 'MobileNetV2 on the tablet'),
  }),
  testCase({
    id: 'choose-prompt-example',
    name: 'keeps to the budget even when the over-budget backbone is more accurate',
    visible: true,
    rules: ['eligibility', 'choose-rule'],
    input: { candidates: promptCandidates, budgetMs: 50, floor: 0.6 },
    run: chooseDriver,
    check: (actual, t) => t.equal(actual, 'mobilenet-v2', { what: 'backbone chosen' }),
  }),
  testCase({
    id: 'the-search-server-job',
    name: 'trains a probe per backbone, estimates each latency, chooses on validation and scores the choice on test',
    visible: true,
    rules: ['probe-recipe', 'choose-rule', 'test-once'],
    timeoutMs: 15_000,
    input: { backbones, device: JOB.device, options: JOB.options },
    run: selectDriver,
    check: (actual, t) => checkSelection(actual, { backbones, device: JOB.device, options: JOB.options }, t, 'the search server', expected as unknown as Selection),
  }),
  testCase({
    id: 'macs-of-odd-shapes',
    name: 'counts multiply-adds of non-square outputs, a depthwise multiplier of 2 and a 1x1 output',
    visible: false,
    rules: ['layer-macs'],
    input: { layers: oddLayers },
    run: macsDriver,
    check: (actual, t) => checkMacs(actual, oddLayers, t, 'unusual shapes'),
  }),
  testCase({
    id: 'inception-on-two-devices',
    name: 'estimates InceptionV3 on the tablet and on a device with no per-layer cost',
    visible: false,
    rules: ['device-rates', 'layer-macs'],
    input: { layers: inception.layers, devices: [TABLET, lean] },
    run: latencyDriver,
    check: (actual, t) => checkLatency(actual, inception.layers, [TABLET, lean], t, 'InceptionV3'),
  }),
  testCase({
    id: 'choose-edges',
    name: 'a latency exactly at the budget and an accuracy exactly at the floor qualify; nothing qualifying gives null; ties go to the faster, then the earlier',
    visible: false,
    rules: ['eligibility', 'choose-rule'],
    input: { cases: edgeChoices },
    run: (user: User, input: { cases: { candidates: Candidate[]; budgetMs: number; floor: number }[] }) => input.cases.map((c) => user.chooseBackbone(c.candidates, c.budgetMs, c.floor)),
    check: (actual, t) => t.equal(actual, edgeChoices.map((c) => chooseOracle(c.candidates, c.budgetMs, c.floor)), { what: 'backbones chosen at the edges' }),
  }),
  testCase({
    id: 'nothing-fits',
    name: 'reports no choice and no test accuracy when no backbone fits the budget, and leaves no tensors behind',
    visible: false,
    rules: ['test-once', 'eligibility', 'no-leaks'],
    input: { backbones: toys, device: toyDevice, options: { budgetMs: 0.5, floor: 0, probe: toyProbe } },
    run: selectDriver,
    check: (actual, t) => {
      const got = actual as unknown as Selection;
      checkSelection(actual, { backbones: toys, device: toyDevice, options: { budgetMs: 0.5, floor: 0, probe: toyProbe } }, t, 'a budget nothing meets');
      t.equal(got.chosen, null, { what: 'backbone chosen when every one is over budget' });
    },
  }),
  generatedCases({
    id: 'cost-model-on-generated-layers',
    name: 'estimates latency like the cost model on generated layer lists and devices (empty lists, any kernel and output shapes, rates and per-layer costs)',
    rules: ['layer-macs', 'device-rates'],
    input: generatedCost,
    count: 24,
    run: latencyDriver,
    what: 'estimated latencies',
    compare: (actual, _expected, t, input) => checkLatency(actual, input.layers, input.devices, t, 'generated layers'),
  }),
  generatedCases({
    id: 'choice-on-generated-candidates',
    name: 'chooses like the rule on generated candidates with ties, budgets and floors',
    rules: ['eligibility', 'choose-rule'],
    input: generatedChoice,
    count: 24,
    run: chooseDriver,
    what: 'backbone chosen',
  }),
  generatedCases({
    id: 'job-on-generated-backbones',
    name: 'runs the job like the reference on generated sets of backbones (one to three, any order, budgets and floors)',
    rules: ['probe-recipe', 'choose-rule', 'test-once', 'no-leaks'],
    input: generatedJob,
    count: 4,
    run: selectDriver,
    what: 'the selection',
    compare: (actual, want, t, input) => checkSelection(actual, input, t, 'a generated job', want as unknown as Selection),
  }),
]);
