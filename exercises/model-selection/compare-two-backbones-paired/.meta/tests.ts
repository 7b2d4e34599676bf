import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import backbonesJson from '../data/backbones.json';
import expected from './expected.json';

interface Backbone {
  name: string;
  train: { embeddings: number[][]; labels: number[] };
  test: { ids: string[]; embeddings: number[][]; labels: number[] };
}
interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}
interface CompareOptions {
  probe: ProbeOptions;
  alpha: number;
  resamples: number;
  seed: number;
}
interface BootstrapOptions {
  resamples: number;
  alpha: number;
  seed: number;
}
interface Interval {
  difference: number;
  low: number;
  high: number;
}
interface Comparison extends Interval {
  ids: string[];
  correctA: boolean[];
  correctB: boolean[];
  accuracyA: number;
  accuracyB: number;
  onlyA: number;
  onlyB: number;
  pValue: number;
  winner: string | null;
}
type Side = 'first' | 'second' | 'none';
interface User {
  mcnemarExactP(onlyA: number, onlyB: number): number;
  pairedBootstrap(correctA: boolean[], correctB: boolean[], options: BootstrapOptions): Interval;
  verdict(pValue: number, low: number, high: number, alpha: number): Side;
  compareBackbones(a: Backbone, b: Backbone, options: CompareOptions): Promise<Comparison>;
}

const [mobilenet, inception] = backbonesJson.backbones as Backbone[] as [Backbone, Backbone];
const JOBS = expected as unknown as { bakeOff: { options: CompareOptions; result: Comparison }; reversedShortRecipe: { options: CompareOptions; result: Comparison } };

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

function pOracle(onlyA: number, onlyB: number): number {
  const n = onlyA + onlyB;
  if (n === 0) return 1;
  let logPmf = -n * Math.LN2;
  let tail = 0;
  for (let k = 0; k <= Math.min(onlyA, onlyB); k++) {
    tail += Math.exp(logPmf);
    logPmf += Math.log(n - k) - Math.log(k + 1);
  }
  return Math.min(1, 2 * tail);
}

function bootstrapOracle(correctA: boolean[], correctB: boolean[], options: BootstrapOptions): Interval {
  const n = correctA.length;
  const rand = mulberry32(options.seed);
  const differences: number[] = [];
  for (let r = 0; r < options.resamples; r++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      const i = Math.floor(rand() * n);
      a += correctA[i] ? 1 : 0;
      b += correctB[i] ? 1 : 0;
    }
    differences.push((a - b) / n);
  }
  differences.sort((x, y) => x - y);
  const k = Math.round((options.resamples * options.alpha) / 2);
  const count = (c: boolean[]) => c.filter(Boolean).length;
  return { difference: (count(correctA) - count(correctB)) / n, low: differences[k]!, high: differences[options.resamples - 1 - k]! };
}

const verdictOracle = (p: number, low: number, high: number, alpha: number): Side => (p < alpha && low > 0 ? 'first' : p < alpha && high < 0 ? 'second' : 'none');

const sharedIds = (a: Backbone, b: Backbone) => a.test.ids.filter((id) => b.test.ids.includes(id));

// ---- Drivers (sandbox) ----

const pDriver = (user: User, input: { pairs: number[][] }) => input.pairs.map(([onlyA, onlyB]) => user.mcnemarExactP(onlyA!, onlyB!));
const bootstrapDriver = (user: User, input: { correctA: boolean[]; correctB: boolean[]; options: BootstrapOptions }) => {
  const r = user.pairedBootstrap(input.correctA, input.correctB, input.options);
  return { difference: r.difference, low: r.low, high: r.high };
};
const verdictDriver = (user: User, input: { cases: { p: number; low: number; high: number; alpha: number }[] }) => input.cases.map((c) => user.verdict(c.p, c.low, c.high, c.alpha));
const compareDriver = async (user: User, input: { a: Backbone; b: Backbone; options: CompareOptions }) => {
  try {
    const c = await user.compareBackbones(input.a, input.b, input.options);
    const { ids, correctA, correctB, accuracyA, accuracyB, onlyA, onlyB, pValue, difference, low, high, winner } = c;
    return { ids, correctA, correctB, accuracyA, accuracyB, onlyA, onlyB, pValue, difference, low, high, winner };
  } catch (error) {
    return { threw: error instanceof Error, message: error instanceof Error ? error.message : String(error) };
  }
};

