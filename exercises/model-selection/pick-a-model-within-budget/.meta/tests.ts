import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import data from '../data/candidates.json';

interface Candidate {
  name: string;
  accuracy: number;
  sizeBytes: number;
  latencyMs: number[];
}
interface Budget {
  minAccuracy: number;
  maxP95Ms: number;
  maxSizeBytes: number;
}
interface Choice {
  name: string;
  accuracy: number;
  p95Ms: number;
  sizeBytes: number;
}
interface User {
  p95(samples: number[]): number;
  paretoFront(candidates: Candidate[]): string[];
  chooseModel(candidates: Candidate[], budget: Budget): Choice | null;
}
interface ChooseInput {
  candidates: Candidate[];
  budget: Budget;
}

// ---- Host-side reference ----

function nearestRank95(samples: number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

const summary = (c: Candidate): Choice => ({ name: c.name, accuracy: c.accuracy, p95Ms: nearestRank95(c.latencyMs), sizeBytes: c.sizeBytes });
const comparable = (c: Choice) => !Number.isNaN(c.accuracy) && !Number.isNaN(c.p95Ms);
const fits = (c: Choice, b: Budget) => c.accuracy >= b.minAccuracy && c.p95Ms <= b.maxP95Ms && c.sizeBytes <= b.maxSizeBytes;

function expectedFront(candidates: Candidate[]): string[] {
  const s = candidates.map(summary).filter(comparable);
  const dominated = (c: Choice) =>
    s.some((o) => o.accuracy >= c.accuracy && o.p95Ms <= c.p95Ms && o.sizeBytes <= c.sizeBytes && (o.accuracy > c.accuracy || o.p95Ms < c.p95Ms || o.sizeBytes < c.sizeBytes));
  return s.filter((c) => !dominated(c)).map((c) => c.name);
}

function expectedChoice({ candidates, budget }: ChooseInput): Choice | null {
  const feasible = candidates.map(summary).filter((c) => comparable(c) && fits(c, budget));
  feasible.sort((a, b) => a.p95Ms - b.p95Ms || a.sizeBytes - b.sizeBytes || b.accuracy - a.accuracy);
  return feasible[0] ?? null;
}

const fmt = (n: number) => String(Number(n.toPrecision(6)));

function checkChoice(actual: Plain, input: ChooseInput, t: Checker, where: string): void {
  const expected = expectedChoice(input);
  if (expected === null) {
    t.that(actual === null, `should return null: no candidate meets the accuracy floor and the budget (${where})`, { expected: 'null', actual: JSON.stringify(actual) });
    return;
  }
  t.that(actual !== null && typeof actual === 'object', `returned null, but a candidate meets the accuracy floor and the budget (${where})`, {
    expected: expected.name,
    actual: JSON.stringify(actual),
  });
  const name = (actual as { name?: unknown }).name;
  const chosen = input.candidates.find((c) => c.name === name);
  t.that(chosen !== undefined, `the choice must name one of the candidates (${where})`, { actual: JSON.stringify(name) });
  const truth = summary(chosen!);
  const { budget } = input;
  t.that(comparable(truth), `the chosen model has no usable accuracy or latency measurements (${where})`, { actual: String(name) });
  t.that(truth.accuracy >= budget.minAccuracy, `the chosen model is below the accuracy floor (${where})`, {
    expected: `accuracy >= ${budget.minAccuracy}`,
    actual: `${truth.name}: ${fmt(truth.accuracy)}`,
  });
  t.that(truth.p95Ms <= budget.maxP95Ms, `the chosen model's p95 latency is over the budget (${where})`, {
    expected: `p95 <= ${budget.maxP95Ms} ms`,
    actual: `${truth.name}: p95 ${fmt(truth.p95Ms)} ms`,
  });
  t.that(truth.sizeBytes <= budget.maxSizeBytes, `the chosen model is over the size budget (${where})`, {
    expected: `size <= ${budget.maxSizeBytes} bytes`,
    actual: `${truth.name}: ${truth.sizeBytes} bytes`,
  });
  t.that(truth.p95Ms <= expected.p95Ms, `a faster model also meets the accuracy floor and the budget (${where})`, {
    expected: `${expected.name}, p95 ${fmt(expected.p95Ms)} ms`,
    actual: `${truth.name}, p95 ${fmt(truth.p95Ms)} ms`,
  });
  t.equal(name, expected.name, { what: `chosen model; on equal p95 take the smaller, then the more accurate (${where})` });
  t.closeTo(actual, expected, { what: `accuracy, p95Ms and sizeBytes reported for the chosen model (${where})` });
}

function checkFront(actual: Plain, candidates: Candidate[], t: Checker, where: string): void {
  const expected = expectedFront(candidates);
  t.that(Array.isArray(actual) && actual.every((n) => typeof n === 'string'), `paretoFront should return an array of candidate names (${where})`);
  const names = actual as string[];
  const missing = expected.filter((n) => !names.includes(n));
  const extra = names.filter((n) => !expected.includes(n));
  t.that(missing.length === 0, `a candidate that nothing dominates is missing from the front (${where})`, { expected: expected.join(', '), actual: names.join(', ') });
  t.that(extra.length === 0, `a dominated or unmeasured candidate is on the front (${where})`, { expected: expected.join(', '), actual: names.join(', ') });
  t.equal(names, expected, { what: `front, in the order of the input (${where})` });
}

// ---- Data ----

const zoo = data.candidates.map((c) => ({ name: c.name, accuracy: c.accuracy, sizeBytes: c.sizeBytes, latencyMs: c.latencyMs }));
const scannerBudget: Budget = { minAccuracy: 0.95, maxP95Ms: 50, maxSizeBytes: 16_384 };

/** Twenty samples with small jitter, or a steady base with a few slow spikes (the mean hides them). */
const steady = (base: number, n = 20) => Array.from({ length: n }, (_, i) => base + (i % 5) * 0.5);
const spiky = (base: number, spike: number, spikes: number, n = 20) => Array.from({ length: n }, (_, i) => (i < n - spikes ? base : spike));

const spikyVsSteady: ChooseInput = {
  candidates: [
    { name: 'gbdt-lite', accuracy: 0.953, sizeBytes: 9_000, latencyMs: spiky(12, 140, 3) },
    { name: 'mlp-narrow', accuracy: 0.955, sizeBytes: 6_000, latencyMs: steady(38) },
    { name: 'mlp-wide', accuracy: 0.97, sizeBytes: 60_000, latencyMs: steady(70) },
  ],
  budget: { minAccuracy: 0.95, maxP95Ms: 50, maxSizeBytes: 64_000 },
};

const twins: Candidate[] = [
  { name: 'export-a', accuracy: 0.96, sizeBytes: 8_000, latencyMs: steady(20) },
  { name: 'export-b', accuracy: 0.96, sizeBytes: 8_000, latencyMs: steady(20) },
  { name: 'dominated', accuracy: 0.95, sizeBytes: 9_000, latencyMs: steady(25) },
  { name: 'bigger-but-better', accuracy: 0.97, sizeBytes: 30_000, latencyMs: steady(30) },
];

const atTheEdges: ChooseInput = {
  candidates: [
    { name: 'just-below', accuracy: 0.9499, sizeBytes: 1_000, latencyMs: steady(5) },
    { name: 'exactly-at-floor', accuracy: 0.95, sizeBytes: 16_384, latencyMs: spiky(40, 50, 2) },
    { name: 'over-size', accuracy: 0.99, sizeBytes: 16_385, latencyMs: steady(10) },
  ],
  budget: { minAccuracy: 0.95, maxP95Ms: 50, maxSizeBytes: 16_384 },
};

const failedRuns: Candidate[] = [
  { name: 'eval-crashed', accuracy: Number.NaN, sizeBytes: 500, latencyMs: steady(1) },
  { name: 'never-benchmarked', accuracy: 0.99, sizeBytes: 500, latencyMs: [] },
  { name: 'ok', accuracy: 0.96, sizeBytes: 4_000, latencyMs: steady(30) },
];

const latencyTies: ChooseInput = {
  candidates: [
    { name: 'same-speed-big', accuracy: 0.99, sizeBytes: 12_000, latencyMs: steady(20) },
    { name: 'same-speed-small-less-accurate', accuracy: 0.96, sizeBytes: 4_000, latencyMs: steady(20) },
    { name: 'same-speed-small-accurate', accuracy: 0.97, sizeBytes: 4_000, latencyMs: steady(20) },
    { name: 'slower', accuracy: 0.98, sizeBytes: 1_000, latencyMs: steady(21) },
  ],
  budget: { minAccuracy: 0.95, maxP95Ms: 50, maxSizeBytes: 16_384 },
};

const sizeBound: ChooseInput = {
  candidates: [
    { name: 'fast-but-huge', accuracy: 0.97, sizeBytes: 250_000, latencyMs: steady(8) },
    { name: 'fits', accuracy: 0.96, sizeBytes: 15_000, latencyMs: steady(30) },
  ],
  budget: { minAccuracy: 0.95, maxP95Ms: 50, maxSizeBytes: 16_384 },
};

const shuffled20 = [7, 19, 3, 12, 20, 1, 15, 9, 18, 5, 11, 2, 17, 8, 14, 4, 16, 10, 13, 6];


// ---- Generated cases ----

/** 0 to 60 samples (every size where a rank formula could differ), with repeats, in any order. */
const generatedSamples = fc.array(fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 10, max: 900 }).map((v) => v / 10)), { maxLength: 60 });

