import fc from 'fast-check';
import type * as tfjs from '@tensorflow/tfjs';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type ModelArtifactsData, type Plain } from '@/lib/grading/test-api';
import benchmarkFile from '../data/benchmark.json';
import corpusFile from '../data/corpus.json';
import modelsFile from '../data/models.json';
import expected from './expected.json';

interface BenchmarkItem {
  id: string;
  text: string;
  label: number;
}
interface ContaminationOptions {
  n: number;
  threshold: number;
}
interface BootstrapOptions {
  resamples: number;
  alpha: number;
  seed: number;
}
interface HarnessOptions extends ContaminationOptions, BootstrapOptions {
  batchSize: number;
}
interface Interval {
  estimate: number;
  low: number;
  high: number;
}
interface Intervals {
  old: Interval;
  new: Interval;
  difference: Interval;
}
interface Scores {
  items: number;
  accuracyOld: number | null;
  accuracyNew: number | null;
}
interface Report {
  flaggedIds: string[];
  all: Scores;
  contaminated: Scores;
  clean: Intervals & { items: number };
  ship: boolean;
}
interface Candidate {
  model: tfjs.LayersModel;
  vocabulary: string[];
}
interface User {
  normalise(text: string): string[];
  contamination(items: string[], corpus: string[], options: ContaminationOptions): { coverage: number[]; flagged: boolean[] };
  predictLabels(model: tfjs.LayersModel, vocabulary: string[], texts: string[], batchSize: number): number[];
  bootstrapAccuracy(correctOld: boolean[], correctNew: boolean[], options: BootstrapOptions): Intervals;
  evaluate(benchmark: BenchmarkItem[], corpus: string[], models: { old: Candidate; new: Candidate }, options: HarnessOptions): Report;
}
/** A model as the drivers receive it: real artifacts, or one dense softmax layer given by its weights. */
interface ModelInput {
  vocabulary: string[];
  artifacts?: ModelArtifactsData;
  toy?: { kernel: number[][]; bias: number[] };
}
interface EvaluateInput {
  benchmark: BenchmarkItem[];
  corpus: string[];
  models: { old: ModelInput; new: ModelInput };
  options: HarnessOptions;
}
interface PredictInput {
  model: ModelInput;
  texts: string[];
  batchSize: number;
}

const BENCHMARK = benchmarkFile.items as BenchmarkItem[];
const CORPUS = corpusFile.documents.map((d) => d.text);
const REAL = {
  old: { vocabulary: modelsFile.old.vocabulary, artifacts: modelsFile.old.artifacts as unknown as ModelArtifactsData },
  new: { vocabulary: modelsFile.new.vocabulary, artifacts: modelsFile.new.artifacts as unknown as ModelArtifactsData },
};
/** Both models' predicted queue for every benchmark item (float32, cpu backend, from the build script). */
const PREDICTED = expected.predictions as { old: number[]; new: number[] };
const REVIEW: HarnessOptions = { n: 8, threshold: 0.5, batchSize: 64, resamples: 1000, alpha: 0.05, seed: 2026 };

// ---- Oracles (host) ----

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokensOf = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter((s) => s !== '');

function contaminationOracle(items: string[], corpus: string[], options: ContaminationOptions): { coverage: number[]; flagged: boolean[] } {
  const documents = corpus.map(tokensOf);
  const grams = new Set(documents.flatMap((d) => d.slice(0, Math.max(0, d.length - options.n + 1)).map((_, i) => d.slice(i, i + options.n).join(' '))));
  const coverage = items.map((text) => {
    const tokens = tokensOf(text);
    if (tokens.length === 0) return 0;
    if (tokens.length < options.n) return documents.some((d) => ` ${d.join(' ')} `.includes(` ${tokens.join(' ')} `)) ? 1 : 0;
    const covered = tokens.map((_, p) => tokens.some((__, i) => i <= p && p < i + options.n && i + options.n <= tokens.length && grams.has(tokens.slice(i, i + options.n).join(' '))));
    return covered.filter(Boolean).length / tokens.length;
  });
  return { coverage, flagged: coverage.map((c) => c > 0 && c >= options.threshold) };
}

function bootstrapOracle(correctOld: boolean[], correctNew: boolean[], options: BootstrapOptions): Intervals {
  const n = correctOld.length;
  const rand = mulberry32(options.seed);
  const stats: [number[], number[], number[]] = [[], [], []];
  for (let r = 0; r < options.resamples; r++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      const i = Math.floor(rand() * n);
      a += correctOld[i] ? 1 : 0;
      b += correctNew[i] ? 1 : 0;
    }
    stats[0].push(a / n);
    stats[1].push(b / n);
    stats[2].push((b - a) / n);
  }
  const k = Math.floor((options.resamples * options.alpha) / 2);
  const right = (c: boolean[]) => c.filter(Boolean).length;
  const interval = (values: number[], estimate: number): Interval => {
    const sorted = [...values].sort((x, y) => x - y);
    return { estimate, low: sorted[k]!, high: sorted[options.resamples - 1 - k]! };
  };
  return { old: interval(stats[0], right(correctOld) / n), new: interval(stats[1], right(correctNew) / n), difference: interval(stats[2], (right(correctNew) - right(correctOld)) / n) };
}