// ---- Checks ----

function checkP(got: number, want: number, t: Checker, what: string, visibleWhat?: string): void {
  t.closeTo(got, want, { what, visibleWhat, tolerance: 1e-9 * Math.max(want, 1e-300) });
}

function checkPs(actual: Plain, pairs: number[][], t: Checker, label: string): void {
  const got = actual as number[];
  t.that(Array.isArray(got) && got.length === pairs.length, 'mcnemarExactP should return one number per call');
  pairs.forEach(([a, b], i) => checkP(got[i]!, pOracle(a!, b!), t, 'McNemar exact p-value', `McNemar exact p-value for onlyA = ${a}, onlyB = ${b} (${label})`));
}

function checkInterval(actual: Plain, want: Interval, t: Checker, label: string): void {
  const got = actual as unknown as Interval;
  t.that(typeof got === 'object' && got !== null, 'pairedBootstrap should return { difference, low, high }');
  t.closeTo(got.difference, want.difference, { what: 'accuracy difference A − B', visibleWhat: `accuracy difference A − B (${label})` });
  t.closeTo(got.low, want.low, { what: 'lower end of the paired bootstrap interval', visibleWhat: `lower end of the paired bootstrap interval (${label})` });
  t.closeTo(got.high, want.high, { what: 'upper end of the paired bootstrap interval', visibleWhat: `upper end of the paired bootstrap interval (${label})` });
}

/**
 * A comparison, checked against its own per-photo outcomes (so any probe that follows the recipe
 * passes): the shared ids, the discordant counts, the accuracies, the p-value, the interval and the
 * verdict must all follow from correctA / correctB by the rules.
 */
function checkConsistent(actual: Plain, input: { a: Backbone; b: Backbone; options: CompareOptions }, t: Checker, label: string): Comparison {
  const got = actual as unknown as Comparison;
  const ids = sharedIds(input.a, input.b);
  t.equal(got.ids, ids, { what: 'ids of the photos compared: the ones both backbones have, in the first backbone’s order', visibleWhat: `ids of the photos compared (${label})` });
  t.that(Array.isArray(got.correctA) && Array.isArray(got.correctB) && got.correctA.length === ids.length && got.correctB.length === ids.length, 'correctA and correctB have one entry per shared photo');
  const countA = got.correctA.filter(Boolean).length;
  const countB = got.correctB.filter(Boolean).length;
  const onlyA = got.correctA.filter((c, i) => c && !got.correctB[i]).length;
  const onlyB = got.correctB.filter((c, i) => c && !got.correctA[i]).length;
  t.closeTo(got.accuracyA, countA / ids.length, { what: 'accuracy of the first probe on the shared photos', visibleWhat: `accuracy of the first probe on the shared photos (${label})` });
  t.closeTo(got.accuracyB, countB / ids.length, { what: 'accuracy of the second probe on the shared photos', visibleWhat: `accuracy of the second probe on the shared photos (${label})` });
  t.equal([got.onlyA, got.onlyB], [onlyA, onlyB], { what: 'discordant counts [onlyA, onlyB]', visibleWhat: `discordant counts [onlyA, onlyB] (${label})` });
  checkP(got.pValue, pOracle(onlyA, onlyB), t, 'McNemar exact p-value of the comparison', `McNemar exact p-value of the comparison (${label})`);
  const interval = bootstrapOracle(got.correctA, got.correctB, input.options);
  checkInterval({ difference: got.difference, low: got.low, high: got.high }, interval, t, label);
  const side = verdictOracle(pOracle(onlyA, onlyB), interval.low, interval.high, input.options.alpha);
  t.equal(got.winner, side === 'first' ? input.a.name : side === 'second' ? input.b.name : null, { what: 'winner', visibleWhat: `winner (${label})` });
  return got;
}