/**
 * 0 to 7 candidates whose accuracies, sizes and latencies come from small sets: ties on every
 * axis, values exactly at each limit, NaN accuracies and missing benchmarks.
 */
const generatedCandidates = fc
  .array(
    fc.record({
      accuracy: fc.constantFrom(0.9, 0.94, 0.95, 0.95, 0.955, 0.97, 0.99, Number.NaN),
      sizeBytes: fc.constantFrom(900, 4_000, 8_000, 16_384, 16_384, 16_385, 60_000),
      latencyMs: fc.oneof(
        { weight: 3, arbitrary: fc.array(fc.constantFrom(8, 12, 20, 20, 30, 49, 50, 50, 51, 140), { minLength: 1, maxLength: 24 }) },
        // Steady runs: equal p95 for many candidates, so the tie-breaks decide.
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom(12, 20, 50), fc.integer({ min: 1, max: 20 })).map(([ms, n]) => new Array<number>(n).fill(ms)) },
        { weight: 1, arbitrary: fc.constant([] as number[]) },
      ),
    }),
    { maxLength: 7 },
  )
  .map((candidates) => candidates.map((c, i) => ({ name: `model-${i}`, ...c })));

const generatedChoice: fc.Arbitrary<ChooseInput> = fc.record({
  candidates: generatedCandidates,
  budget: fc.record({
    minAccuracy: fc.constantFrom(0.9, 0.95, 0.97),
    maxP95Ms: fc.constantFrom(20, 50, 200),
    maxSizeBytes: fc.constantFrom(8_000, 16_384, 100_000),
  }),
});