/** A one-layer toy model's labels in float64: term frequencies, logits, first arg-max. */
function toyLabels(model: ModelInput, texts: string[]): number[] {
  const { kernel, bias } = model.toy!;
  return texts.map((text) => {
    const known = tokensOf(text).filter((token) => model.vocabulary.includes(token));
    const logits = bias.map((b, c) => known.reduce((s, token) => s + kernel[model.vocabulary.indexOf(token)]![c]! / known.length, b));
    return logits.indexOf(Math.max(...logits));
  });
}

/** The report the rules give, from each model's predicted labels. */
function reportOracle(input: EvaluateInput, predicted: { old: number[]; new: number[] }): Report {
  const { flagged } = contaminationOracle(input.benchmark.map((i) => i.text), input.corpus, input.options);
  const correctOld = input.benchmark.map((item, i) => predicted.old[i] === item.label);
  const correctNew = input.benchmark.map((item, i) => predicted.new[i] === item.label);
  const indices = input.benchmark.map((_, i) => i);
  const scores = (keep: number[]): Scores => ({
    items: keep.length,
    accuracyOld: keep.length === 0 ? null : keep.filter((i) => correctOld[i]).length / keep.length,
    accuracyNew: keep.length === 0 ? null : keep.filter((i) => correctNew[i]).length / keep.length,
  });
  const dirty = indices.filter((i) => flagged[i]);
  const clean = indices.filter((i) => !flagged[i]);
  const intervals = bootstrapOracle(clean.map((i) => correctOld[i]!), clean.map((i) => correctNew[i]!), input.options);
  return { flaggedIds: dirty.map((i) => input.benchmark[i]!.id), all: scores(indices), contaminated: scores(dirty), clean: { items: clean.length, ...intervals }, ship: intervals.difference.low > 0 };
}

const batchesOf = (count: number, size: number) => Array.from({ length: Math.ceil(count / size) }, (_, b) => Math.min(size, count - b * size));

// ---- Drivers (sandbox; self-contained) ----

const normaliseDriver = (user: User, input: { texts: string[] }) => input.texts.map((text) => user.normalise(text));
const contaminationDriver = (user: User, input: { items: string[]; corpus: string[]; options: ContaminationOptions }) => {
  const r = user.contamination(input.items, input.corpus, input.options);
  return { coverage: r.coverage, flagged: r.flagged };
};
const bootstrapDriver = (user: User, input: { correctOld: boolean[]; correctNew: boolean[]; options: BootstrapOptions }) => {
  const r = user.bootstrapAccuracy(input.correctOld, input.correctNew, input.options);
  const pick = (i: Interval) => ({ estimate: i.estimate, low: i.low, high: i.high });
  return { old: pick(r.old), new: pick(r.new), difference: pick(r.difference) };
};

/** Builds the model, counts its predict calls, runs predictLabels, and checks the model still predicts. */
const predictDriver = async (user: User, input: PredictInput, h: HarnessHelpers) => {
  const tf = h.tf;
  const spec = input.model;
  let model: tfjs.LayersModel;
  if (spec.artifacts) model = await h.loadModel(spec.artifacts);
  else {
    model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: spec.toy!.bias.length, activation: 'softmax', inputShape: [spec.vocabulary.length] })] }));
    model.setWeights([h.tensor(spec.toy!.kernel), h.tensor(spec.toy!.bias)]);
  }
  const counted = h.countPredictCalls(model);
  const labels = user.predictLabels(model, spec.vocabulary, input.texts, input.batchSize);
  const batchSizes = counted.batchSizes.slice();
  let usable = false;
  try {
    usable = tf.tidy(() => (model.predict(tf.zeros([1, spec.vocabulary.length])) as tfjs.Tensor).shape[1]! > 0);
  } catch {
    usable = false;
  }
  return { labels, batchSizes, usable };
};

/** Builds both models, runs evaluate, and reports what it returned (or threw) with each model's predict batches. */
const evaluateDriver = async (user: User, input: EvaluateInput, h: HarnessHelpers) => {
  const tf = h.tf;
  const build = async (spec: ModelInput) => {
    if (spec.artifacts) return h.loadModel(spec.artifacts);
    const m = h.own(tf.sequential({ layers: [tf.layers.dense({ units: spec.toy!.bias.length, activation: 'softmax', inputShape: [spec.vocabulary.length] })] }));
    m.setWeights([h.tensor(spec.toy!.kernel), h.tensor(spec.toy!.bias)]);
    return m;
  };
  const oldModel = await build(input.models.old);
  const newModel = await build(input.models.new);
  const countedOld = h.countPredictCalls(oldModel);
  const countedNew = h.countPredictCalls(newModel);
  const models = { old: { model: oldModel, vocabulary: input.models.old.vocabulary }, new: { model: newModel, vocabulary: input.models.new.vocabulary } };
  let outcome: { report: unknown } | { threw: boolean; message: string };
  try {
    const r = user.evaluate(input.benchmark, input.corpus, models, input.options);
    const scores = (s: Scores) => ({ items: s.items, accuracyOld: s.accuracyOld, accuracyNew: s.accuracyNew });
    const interval = (i: Interval) => ({ estimate: i.estimate, low: i.low, high: i.high });
    outcome = { report: { flaggedIds: r.flaggedIds, all: scores(r.all), contaminated: scores(r.contaminated), clean: { items: r.clean.items, old: interval(r.clean.old), new: interval(r.clean.new), difference: interval(r.clean.difference) }, ship: r.ship } };
  } catch (error) {
    outcome = { threw: error instanceof Error, message: error instanceof Error ? error.message : String(error) };
  }
  const batches = { old: countedOld.batchSizes.slice(), new: countedNew.batchSizes.slice() };
  let usable = false;
  try {
    usable = tf.tidy(() => [oldModel, newModel].every((m, j) => (m.predict(tf.zeros([1, j === 0 ? input.models.old.vocabulary.length : input.models.new.vocabulary.length])) as tfjs.Tensor).shape[1]! > 0));
  } catch {
    usable = false;
  }
  return { ...outcome, batches, usable };
};