/** The fixed recipe on the real embeddings: the per-photo outcomes and every number must match the reference's. */
function checkExact(actual: Plain, input: { a: Backbone; b: Backbone; options: CompareOptions }, want: Comparison, t: Checker, label: string): void {
  const got = actual as unknown as Comparison;
  t.that(!('threw' in got), 'compareBackbones returns a comparison for backbones that share photos');
  t.equal(got.ids, want.ids, { what: 'ids of the photos compared: the ones both backbones have, in the first backbone’s order', visibleWhat: `ids of the photos compared (${label})` });
  t.closeTo([got.accuracyA, got.accuracyB], [want.accuracyA, want.accuracyB], { what: 'accuracies of the two probes (recipe)', visibleWhat: `accuracies of the two probes (${label})` });
  t.equal(got.correctA, want.correctA, { what: 'photos the first probe gets right (recipe)', visibleWhat: `photos the first probe gets right (${label})` });
  t.equal(got.correctB, want.correctB, { what: 'photos the second probe gets right (recipe)', visibleWhat: `photos the second probe gets right (${label})` });
  checkConsistent(actual, input, t, label);
}

// ---- Hand-made inputs ----

/** Last quarter: 40 photos, A right on 30, B on 29; 3 only A, 2 only B. */
const lastQuarter = (() => {
  const correctA = Array.from({ length: 40 }, (_, i) => i < 30);
  const correctB = Array.from({ length: 40 }, (_, i) => i < 27 || (i >= 30 && i < 32));
  return { correctA, correctB, options: { resamples: 1000, alpha: 0.05, seed: 11 } };
})();
const samePhotosSameAnswers = (() => {
  const correct = Array.from({ length: 30 }, (_, i) => i % 3 !== 0);
  return { correctA: correct, correctB: [...correct], options: { resamples: 200, alpha: 0.1, seed: 3 } };
})();
/** k = round(20 · 0.05 / 2) = round(0.5) = 1 and round(30 · 0.1 / 2) = round(1.5) = 2, where rounding down gives 0 and 1 (and other ends, with this seed). */
const fewResamples = (() => {
  const correctA = Array.from({ length: 12 }, (_, i) => i % 2 === 0 || i === 5);
  const correctB = Array.from({ length: 12 }, (_, i) => i % 4 === 0);
  return [
    { correctA, correctB, options: { resamples: 20, alpha: 0.05, seed: 2 } },
    { correctA, correctB, options: { resamples: 30, alpha: 0.1, seed: 2 } },
  ];
})();
const verdictExamples = [
  { p: 0.0386, low: 0.056, high: 0.389, alpha: 0.05 },
  { p: 0.0386, low: -0.389, high: -0.056, alpha: 0.05 },
  { p: 1, low: -0.05, high: 0.075, alpha: 0.05 },
  { p: 0.2, low: 0.01, high: 0.3, alpha: 0.05 },
];
const verdictEdges = [
  { p: 0.05, low: 0.1, high: 0.2, alpha: 0.05 },
  { p: 0.01, low: 0, high: 0.2, alpha: 0.05 },
  { p: 0.01, low: -0.2, high: 0, alpha: 0.05 },
  { p: 0.01, low: -0.1, high: 0.2, alpha: 0.05 },
  { p: 0.049, low: 0.001, high: 0.2, alpha: 0.05 },
  { p: 0.09, low: -0.3, high: -0.01, alpha: 0.1 },
];
const promptPairs = [[10, 2], [3, 2], [0, 0]];
const edgePairs = [[0, 5], [5, 0], [2, 3], [3, 2], [1, 0], [0, 1], [12, 12], [1000, 1000], [1000, 900], [0, 1000], [1000, 0], [400, 450], [37, 61]];