export default defineTests<User>()([
  testCase({
    id: 'p95-of-the-measured-samples',
    name: 'takes the nearest-rank 95th percentile of unsorted samples and of each candidate’s measurements',
    visible: true,
    rules: ['nearest-rank-p95'],
    input: { twenty: shuffled20, zoo: zoo.map((c) => c.latencyMs) },
    run: (user: User, input: { twenty: number[]; zoo: number[][] }) => ({ twenty: user.p95(input.twenty), zoo: input.zoo.map((s) => user.p95(s)) }),
    check: (actual, t) => {
      const a = actual as { twenty?: unknown; zoo?: unknown };
      t.closeTo(a.twenty, 19, { what: 'p95 of the latency samples 1..20 (nearest rank: the 19th smallest)' });
      t.closeTo(a.zoo, zoo.map((c) => nearestRank95(c.latencyMs)), { what: 'p95 of the latency samples of each zoo candidate' });
    },
  }),
  testCase({
    id: 'chooses-for-the-scanner-budget',
    name: 'chooses the fastest zoo model that meets 95% accuracy, p95 <= 50 ms per batch and 16 KB',
    visible: true,
    rules: ['fastest-that-fits', 'choice-or-null'],
    input: { candidates: zoo, budget: scannerBudget },
    run: (user: User, input: ChooseInput) => user.chooseModel(input.candidates, input.budget),
    check: (actual, t) => checkChoice(actual, { candidates: zoo, budget: scannerBudget }, t, 'the zoo candidates, scanner budget'),
  }),
  testCase({
    id: 'front-of-the-zoo-candidates',
    name: 'lists the zoo candidates that no other beats on accuracy, p95 latency and size at once',
    visible: true,
    rules: ['dominance', 'front-in-input-order'],
    input: { candidates: zoo },
    run: (user: User, input: { candidates: Candidate[] }) => user.paretoFront(input.candidates),
    check: (actual, t) => checkFront(actual, zoo, t, 'the zoo candidates'),
  }),
  testCase({
    id: 'budgets-the-p95-not-the-mean',
    name: 'rejects a model whose average is fast but whose p95 is over the budget',
    visible: true,
    rules: ['nearest-rank-p95', 'fits-at-the-limits'],
    input: spikyVsSteady,
    run: (user: User, input: ChooseInput) => user.chooseModel(input.candidates, input.budget),
    check: (actual, t) => checkChoice(actual, spikyVsSteady, t, 'a model fast on average with slow spikes'),
  }),
  testCase({
    id: 'returns-null-when-nothing-fits',
    name: 'returns null when no candidate meets the floor and the budget',
    visible: false,
    rules: ['choice-or-null'],
    input: { candidates: zoo, budget: { minAccuracy: 0.99, maxP95Ms: 50, maxSizeBytes: 16_384 } },
    run: (user: User, input: ChooseInput) => user.chooseModel(input.candidates, input.budget),
    check: (actual, t) => checkChoice(actual, { candidates: zoo, budget: { minAccuracy: 0.99, maxP95Ms: 50, maxSizeBytes: 16_384 } }, t, 'a floor no model reaches'),
  }),
  testCase({
    id: 'keeps-identical-candidates-on-the-front',
    name: 'keeps two identical candidates on the front (neither dominates the other) and drops a dominated one',
    visible: false,
    rules: ['dominance', 'front-in-input-order'],
    input: { candidates: twins },
    run: (user: User, input: { candidates: Candidate[] }) => user.paretoFront(input.candidates),
    check: (actual, t) => checkFront(actual, twins, t, 'identical candidates'),
  }),
  testCase({
    id: 'accepts-a-model-exactly-at-the-limits',
    name: 'accepts accuracy exactly at the floor, p95 exactly at the budget and size exactly at the limit',
    visible: false,
    rules: ['fits-at-the-limits'],
    input: atTheEdges,
    run: (user: User, input: ChooseInput) => user.chooseModel(input.candidates, input.budget),
    check: (actual, t) => checkChoice(actual, atTheEdges, t, 'a model exactly at the floor and the limits'),
  }),
  testCase({
    id: 'skips-failed-measurements',
    name: 'leaves a candidate with a NaN accuracy or no latency samples off the front and out of the choice',
    visible: false,
    rules: ['measured-only'],
    input: { candidates: failedRuns, budget: { minAccuracy: 0.9, maxP95Ms: 100, maxSizeBytes: 100_000 } },
    run: (user: User, input: ChooseInput) => ({ front: user.paretoFront(input.candidates), choice: user.chooseModel(input.candidates, input.budget) }),
    check: (actual, t) => {
      const a = actual as { front?: Plain; choice?: Plain };
      checkFront(a.front ?? null, failedRuns, t, 'candidates whose evaluation or benchmark failed');
      checkChoice(a.choice ?? null, { candidates: failedRuns, budget: { minAccuracy: 0.9, maxP95Ms: 100, maxSizeBytes: 100_000 } }, t, 'candidates whose evaluation or benchmark failed');
    },
  }),
  testCase({
    id: 'breaks-latency-ties-by-size-then-accuracy',
    name: 'on equal p95 takes the smaller model, then the more accurate one',
    visible: false,
    rules: ['fastest-that-fits'],
    input: latencyTies,
    run: (user: User, input: ChooseInput) => user.chooseModel(input.candidates, input.budget),
    check: (actual, t) => checkChoice(actual, latencyTies, t, 'models with equal p95 latency'),
  }),
  testCase({
    id: 'respects-the-size-budget',
    name: 'rejects a fast, accurate model that does not fit in the firmware image',
    visible: false,
    rules: ['fits-at-the-limits', 'fastest-that-fits'],
    input: sizeBound,
    run: (user: User, input: ChooseInput) => user.chooseModel(input.candidates, input.budget),
    check: (actual, t) => checkChoice(actual, sizeBound, t, 'a fast model over the size limit'),
  }),
  testCase({
    id: 'p95-edge-cases',
    name: 'p95 of one sample, of 21 samples and of none (NaN), without reordering the caller’s array',
    visible: false,
    rules: ['nearest-rank-p95', 'p95-keeps-order'],
    input: { one: [42], many: [...shuffled20, 21] },
    run: (user: User, input: { one: number[]; many: number[] }, h: HarnessHelpers) => {
      // Lent, not copied: a sort in place would show in the driver's array.
      const many = h.lend(input.many.slice());
      const value = user.p95(many);
      return { one: user.p95(input.one), many: value, none: user.p95([]), untouched: many.every((v, i) => v === input.many[i]) };
    },
    check: (actual, t) => {
      const a = actual as { one?: unknown; many?: unknown; none?: unknown; untouched?: unknown };
      t.closeTo(a.one, 42, { what: 'p95 of a single latency sample', visibleWhat: 'p95 of the latency samples [42]' });
      t.closeTo(a.many, 20, { what: 'p95 of an odd number of latency samples (nearest rank)', visibleWhat: 'p95 of the latency samples 1..21 (the 20th smallest)' });
      t.closeTo(a.none, Number.NaN, { what: 'p95 of no samples' });
      t.that(a.untouched === true, 'p95 must not sort or change the caller’s samples array');
    },
  }),
  generatedCases({
    id: 'p95-of-generated-samples',
    name: 'p95 is the nearest-rank 95th percentile of generated samples (0 to 60 of them, repeats, any order) and leaves them in their order',
    rules: ['nearest-rank-p95', 'p95-keeps-order'],
    input: generatedSamples,
    examples: [[], [7], [3, 1], Array.from({ length: 40 }, (_, i) => 40 - i)],
    count: 24,
    run: (user: User, samples: number[], h: HarnessHelpers) => {
      const lent = h.lend(samples.slice());
      return { p95: user.p95(lent), samples: lent };
    },
    what: 'p95 of the samples, and the samples afterwards',
  }),
  generatedCases({
    id: 'chooses-among-generated-candidates-like-the-reference',
    name: 'the front and the choice match the reference for generated candidates (ties on every axis, values exactly at each limit, NaN accuracy, no benchmark, no candidates)',
    rules: ['measured-only', 'dominance', 'front-in-input-order', 'fits-at-the-limits', 'fastest-that-fits', 'choice-or-null', 'no-mutation'],
    input: generatedChoice,
    examples: [
      { candidates: [], budget: scannerBudget },
      {
        candidates: [
          { name: 'a', accuracy: 0.95, sizeBytes: 16_384, latencyMs: [50] },
          { name: 'b', accuracy: 0.96, sizeBytes: 16_384, latencyMs: [50] },
          { name: 'c', accuracy: 0.95, sizeBytes: 16_000, latencyMs: [50] },
          { name: 'd', accuracy: 0.95, sizeBytes: 16_384, latencyMs: [49] },
        ],
        budget: scannerBudget,
      },
      // Identical twins: the first listed wins.
      {
        candidates: [
          { name: 'twin-a', accuracy: 0.96, sizeBytes: 8_000, latencyMs: [20] },
          { name: 'twin-b', accuracy: 0.96, sizeBytes: 8_000, latencyMs: [20, 20] },
        ],
        budget: scannerBudget,
      },
      // Equal accuracy and p95: the smaller one dominates on size alone.
      {
        candidates: [
          { name: 'larger', accuracy: 0.96, sizeBytes: 16_384, latencyMs: [20] },
          { name: 'smaller', accuracy: 0.96, sizeBytes: 8_000, latencyMs: [20] },
        ],
        budget: { minAccuracy: 0.99, maxP95Ms: 50, maxSizeBytes: 16_384 },
      },
      // Equal p95: the smaller, then the more accurate, whatever comes later in the list.
      {
        candidates: [
          { name: 'small', accuracy: 0.97, sizeBytes: 4_000, latencyMs: [20] },
          { name: 'small-less-accurate', accuracy: 0.96, sizeBytes: 4_000, latencyMs: [20] },
          { name: 'big-more-accurate', accuracy: 0.99, sizeBytes: 12_000, latencyMs: [20] },
        ],
        budget: scannerBudget,
      },
    ],
    count: 30,
    run: (user: User, input: ChooseInput, h: HarnessHelpers) => {
      const candidates = h.lend(input.candidates.map((c) => ({ ...c, latencyMs: c.latencyMs.slice() })));
      return { front: user.paretoFront(candidates), choice: user.chooseModel(candidates, input.budget), candidates };
    },
    what: 'Pareto front and choice',
  }),
]);