// ---- Checks (host) ----

function checkContamination(actual: Plain, want: { coverage: number[]; flagged: boolean[] }, t: Checker, label: string): void {
  const got = actual as unknown as { coverage: number[]; flagged: boolean[] };
  t.that(typeof got === 'object' && got !== null && Array.isArray(got.coverage) && Array.isArray(got.flagged), 'contamination should return { coverage, flagged }, both arrays');
  t.closeTo(got.coverage, want.coverage, { what: 'coverage of each item', visibleWhat: `coverage of each item (${label})` });
  t.equal(got.flagged, want.flagged, { what: 'flagged items', visibleWhat: `flagged items (${label})` });
}

function checkIntervals(actual: unknown, want: Intervals, t: Checker, label: string): void {
  const got = actual as Intervals;
  t.that(typeof got === 'object' && got !== null && ['old', 'new', 'difference'].every((k) => typeof (got as unknown as Record<string, unknown>)[k] === 'object'), 'the intervals should be { old, new, difference }, each { estimate, low, high }');
  for (const key of ['old', 'new', 'difference'] as const) {
    const name = key === 'difference' ? 'difference new − old' : `${key} model's accuracy`;
    t.closeTo(got[key].estimate, want[key].estimate, { what: `${name}: estimate`, visibleWhat: `${name}: estimate (${label})` });
    t.closeTo([got[key].low, got[key].high], [want[key].low, want[key].high], { what: `${name}: bootstrap interval [low, high]`, visibleWhat: `${name}: bootstrap interval [low, high] (${label})` });
  }
}

function checkPredictions(actual: Plain, input: PredictInput, want: number[], t: Checker, label: string): void {
  const got = actual as unknown as { labels: number[]; batchSizes: number[]; usable: boolean };
  t.equal(got.batchSizes, batchesOf(input.texts.length, input.batchSize), { what: 'batch size of each predict call (one call per batch of batchSize texts)', visibleWhat: `batch size of each predict call (${label})` });
  t.equal(got.labels, want, { what: 'predicted labels (term frequencies over the in-vocabulary tokens, argmax)', visibleWhat: `predicted labels (${label})` });
  t.that(got.usable === true, 'the model should still predict afterwards: never dispose it');
}

function checkReport(actual: Plain, input: EvaluateInput, want: Report, t: Checker, label: string): void {
  const got = actual as unknown as { report?: Report; threw?: boolean; message?: string; batches: { old: number[]; new: number[] }; usable: boolean };
  t.that(got.report !== undefined, 'evaluate should return a report here (at least one item is clean)', { actual: got.message ?? '' });
  const r = got.report!;
  const v = (what: string) => ({ what, visibleWhat: `${what} (${label})` });
  t.equal(r.flaggedIds, want.flaggedIds, v('ids of the contaminated items, in benchmark order'));
  t.equal([r.all.items, r.contaminated.items, r.clean.items], [want.all.items, want.contaminated.items, want.clean.items], v('item counts [all, contaminated, clean]'));
  const b = batchesOf(input.benchmark.length, input.options.batchSize);
  t.equal([got.batches.old, got.batches.new], [b, b], v('batch sizes of each model’s predict calls (every item once, in batches of batchSize)'));
  t.closeTo([r.all.accuracyOld, r.all.accuracyNew], [want.all.accuracyOld, want.all.accuracyNew], v('accuracies on all items [old, new]'));
  if (want.contaminated.items === 0) t.equal([r.contaminated.accuracyOld, r.contaminated.accuracyNew], [null, null], v('accuracies on the contaminated items when none is flagged'));
  else t.closeTo([r.contaminated.accuracyOld, r.contaminated.accuracyNew], [want.contaminated.accuracyOld, want.contaminated.accuracyNew], v('accuracies on the contaminated items [old, new]'));
  checkIntervals(r.clean, want.clean, t, `${label}, clean items`);
  t.equal(r.ship, want.ship, v('ship decision (clean difference low > 0)'));
  t.that(got.usable === true, 'both models should still predict after evaluate: never dispose them');
}

// ---- Hand-written inputs ----