/** Toy backbones: one column per class holding `signal` for its own class (0 = nothing separates them), one noise column; test ids `t-<i>` in the given order. */
function toyBackbone(name: string, signal: number, classes: number, trainRows: number, testIds: number[]): Backbone {
  const row = (label: number, i: number) => [...Array.from({ length: classes }, (_, k) => (label === k ? signal : 0)), ((i * 7) % 5) / 5];
  const trainLabels = Array.from({ length: trainRows }, (_, i) => i % classes);
  const testLabels = testIds.map((i) => (i * 5 + 1) % classes);
  return {
    name,
    train: { embeddings: trainLabels.map((y, i) => row(y, i)), labels: trainLabels },
    test: { ids: testIds.map((i) => `t-${i}`), embeddings: testLabels.map((y, k) => row(y, testIds[k]! + 100)), labels: testLabels },
  };
}
const toyProbe: ProbeOptions = { classes: 3, epochs: 12, learningRate: 0.5, seed: 5 };
const toyOptions: CompareOptions = { probe: toyProbe, alpha: 0.1, resamples: 300, seed: 8 };
const shuffledToys = { a: toyBackbone('sharp', 6, 3, 15, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), b: toyBackbone('blurry', 0, 3, 15, [11, 3, 14, 7, 0, 5, 9, 12, 1, 8]), options: toyOptions };
const secondSharper = { a: toyBackbone('blurry', 0, 3, 15, Array.from({ length: 16 }, (_, i) => i)), b: toyBackbone('sharp', 6, 3, 15, Array.from({ length: 16 }, (_, i) => i)), options: { ...toyOptions, alpha: 0.05 } };
const disjointToys = { a: toyBackbone('sharp', 6, 3, 15, [0, 1, 2]), b: toyBackbone('blurry', 0, 3, 15, [3, 4, 5]), options: toyOptions };

// ---- Generators ----

const generatedPairs = fc.record({
  pairs: fc.array(
    fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })),
      fc.integer({ min: 0, max: 60 }).map((k) => [k, k] as [number, number]),
      fc.integer({ min: 0, max: 60 }).map((k) => [k, 0] as [number, number]),
      fc.tuple(fc.integer({ min: 200, max: 1000 }), fc.integer({ min: 200, max: 1000 })),
    ),
    { minLength: 1, maxLength: 6 },
  ),
});

const generatedOutcomes = fc
  .record({
    n: fc.integer({ min: 1, max: 60 }),
    rateA: fc.constantFrom(0, 0.5, 0.7, 0.9, 1),
    agreement: fc.constantFrom(0.5, 0.8, 1),
    salt: fc.integer({ min: 0, max: 1_000_000 }),
    resamples: fc.integer({ min: 20, max: 400 }),
    alpha: fc.constantFrom(0.01, 0.05, 0.1, 0.2),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
  })
  .map(({ n, rateA, agreement, salt, resamples, alpha, seed }) => {
    const rand = mulberry32(salt);
    const correctA = Array.from({ length: n }, () => rand() < rateA);
    const correctB = correctA.map((c) => (rand() < agreement ? c : !c));
    return { correctA, correctB, options: { resamples, alpha, seed } };
  });

const generatedVerdicts = fc.record({
  cases: fc.array(
    fc.record({
      p: fc.constantFrom(0, 1e-6, 0.01, 0.049, 0.05, 0.051, 0.1, 0.2, 1),
      low: fc.constantFrom(-0.3, -0.05, 0, 0.025, 0.2),
      width: fc.constantFrom(0, 0.05, 0.3),
      alpha: fc.constantFrom(0.01, 0.05, 0.1, 0.2),
    }).map(({ p, low, width, alpha }) => ({ p, low, high: low + width, alpha })),
    { minLength: 4, maxLength: 8 },
  ),
});

const generatedJob = fc
  .record({
    trainRows: fc.integer({ min: 6, max: 18 }),
    idsA: fc.shuffledSubarray(Array.from({ length: 16 }, (_, i) => i), { minLength: 4, maxLength: 16 }),
    idsB: fc.shuffledSubarray(Array.from({ length: 16 }, (_, i) => i), { minLength: 4, maxLength: 16 }),
    signals: fc.constantFrom([6, 0], [0, 6], [6, 6], [0, 0]),
    epochs: fc.integer({ min: 10, max: 15 }),
    seed: fc.integer({ min: 1, max: 999 }),
    alpha: fc.constantFrom(0.05, 0.1, 0.2),
  })
  .filter(({ idsA, idsB }) => idsA.some((id) => idsB.includes(id)))
  .map(({ trainRows, idsA, idsB, signals, epochs, seed, alpha }) => ({
    a: toyBackbone('first-net', signals[0]!, 3, trainRows, idsA),
    b: toyBackbone('second-net', signals[1]!, 3, trainRows, idsB),
    options: { probe: { classes: 3, epochs, learningRate: 0.5, seed }, alpha, resamples: 100, seed: seed * 7 },
  }));