const promptCorpus = ['Fwd: CHARGED twice for order 4411 -- sent from my phone', 'Cannot log in since yesterday', 'My parcel is late.'];
const promptItems = ['Charged twice for order 4411, please refund.', 'my parcel IS LATE!', 'Cannot log in', 'Since yesterday my parcel, help', '!!!'];
const promptBootstrap = {
  correctOld: [1, 1, 0, 1, 0, 1, 1, 0, 1, 1].map(Boolean),
  correctNew: [1, 1, 1, 1, 0, 1, 1, 1, 0, 1].map(Boolean),
  options: { resamples: 20, alpha: 0.2, seed: 7 },
};
const normaliseExamples = ["Fwd: Can't log-in", 'Charged TWICE for order #4411!!', 'my parcel IS LATE', ''];
const normaliseEdges = ['   ', '!!!', 'école café naïve', 'tab\tnew\nline', 'x1y2_z3', 'UPPER lower MiXeD 42', '🙏 thanks 🙏', '--a--b--', 'ÀÉÎ'];

/** A toy queue world: 3 queues, 6 tokens, and a model whose bias prefers queue 0 when it sees no vocabulary token. */
const TOY_VOCAB = ['refund', 'invoice', 'parcel', 'courier', 'password', 'login'];
const toyModel = (known: boolean[], bias = [0.3, 0, 0]): ModelInput => ({
  vocabulary: TOY_VOCAB,
  toy: { kernel: TOY_VOCAB.map((_, j) => [0, 1, 2].map((c) => (known[j] && Math.floor(j / 2) === c ? 2 : 0))), bias },
});
const TOY_NEW = toyModel([true, true, true, true, true, true]);
const TOY_OLD = toyModel([true, true, true, false, true, false]);
/** Prefers the last queue when it sees no vocabulary token. */
const TOY_BIASED = toyModel([true, true, true, true, true, true], [0, 0, 0.3]);
const zeroRowTexts = ['hello there', '', 'refund', '42 !!', 'Parcel, thanks'];
const toyTexts = [
  'Parcel parcel, parcel? Refund', // term frequencies: queue 1; multi-hot: queue 0
  'parcel and then nothing else at all', // out-of-vocabulary tokens ignored: queue 1 (dividing by all tokens: bias wins)
  'hello there, how are you', // no vocabulary token: the bias, queue 0
  'Login LOGIN password', // queue 2
  'courier courier invoice', // queue 1 for the new model
  '', // no token at all
  'Invoice for my parcel, refund please', // 2 of 3 tokens billing: queue 0
];

let serial = 0;
/** A toy ticket: its queue's tokens, each followed by a number of its own, so no two tickets share an n-gram (n ≥ 2) by chance. */
function toyTicket(label: number, tokens: string[]): BenchmarkItem {
  serial += 1;
  return { id: `q${serial}`, label, text: `Ticket ${serial}: ${tokens.map((token, k) => `${token} #${serial * 10 + k}`).join(', ')}.` };
}
/** 30 tickets: the first 10 only the new model gets right (they use 'courier' and 'login'), the other 20 both get right. */
function toyBenchmark(): BenchmarkItem[] {
  return [
    ...Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? toyTicket(1, ['courier', 'courier', 'please']) : toyTicket(2, ['login', 'login', 'now']))),
    ...Array.from({ length: 20 }, (_, i) => toyTicket(i % 3, [TOY_VOCAB[(i % 3) * 2]!, TOY_VOCAB[(i % 3) * 2 + 1]!, 'again'])),
  ];
}
const toyOptions: HarnessOptions = { n: 4, threshold: 0.5, batchSize: 7, resamples: 200, alpha: 0.05, seed: 99 };
const cleanGain: EvaluateInput = (() => {
  const benchmark = toyBenchmark();
  return { benchmark, corpus: ['an unrelated document about something else entirely', ...benchmark.slice(20, 24).map((b) => b.text.toUpperCase())], models: { old: TOY_OLD, new: TOY_NEW }, options: toyOptions };
})();
const dirtyGain: EvaluateInput = (() => {
  const benchmark = toyBenchmark();
  // The new model's whole gain is on tickets the corpus holds again: no clean gain, no launch.
  return { benchmark, corpus: benchmark.slice(0, 10).map((b) => `Fwd: ${b.text} -- sent from my phone`), models: { old: TOY_OLD, new: TOY_NEW }, options: { ...toyOptions, batchSize: 30 } };
})();
const nothingFlagged: EvaluateInput = (() => {
  const benchmark = toyBenchmark().slice(5, 17);
  return { benchmark, corpus: ['nothing here matches', 'refund invoice parcel courier password login'], models: { old: TOY_OLD, new: TOY_NEW }, options: { ...toyOptions, batchSize: 1 } };
})();
const everythingFlagged: EvaluateInput = (() => {
  const benchmark = toyBenchmark().slice(0, 6);
  return { benchmark, corpus: [benchmark.map((b) => b.text).join(' | ')], models: { old: TOY_OLD, new: TOY_NEW }, options: toyOptions };
})();
const acrossDocuments = {
  items: ['alpha beta gamma delta epsilon zeta', 'gamma delta epsilon zeta eta theta', 'delta epsilon zeta eta', 'x gamma delta epsilon y'],
  corpus: ['alpha beta gamma delta', 'epsilon zeta eta theta'],
  options: { n: 3, threshold: 0.25 },
};
const shortItems = {
  items: ['log in', 'Cannot', 'in since', 'yesterday my', 'blog', 'g in', 'late.', '...', 'cannot log in since'],
  corpus: ['Cannot log in since yesterday', 'My parcel is late', 'a blog post'],
  options: { n: 5, threshold: 1 },
};
const realSecondSettings: EvaluateInput = { benchmark: BENCHMARK, corpus: CORPUS, models: REAL, options: { n: 13, threshold: 0.8, batchSize: 50, resamples: 500, alpha: 0.1, seed: 7 } };
const theReview: EvaluateInput = { benchmark: BENCHMARK, corpus: CORPUS, models: REAL, options: REVIEW };