/** A probe on a backbone whose embeddings separate the classes gets (nearly) every shared photo right. */
function checkSharpProbe(got: Comparison, input: { a: Backbone; b: Backbone }, t: Checker): void {
  if (got.ids.length < 4) return;
  if (input.a.train.embeddings[0]![0] === 6) t.atLeast(got.accuracyA, 0.75, { what: 'accuracy of a probe on embeddings that separate the classes' });
  if (input.b.train.embeddings[0]![0] === 6) t.atLeast(got.accuracyB, 0.75, { what: 'accuracy of a probe on embeddings that separate the classes' });
}

export default defineTests<User>()([
  testCase({
    id: 'mcnemar-prompt-examples',
    name: 'gives the prompt’s exact McNemar p-values, 1 with no discordant photo',
    visible: true,
    rules: ['mcnemar-exact'],
    input: { pairs: promptPairs },
    run: pDriver,
    check: (actual, t) => checkPs(actual, promptPairs, t, 'the prompt'),
  }),
  testCase({
    id: 'last-quarter-one-photo',
    name: 'a one-photo gap on 40 photos gives an interval across zero',
    visible: true,
    rules: ['paired-bootstrap', 'percentile-interval'],
    input: lastQuarter,
    run: bootstrapDriver,
    check: (actual, t) => checkInterval(actual, bootstrapOracle(lastQuarter.correctA, lastQuarter.correctB, lastQuarter.options), t, 'last quarter'),
  }),
  testCase({
    id: 'verdict-prompt-examples',
    name: 'names a winner only when the test rejects and the interval is on one side of zero',
    visible: true,
    rules: ['verdict'],
    input: { cases: verdictExamples },
    run: verdictDriver,
    check: (actual, t) => t.equal(actual, ['first', 'second', 'none', 'none'], { what: 'verdicts' }),
  }),
  testCase({
    id: 'the-bake-off',
    name: 'trains both probes on the real embeddings and compares them on the 36 photos both have',
    visible: true,
    rules: ['probe-recipe', 'same-photos', 'discordant-pairs', 'mcnemar-exact', 'paired-bootstrap', 'verdict'],
    timeoutMs: 15_000,
    input: { a: mobilenet, b: inception, options: JOBS.bakeOff.options },
    run: compareDriver,
    check: (actual, t) => checkExact(actual, { a: mobilenet, b: inception, options: JOBS.bakeOff.options }, JOBS.bakeOff.result, t, 'the bake-off'),
  }),
  testCase({
    id: 'mcnemar-edges',
    name: 'one-sided discordance, symmetric counts, the cap at 1 and a thousand discordant photos each',
    visible: false,
    rules: ['mcnemar-exact'],
    input: { pairs: edgePairs },
    run: pDriver,
    check: (actual, t) => checkPs(actual, edgePairs, t, 'edges'),
  }),
  testCase({
    id: 'same-answers-no-spread',
    name: 'two models right on exactly the same photos: every paired resample differs by 0',
    visible: false,
    rules: ['paired-bootstrap', 'percentile-interval'],
    input: samePhotosSameAnswers,
    run: bootstrapDriver,
    check: (actual, t) => checkInterval(actual, { difference: 0, low: 0, high: 0 }, t, 'identical outcomes'),
  }),
  testCase({
    id: 'twenty-resamples',
    name: 'picks the percentile positions with Math.round(resamples · alpha / 2) at 20 and 30 resamples',
    visible: false,
    rules: ['percentile-interval', 'paired-bootstrap'],
    input: { runs: fewResamples },
    run: (user: User, input: { runs: { correctA: boolean[]; correctB: boolean[]; options: BootstrapOptions }[] }) => input.runs.map((r) => user.pairedBootstrap(r.correctA, r.correctB, r.options)),
    check: (actual, t) => {
      const got = actual as unknown as Interval[];
      t.that(Array.isArray(got) && got.length === fewResamples.length, 'pairedBootstrap should return one interval per call');
      fewResamples.forEach((r, i) => checkInterval(got[i] as unknown as Plain, bootstrapOracle(r.correctA, r.correctB, r.options), t, `${r.options.resamples} resamples`));
    },
  }),
  testCase({
    id: 'verdict-edges',
    name: 'p exactly alpha, an interval ending at zero and an interval across zero name no winner',
    visible: false,
    rules: ['verdict'],
    input: { cases: verdictEdges },
    run: verdictDriver,
    check: (actual, t) => t.equal(actual, verdictEdges.map((c) => verdictOracle(c.p, c.low, c.high, c.alpha)), { what: 'verdicts at the edges' }),
  }),
  testCase({
    id: 'reversed-short-recipe',
    name: 'with the second backbone first and a 15-epoch recipe: the interval excludes zero, the test does not reject, no winner',
    visible: false,
    rules: ['probe-recipe', 'same-photos', 'verdict', 'discordant-pairs'],
    timeoutMs: 15_000,
    input: { a: inception, b: mobilenet, options: JOBS.reversedShortRecipe.options },
    run: compareDriver,
    check: (actual, t) => checkExact(actual, { a: inception, b: mobilenet, options: JOBS.reversedShortRecipe.options }, JOBS.reversedShortRecipe.result, t, 'reversed'),
  }),
  testCase({
    id: 'shuffled-and-missing-photos',
    name: 'pairs photos by id when the second test set is shuffled and has photos the first lacks',
    visible: false,
    rules: ['same-photos', 'discordant-pairs', 'no-leaks'],
    input: shuffledToys,
    run: compareDriver,
    check: (actual, t) => checkSharpProbe(checkConsistent(actual, shuffledToys, t, 'shuffled'), shuffledToys, t),
  }),
  testCase({
    id: 'second-backbone-wins',
    name: 'names the second backbone when its probe is significantly better on the shared photos',
    visible: false,
    rules: ['verdict', 'discordant-pairs'],
    input: secondSharper,
    run: compareDriver,
    check: (actual, t) => {
      const got = checkConsistent(actual, secondSharper, t, 'second sharper');
      checkSharpProbe(got, secondSharper, t);
      t.equal(got.winner, 'sharp', { what: 'winner when the second backbone is clearly better' });
    },
  }),
  testCase({
    id: 'no-shared-photo',
    name: 'throws an Error when the two test sets share no photo',
    visible: false,
    rules: ['same-photos'],
    input: disjointToys,
    run: compareDriver,
    check: (actual, t) => {
      const got = actual as { threw?: boolean; message?: string };
      t.that(got.threw === true && typeof got.message === 'string' && got.message.includes('no shared test photo'), 'compareBackbones throws an Error saying "no shared test photo" when the test sets have no id in common', { actual: JSON.stringify(got).slice(0, 200) });
    },
  }),
  generatedCases({
    id: 'mcnemar-on-generated-counts',
    name: 'gives the exact two-sided McNemar p-value on generated discordant counts (zeros, ties, one-sided, up to 1,000 each)',
    rules: ['mcnemar-exact'],
    input: generatedPairs,
    count: 8,
    run: pDriver,
    what: 'McNemar p-values',
    compare: (actual, _expected, t, input) => checkPs(actual, input.pairs, t, 'generated'),
  }),
  generatedCases({
    id: 'bootstrap-on-generated-outcomes',
    name: 'gives the paired percentile interval on generated outcomes (1 to 60 photos, all right, all wrong, identical, 20 to 400 resamples)',
    rules: ['paired-bootstrap', 'percentile-interval'],
    input: generatedOutcomes,
    count: 10,
    perCase: 5,
    run: bootstrapDriver,
    what: 'bootstrap interval',
  }),
  generatedCases({
    id: 'verdict-on-generated-evidence',
    name: 'decides like the rule on generated p-values and intervals (at alpha, at zero, across zero)',
    rules: ['verdict'],
    input: generatedVerdicts,
    count: 8,
    run: verdictDriver,
    what: 'verdicts',
  }),
  generatedCases({
    id: 'compare-on-generated-backbones',
    name: 'compares generated backbones on the photos both have, consistently with its own per-photo outcomes',
    rules: ['same-photos', 'discordant-pairs', 'probe-recipe', 'no-leaks'],
    input: generatedJob,
    count: 6,
    perCase: 2,
    timeoutMs: 8_000,
    run: compareDriver,
    what: 'the comparison',
    compare: (actual, _expected, t, input) => checkSharpProbe(checkConsistent(actual, input, t, 'generated'), input, t),
  }),
]);