// ---- Generators ----

const CHARS = [...'abcdeXYZ019', ' ', ' ', '\t', '\n', ...",.!?'-_#@/", 'é', 'Ü', 'ß', '🙏'];
const generatedTexts = fc.record({ texts: fc.array(fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 30 }), { minLength: 1, maxLength: 6 }) });

const WORDS = ['refund', 'parcel', 'login', 'order', 'late', 'the', 'my', 'is', 'not', 'again', '4411'];
const SEPARATORS = [' ', ' ', ', ', '. ', '!? ', ' -- ', "' "];
const word = fc.constantFrom(...WORDS);
const generatedContamination = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    threshold: fc.constantFrom(0.25, 0.5, 0.6, 0.75, 1),
    docs: fc.array(fc.array(word, { maxLength: 14 }), { minLength: 1, maxLength: 6 }),
    items: fc.array(fc.record({ doc: fc.nat(), start: fc.nat(), length: fc.integer({ min: 0, max: 10 }), before: fc.array(word, { maxLength: 4 }), after: fc.array(word, { maxLength: 4 }) }), { minLength: 1, maxLength: 8 }),
    salt: fc.integer({ min: 0, max: 100_000 }),
  })
  .map(({ n, threshold, docs, items, salt }) => {
    const rand = mulberry32(salt);
    const render = (tokens: string[]) => tokens.map((w, i) => `${rand() < 0.3 ? w.toUpperCase() : w}${i < tokens.length - 1 ? SEPARATORS[Math.floor(rand() * SEPARATORS.length)] : ''}`).join('');
    return {
      items: items.map((it) => {
        const doc = docs[it.doc % docs.length]!;
        const start = doc.length === 0 ? 0 : it.start % doc.length;
        return render([...it.before, ...doc.slice(start, start + it.length), ...it.after]);
      }),
      corpus: docs.map(render),
      options: { n, threshold },
    };
  });

const generatedPredict = fc
  .record({
    which: fc.constantFrom<'old' | 'new'>('old', 'new'),
    picks: fc.array(fc.integer({ min: 0, max: BENCHMARK.length - 1 }), { maxLength: 40 }),
    batchSize: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 16 }), fc.integer({ min: 30, max: 80 })),
  })
  .map(({ which, picks, batchSize }) => ({ model: REAL[which], texts: picks.map((i) => BENCHMARK[i]!.text), batchSize }));

/** Settings whose percentile position k is no float knife edge (resamples · alpha / 2 an exact integer or clearly not one). */
const bootstrapSettings = (maxResamples: number) =>
  fc
    .record({ resamples: fc.integer({ min: 20, max: maxResamples }), alpha: fc.constantFrom(0.01, 0.05, 0.1, 0.2), seed: fc.integer({ min: 0, max: 2 ** 31 }) })
    .filter(({ resamples, alpha }) => Number.isInteger((resamples * alpha) / 2) || Math.abs((resamples * alpha) / 2 - Math.round((resamples * alpha) / 2)) > 1e-6);
const generatedOutcomes = fc
  .record({
    n: fc.integer({ min: 1, max: 80 }),
    rateOld: fc.constantFrom(0, 0.5, 0.8, 1),
    agreement: fc.constantFrom(0.5, 0.9, 1),
    salt: fc.integer({ min: 0, max: 1_000_000 }),
    options: bootstrapSettings(300),
  })
  .map(({ n, rateOld, agreement, salt, options }) => {
    const rand = mulberry32(salt);
    const correctOld = Array.from({ length: n }, () => rand() < rateOld);
    const correctNew = correctOld.map((c) => (rand() < agreement ? c : !c));
    return { correctOld, correctNew, options };
  });

const generatedHarness = fc
  .record({
    start: fc.integer({ min: 0, max: 340 }),
    size: fc.integer({ min: 20, max: 60 }),
    corpusStart: fc.integer({ min: 500, max: CORPUS.length - 300 }),
    n: fc.integer({ min: 3, max: 13 }),
    threshold: fc.constantFrom(0.3, 0.5, 0.8, 1),
    batchSize: fc.integer({ min: 1, max: 70 }),
    options: bootstrapSettings(200),
  })
  .map(({ start, size, corpusStart, n, threshold, batchSize, options }) => ({
    benchmark: BENCHMARK.slice(start, start + size),
    corpus: CORPUS.slice(corpusStart, corpusStart + 300),
    models: REAL,
    options: { n, threshold, batchSize, ...options },
  }));

export default defineTests<User>()([
  testCase({
    id: 'normalise-examples',
    name: 'lower-cases and splits on every run of other characters',
    visible: true,
    rules: ['normalise'],
    input: { texts: normaliseExamples },
    run: normaliseDriver,
    check: (actual, t) => t.equal(actual, normaliseExamples.map(tokensOf), { what: 'tokens of each text' }),
  }),
  testCase({
    id: 'contamination-prompt-example',
    name: 'gives the prompt example’s coverage: a partial copy, a re-cased copy, a short item, a run across documents, no tokens',
    visible: true,
    rules: ['token-coverage', 'short-items', 'ngrams-per-document', 'threshold'],
    input: { items: promptItems, corpus: promptCorpus, options: { n: 4, threshold: 0.5 } },
    run: contaminationDriver,
    check: (actual, t) => checkContamination(actual, { coverage: [5 / 7, 1, 1, 0, 0], flagged: [true, true, true, false, false] }, t, 'the prompt'),
  }),
  testCase({
    id: 'bootstrap-prompt-example',
    name: 'gives the prompt example’s three paired percentile intervals',
    visible: true,
    rules: ['paired-bootstrap', 'percentile-interval'],
    input: promptBootstrap,
    run: bootstrapDriver,
    check: (actual, t) =>
      checkIntervals(actual, { old: { estimate: 0.7, low: 0.6, high: 1 }, new: { estimate: 0.8, low: 0.7, high: 0.9 }, difference: { estimate: 0.1, low: -0.1, high: 0.2 } }, t, 'the prompt'),
  }),
  testCase({
    id: 'predict-first-tickets',
    name: 'predicts the first 10 benchmark tickets with triage-v1 in batches of 4',
    visible: true,
    rules: ['term-frequencies', 'batched-inference'],
    input: { model: REAL.old, texts: BENCHMARK.slice(0, 10).map((b) => b.text), batchSize: 4 },
    run: predictDriver,
    check: (actual, t) => checkPredictions(actual, { model: REAL.old, texts: BENCHMARK.slice(0, 10).map((b) => b.text), batchSize: 4 }, PREDICTED.old.slice(0, 10), t, 'first 10 tickets'),
  }),
  testCase({
    id: 'the-launch-review',
    name: 'flags 87 contaminated tickets and does not ship v2 on the launch review’s settings',
    visible: true,
    rules: ['token-coverage', 'short-items', 'threshold', 'batched-inference', 'paired-bootstrap', 'percentile-interval', 'report-splits', 'ship-rule'],
    timeoutMs: 8_000,
    input: theReview,
    run: evaluateDriver,
    check: (actual, t) => checkReport(actual, theReview, reportOracle(theReview, PREDICTED), t, 'the launch review'),
  }),
  testCase({
    id: 'normalise-edges',
    name: 'normalises blanks, punctuation only, accents, tabs and newlines, underscores and digits',
    visible: false,
    rules: ['normalise'],
    input: { texts: normaliseEdges },
    run: normaliseDriver,
    check: (actual, t) => t.equal(actual, normaliseEdges.map(tokensOf), { what: 'tokens of each edge-case text' }),
  }),
  testCase({
    id: 'short-items-matched-whole',
    name: 'matches items shorter than n whole, inside one document and on token boundaries',
    visible: false,
    rules: ['short-items', 'ngrams-per-document'],
    input: shortItems,
    run: contaminationDriver,
    check: (actual, t) => {
      const want = contaminationOracle(shortItems.items, shortItems.corpus, shortItems.options);
      t.equal(want.coverage, [1, 1, 1, 0, 1, 0, 1, 0, 1], { what: 'oracle sanity' });
      checkContamination(actual, want, t, 'short items');
    },
  }),
  testCase({
    id: 'no-ngram-across-documents',
    name: 'never matches an n-gram that starts in one document and ends in the next',
    visible: false,
    rules: ['ngrams-per-document'],
    input: acrossDocuments,
    run: contaminationDriver,
    check: (actual, t) => {
      const want = contaminationOracle(acrossDocuments.items, acrossDocuments.corpus, acrossDocuments.options);
      t.equal(want.flagged, [true, true, true, false], { what: 'oracle sanity' });
      checkContamination(actual, want, t, 'across documents');
    },
  }),
  testCase({
    id: 'coverage-counts-tokens',
    name: 'counts covered token positions, not matched n-grams, and flags coverage exactly at the threshold',
    visible: false,
    rules: ['token-coverage', 'threshold'],
    input: {
      items: ['a b c d e f g h', 'a b c d x y z w q r', 'p q r s t u v w'],
      corpus: ['a b c d', 'junk p q r s junk', 'u v w'],
      options: { n: 4, threshold: 0.5 },
    },
    run: contaminationDriver,
    check: (actual, t) => checkContamination(actual, { coverage: [0.5, 0.4, 0.5], flagged: [true, false, true] }, t, 'token positions'),
  }),
  testCase({
    id: 'term-frequencies-and-batches',
    name: 'ignores out-of-vocabulary tokens, divides by the in-vocabulary count, and batches 7 texts by 3',
    visible: false,
    rules: ['term-frequencies', 'batched-inference', 'no-leaks'],
    input: { model: TOY_NEW, texts: toyTexts, batchSize: 3 },
    run: predictDriver,
    check: (actual, t) => checkPredictions(actual, { model: TOY_NEW, texts: toyTexts, batchSize: 3 }, toyLabels(TOY_NEW, toyTexts), t, 'toy model'),
  }),
  testCase({
    id: 'no-vocabulary-token-zero-row',
    name: 'feeds a row of zeros for a text with no vocabulary token, so the model answers from its bias',
    visible: false,
    rules: ['term-frequencies'],
    input: { model: TOY_BIASED, texts: zeroRowTexts, batchSize: 2 },
    run: predictDriver,
    check: (actual, t) => {
      t.equal(toyLabels(TOY_BIASED, zeroRowTexts), [2, 2, 0, 2, 1], { what: 'oracle sanity' });
      checkPredictions(actual, { model: TOY_BIASED, texts: zeroRowTexts, batchSize: 2 }, toyLabels(TOY_BIASED, zeroRowTexts), t, 'no vocabulary token');
    },
  }),
  testCase({
    id: 'no-texts-no-call',
    name: 'makes no predict call for no texts, and one call when the batch is larger than the texts',
    visible: false,
    rules: ['batched-inference'],
    input: { model: TOY_OLD, texts: [] as string[], batchSize: 4 },
    run: async (user: User, input: PredictInput, h: HarnessHelpers) => {
      const tf = h.tf;
      const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: input.model.toy!.bias.length, activation: 'softmax', inputShape: [input.model.vocabulary.length] })] }));
      model.setWeights([h.tensor(input.model.toy!.kernel), h.tensor(input.model.toy!.bias)]);
      const counted = h.countPredictCalls(model);
      const none = user.predictLabels(model, input.model.vocabulary, input.texts, input.batchSize);
      const callsForNone = counted.calls;
      const two = user.predictLabels(model, input.model.vocabulary, ['refund', 'login password'], 50);
      return { none, callsForNone, two, batchSizes: counted.batchSizes.slice() };
    },
    check: (actual, t) => {
      const got = actual as unknown as { none: number[]; callsForNone: number; two: number[]; batchSizes: number[] };
      t.equal([got.none, got.callsForNone], [[], 0], { what: 'labels and predict calls for no texts' });
      t.equal(got.batchSizes, [2], { what: 'batch sizes when batchSize exceeds the texts' });
      t.equal(got.two, toyLabels(TOY_OLD, ['refund', 'login password']), { what: 'predicted labels of a short batch' });
    },
  }),
  testCase({
    id: 'identical-outcomes-zero-width',
    name: 'two models right on exactly the same items: every paired difference is 0',
    visible: false,
    rules: ['paired-bootstrap'],
    input: { correctOld: [true, false, true, true, false, true, true, true, false, true, true, false], correctNew: [true, false, true, true, false, true, true, true, false, true, true, false], options: { resamples: 100, alpha: 0.05, seed: 3 } },
    run: bootstrapDriver,
    check: (actual, t) => {
      const c = [true, false, true, true, false, true, true, true, false, true, true, false];
      const want = bootstrapOracle(c, c, { resamples: 100, alpha: 0.05, seed: 3 });
      t.equal([want.difference.low, want.difference.high], [0, 0], { what: 'oracle sanity' });
      checkIntervals(actual, want, t, 'identical outcomes');
    },
  }),
  testCase({
    id: 'percentile-positions-round-down',
    name: 'takes k = Math.floor(resamples · alpha / 2) at 30 and 59 resamples',
    visible: false,
    rules: ['percentile-interval'],
    input: { runs: [30, 59].map((resamples, i) => ({ correctOld: promptBootstrap.correctNew.concat(promptBootstrap.correctOld), correctNew: promptBootstrap.correctOld.concat(promptBootstrap.correctOld), options: { resamples, alpha: i === 0 ? 0.05 : 0.1, seed: 11 + i } })) },
    run: (user: User, input: { runs: { correctOld: boolean[]; correctNew: boolean[]; options: BootstrapOptions }[] }) => input.runs.map((r) => user.bootstrapAccuracy(r.correctOld, r.correctNew, r.options)),
    check: (actual, t) => {
      const got = actual as unknown as Intervals[];
      t.that(Array.isArray(got) && got.length === 2, 'bootstrapAccuracy should return intervals for every call');
      [30, 59].forEach((resamples, i) => {
        const input = { correctOld: promptBootstrap.correctNew.concat(promptBootstrap.correctOld), correctNew: promptBootstrap.correctOld.concat(promptBootstrap.correctOld) };
        checkIntervals(got[i], bootstrapOracle(input.correctOld, input.correctNew, { resamples, alpha: i === 0 ? 0.05 : 0.1, seed: 11 + i }), t, `${resamples} resamples`);
      });
    },
  }),
  testCase({
    id: 'clean-gain-ships',
    name: 'ships when the new model’s gain is on clean tickets',
    visible: false,
    rules: ['ship-rule', 'report-splits', 'term-frequencies', 'no-leaks'],
    input: cleanGain,
    run: evaluateDriver,
    check: (actual, t) => {
      const want = reportOracle(cleanGain, { old: toyLabels(TOY_OLD, cleanGain.benchmark.map((b) => b.text)), new: toyLabels(TOY_NEW, cleanGain.benchmark.map((b) => b.text)) });
      t.equal([want.ship, want.contaminated.items], [true, 4], { what: 'oracle sanity' });
      checkReport(actual, cleanGain, want, t, 'clean gain');
    },
  }),
  testCase({
    id: 'contaminated-gain-does-not-ship',
    name: 'does not ship when the whole gain is on tickets the corpus holds again',
    visible: false,
    rules: ['ship-rule', 'report-splits'],
    input: dirtyGain,
    run: evaluateDriver,
    check: (actual, t) => {
      const want = reportOracle(dirtyGain, { old: toyLabels(TOY_OLD, dirtyGain.benchmark.map((b) => b.text)), new: toyLabels(TOY_NEW, dirtyGain.benchmark.map((b) => b.text)) });
      t.equal([want.ship, want.contaminated.items], [false, 10], { what: 'oracle sanity' });
      checkReport(actual, dirtyGain, want, t, 'contaminated gain');
    },
  }),
  testCase({
    id: 'nothing-flagged',
    name: 'reports null accuracies for the contaminated items when none is flagged, one item per predict call',
    visible: false,
    rules: ['report-splits', 'batched-inference'],
    input: nothingFlagged,
    run: evaluateDriver,
    check: (actual, t) => {
      const want = reportOracle(nothingFlagged, { old: toyLabels(TOY_OLD, nothingFlagged.benchmark.map((b) => b.text)), new: toyLabels(TOY_NEW, nothingFlagged.benchmark.map((b) => b.text)) });
      t.equal(want.contaminated.items, 0, { what: 'oracle sanity' });
      checkReport(actual, nothingFlagged, want, t, 'nothing flagged');
    },
  }),
  testCase({
    id: 'every-item-flagged',
    name: 'throws an Error when every benchmark item is contaminated',
    visible: false,
    rules: ['ship-rule'],
    input: everythingFlagged,
    run: evaluateDriver,
    check: (actual, t) => {
      const got = actual as { threw?: boolean; message?: string; usable?: boolean };
      t.that(got.threw === true && typeof got.message === 'string' && got.message.includes('no clean benchmark item'), 'evaluate throws an Error saying "no clean benchmark item" when every item is flagged', { actual: JSON.stringify(got).slice(0, 200) });
    },
  }),
  testCase({
    id: 'launch-review-other-settings',
    name: 'reports the real benchmark with 13-grams, an 0.8 threshold, batches of 50 and a 90% interval',
    visible: false,
    rules: ['token-coverage', 'threshold', 'term-frequencies', 'batched-inference', 'percentile-interval', 'report-splits', 'ship-rule', 'no-leaks'],
    timeoutMs: 8_000,
    input: realSecondSettings,
    run: evaluateDriver,
    check: (actual, t) => checkReport(actual, realSecondSettings, reportOracle(realSecondSettings, PREDICTED), t, 'other settings'),
  }),
  generatedCases({
    id: 'normalise-generated-texts',
    name: 'normalises generated texts (mixed case, digits, punctuation, whitespace, accents, emoji)',
    rules: ['normalise'],
    input: generatedTexts,
    examples: [{ texts: ['', ' ', 'a', 'A-B'] }],
    count: 16,
    run: normaliseDriver,
    what: 'tokens',
  }),
  generatedCases({
    id: 'contamination-generated-corpora',
    name: 'gives each item’s coverage and flag on generated corpora (n from 1 to 6, copies, partial copies, short and empty items)',
    rules: ['ngrams-per-document', 'token-coverage', 'short-items', 'threshold', 'normalise'],
    input: generatedContamination,
    count: 32,
    run: contaminationDriver,
    what: 'contamination',
  }),
  generatedCases({
    id: 'predict-generated-batches',
    name: 'predicts generated selections of tickets with either model and any batch size',
    rules: ['term-frequencies', 'batched-inference', 'no-leaks'],
    input: generatedPredict,
    examples: [{ model: REAL.new, texts: [], batchSize: 3 }],
    count: 16,
    timeoutMs: 6_000,
    run: predictDriver,
    what: 'predictions',
  }),
  generatedCases({
    id: 'bootstrap-generated-outcomes',
    name: 'gives the paired percentile intervals on generated outcomes (1 to 80 items, all right, all wrong, identical, 20 to 300 resamples)',
    rules: ['paired-bootstrap', 'percentile-interval'],
    input: generatedOutcomes,
    examples: [{ correctOld: [true], correctNew: [false], options: { resamples: 20, alpha: 0.2, seed: 1 } }],
    count: 28,
    run: bootstrapDriver,
    what: 'bootstrap intervals',
  }),
  generatedCases({
    id: 'harness-generated-slices',
    name: 'reports generated slices of the benchmark under generated settings',
    rules: ['report-splits', 'ship-rule', 'batched-inference', 'token-coverage', 'short-items', 'no-leaks'],
    input: generatedHarness,
    count: 6,
    perCase: 2,
    timeoutMs: 8_000,
    run: evaluateDriver,
    what: 'the report',
    compare: (actual, expectedOutput, t, input) => {
      const want = expectedOutput as unknown as { report?: Report };
      if (want.report) return checkReport(actual, input, want.report, t, 'generated');
      const got = actual as { threw?: boolean; message?: string };
      t.that(got.threw === true && typeof got.message === 'string' && got.message.includes('no clean benchmark item'), 'evaluate throws an Error saying "no clean benchmark item" when every item is flagged');
    },
  }),
]);
