import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import { mulberry32 } from '@/lib/seeded-random';
import type * as tfjs from '@tensorflow/tfjs';
import encoder from '../data/encoder.json';
import pairFile from '../data/pairs.json';
import requestFile from '../data/requests.json';

interface QueryPair {
  left: number[];
  right: number[];
  sameAnswer: boolean;
}
interface Rates {
  pairs: number;
  hits: number;
  falseHits: number;
  hitRate: number;
  falseHitRate: number;
}
interface Request {
  tokens: number[];
  answer: string;
}
interface Calibration {
  threshold: number | null;
  validation: Rates;
  test: Rates;
}
interface Served {
  servedFrom: number[];
  cached: number[];
}
interface User {
  similarities(model: tfjs.LayersModel, vocabSize: number, pairs: QueryPair[]): number[];
  calibrate(model: tfjs.LayersModel, vocabSize: number, entityIds: number[], validation: QueryPair[], test: QueryPair[], maxFalseHitRate: number): Calibration;
  serve(model: tfjs.LayersModel, vocabSize: number, entityIds: number[], requests: Request[], threshold: number | null, capacity: number): Served;
}
/** The encoder as plain data: one dense tanh layer over bag-of-words counts. */
interface EncoderWeights {
  kernel: number[][];
  bias: number[];
}
interface Setup {
  weights: EncoderWeights;
  entityIds: number[];
}
interface SimilarityCase extends Setup {
  pairs: QueryPair[];
}
interface CalibrateCase extends Setup {
  validation: QueryPair[];
  test: QueryPair[];
  maxFalseHitRate: number;
}
interface ServeCase extends Setup {
  requests: Request[];
  threshold: number | null;
  capacity: number;
}

// ---- Host-side reference (float64) ----

function vector(ids: number[], w: EncoderWeights, normalise = true): number[] {
  const out = w.bias.map((b, k) => Math.tanh(ids.reduce((s, id) => s + w.kernel[id]![k]!, b)));
  const n = Math.sqrt(out.reduce((s, x) => s + x * x, 0));
  return normalise ? out.map((x) => (n === 0 ? 0 : x / n)) : out;
}
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const sim = (a: number[], b: number[], w: EncoderWeights, normalise = true) => dot(vector(a, w, normalise), vector(b, w, normalise));
const entityKey = (ids: number[], entities: Set<number>) => [...new Set(ids.filter((id) => entities.has(id)))].sort((x, y) => x - y).join(',');

type Variant = 'rule' | 'no-entities' | 'over-pairs' | 'strict' | 'highest';
function rates(pairs: QueryPair[], sims: number[], entities: Set<number>, threshold: number | null, variant: Variant = 'rule'): Rates {
  let hits = 0;
  let falseHits = 0;
  pairs.forEach((p, i) => {
    if (threshold === null) return;
    if (variant === 'strict' ? sims[i]! <= threshold : sims[i]! < threshold) return;
    if (variant !== 'no-entities' && entityKey(p.left, entities) !== entityKey(p.right, entities)) return;
    hits += 1;
    if (!p.sameAnswer) falseHits += 1;
  });
  const over = variant === 'over-pairs' ? pairs.length : hits;
  return { pairs: pairs.length, hits, falseHits, hitRate: pairs.length === 0 ? 0 : hits / pairs.length, falseHitRate: over === 0 ? 0 : falseHits / over };
}
function calibrate(c: CalibrateCase, variant: Variant | 'on-test' = 'rule'): Calibration {
  const entities = new Set(c.entityIds);
  const tune = variant === 'on-test' ? c.test : c.validation;
  const v: Variant = variant === 'on-test' ? 'rule' : variant;
  const sims = tune.map((p) => sim(p.left, p.right, c.weights));
  let best: { threshold: number; hits: number } | null = null;
  tune.forEach((p, i) => {
    if (v !== 'no-entities' && entityKey(p.left, entities) !== entityKey(p.right, entities)) return;
    const r = rates(tune, sims, entities, sims[i]!, v);
    if (r.hits === 0 || r.falseHitRate > c.maxFalseHitRate) return;
    if (best === null || (v === 'highest' ? sims[i]! > best.threshold : r.hits > best.hits)) best = { threshold: sims[i]!, hits: r.hits };
  });
  const threshold = (best as { threshold: number } | null)?.threshold ?? null;
  const score = (pairs: QueryPair[]) => rates(pairs, pairs.map((p) => sim(p.left, p.right, c.weights)), entities, threshold, v);
  return { threshold, validation: score(c.validation), test: score(c.test) };
}
function serve(c: ServeCase, variant: 'rule' | 'no-entities' | 'fifo' | 'unbounded' | 'first-match' = 'rule'): Served {
  if (c.threshold === null) return { servedFrom: c.requests.map(() => -1), cached: [] };
  const entities = new Set(c.entityIds);
  const vectors = c.requests.map((r) => vector(r.tokens, c.weights));
  const cached: number[] = [];
  const servedFrom = c.requests.map((request, i) => {
    let best = -1;
    for (const j of cached) {
      if (variant !== 'no-entities' && entityKey(request.tokens, entities) !== entityKey(c.requests[j]!.tokens, entities)) continue;
      const s = dot(vectors[i]!, vectors[j]!);
      if (variant === 'first-match' && s >= c.threshold! && best === -1) best = j;
      if (variant !== 'first-match' && (best === -1 || s > dot(vectors[i]!, vectors[best]!) || (s === dot(vectors[i]!, vectors[best]!) && j < best))) best = j;
    }
    if (best !== -1 && dot(vectors[i]!, vectors[best]!) >= c.threshold!) {
      if (variant !== 'fifo') {
        cached.splice(cached.indexOf(best), 1);
        cached.push(best);
      }
      return best;
    }
    cached.push(i);
    if (variant !== 'unbounded' && cached.length > c.capacity) cached.shift();
    return -1;
  });
  return { servedFrom, cached };
}

// ---- Checks ----

const show = (value: unknown) => JSON.stringify(value);
const TOL = 1e-4;

function checkSimilarities(actual: unknown, c: SimilarityCase, t: Checker, where: string): void {
  const got = actual as { sims?: unknown; calls?: number; batchSizes?: number[] };
  const want = c.pairs.map((p) => sim(p.left, p.right, c.weights));
  const raw = c.pairs.map((p) => sim(p.left, p.right, c.weights, false));
  const sims = Array.isArray(got?.sims) ? (got.sims as number[]) : [];
  t.that(Array.isArray(got?.sims) && sims.length === want.length, `similarities (${where}) should return one number per pair`);
  const near = (a: number[], b: number[]) => a.every((x, i) => Math.abs(x - b[i]!) <= TOL);
  if (!near(sims, want)) {
    t.that(!near(sims, raw) || near(raw, want), `similarities (${where}): the encoder's vectors do not have unit length: divide each by its L2 norm so the dot product is the cosine`);
    t.closeTo(sims, want, { what: `similarities (${where}): cosine similarity of each pair's two embeddings`, tolerance: TOL });
  }
  if (c.pairs.length === 0) return;
  t.that(got.calls === 1 && show(got.batchSizes) === show([2 * c.pairs.length]), `similarities (${where}): embed all left and right queries with one model.predict call`, {
    expected: `batch sizes [${2 * c.pairs.length}]`,
    actual: `batch sizes ${show(got.batchSizes)}`,
  });
}

function checkRates(actual: unknown, want: Rates, t: Checker, what: string): void {
  t.closeTo(actual, want, { what, tolerance: TOL });
}

function checkCalibration(actual: unknown, c: CalibrateCase, t: Checker, where: string): void {
  const got = (actual ?? {}) as Calibration;
  const want = calibrate(c);
  const sameAs = (variant: Variant | 'on-test') => {
    const other = calibrate(c, variant);
    const matches = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) <= TOL);
    return matches(got.threshold, other.threshold) && !matches(want.threshold, other.threshold);
  };
  t.that(!sameAs('on-test'), `calibrate (${where}): the threshold must be chosen on the validation pairs only; the test pairs are scored once, at that threshold`);
  t.that(!sameAs('no-entities'), `calibrate (${where}): a pair whose queries name different entities is never a hit, whatever its similarity`);
  t.that(!sameAs('over-pairs'), `calibrate (${where}): the false-hit rate is false hits divided by hits, not by all pairs`);
  t.that(!sameAs('highest'), `calibrate (${where}): among the thresholds that keep the false-hit rate within the target, take the one with the most hits (the lowest)`);
  t.that(!sameAs('strict'), `calibrate (${where}): a pair is a hit when its similarity is at least the threshold (>=), so the pair the threshold comes from is a hit`);
  if (want.threshold === null) t.that(got.threshold === null, `calibrate (${where}): threshold is null when no threshold keeps the false-hit rate within the target (the cache stays off)`, { expected: 'null', actual: show(got.threshold) });
  else t.closeTo(got.threshold, want.threshold, { what: `calibrate (${where}): the threshold with the most validation hits whose false-hit rate is within the target`, tolerance: TOL });
  checkRates(got.validation, want.validation, t, `calibrate (${where}): validation rates at the chosen threshold (pairs, hits, falseHits, hitRate, falseHitRate)`);
  checkRates(got.test, want.test, t, `calibrate (${where}): test rates at the threshold chosen on validation (pairs, hits, falseHits, hitRate, falseHitRate)`);
}

function checkServed(actual: unknown, c: ServeCase, t: Checker, where: string): void {
  const got = (actual ?? {}) as Served & { calls?: number; batchSizes?: number[] };
  const want = serve(c);
  const result = { servedFrom: got.servedFrom, cached: got.cached };
  if (show(result) !== show(want)) {
    const like = (variant: 'no-entities' | 'fifo' | 'unbounded' | 'first-match') => show(result) === show(serve(c, variant)) && show(want) !== show(serve(c, variant));
    t.that(!like('no-entities'), `serve (${where}): a cached answer may only serve a query that names exactly the same entities`);
    t.that(!like('unbounded'), `serve (${where}): the cache holds at most capacity entries: evict the least recently used one`);
    t.that(!like('fifo'), `serve (${where}): evict the least recently used entry: a hit makes its entry the most recently used`);
    t.that(!like('first-match'), `serve (${where}): serve the most similar cached entry (the earlier request on ties), not the first one above the threshold`);
    t.equal(result.servedFrom, want.servedFrom, { what: `serve (${where}): for each request, the index of the cached request whose answer is served, or -1 for a miss` });
    t.equal(result.cached, want.cached, { what: `serve (${where}): the cache at the end, least recently used first` });
  }
  if (c.threshold !== null && c.requests.length > 0) {
    t.that(got.calls === 1 && show(got.batchSizes) === show([c.requests.length]), `serve (${where}): embed the requests with one model.predict call`, {
      expected: `batch sizes [${c.requests.length}]`,
      actual: `batch sizes ${show(got.batchSizes)}`,
    });
  }
}

// ---- Drivers (self-contained: they run in the sandbox) ----


const similarityDriver = (user: User, input: SimilarityCase, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: input.weights.bias.length, activation: 'tanh', inputShape: [input.weights.kernel.length] })] }));
  model.setWeights([h.tensor(input.weights.kernel), h.tensor(input.weights.bias)]);
  const stats = h.countPredictCalls(model);
  const sims = user.similarities(model, input.weights.kernel.length, input.pairs);
  return { sims, calls: stats.calls, batchSizes: stats.batchSizes.slice() };
};

const calibrateDriver = (user: User, input: CalibrateCase, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: input.weights.bias.length, activation: 'tanh', inputShape: [input.weights.kernel.length] })] }));
  model.setWeights([h.tensor(input.weights.kernel), h.tensor(input.weights.bias)]);
  return user.calibrate(model, input.weights.kernel.length, input.entityIds, input.validation, input.test, input.maxFalseHitRate);
};

const serveDriver = (user: User, input: ServeCase, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: input.weights.bias.length, activation: 'tanh', inputShape: [input.weights.kernel.length] })] }));
  model.setWeights([h.tensor(input.weights.kernel), h.tensor(input.weights.bias)]);
  const stats = h.countPredictCalls(model);
  const out = user.serve(model, input.weights.kernel.length, input.entityIds, input.requests, input.threshold, input.capacity);
  return { servedFrom: out.servedFrom, cached: out.cached, calls: stats.calls, batchSizes: stats.batchSizes.slice() };
};

// ---- Data and hand-written cases ----

const weights: EncoderWeights = { kernel: encoder.dense.kernel, bias: encoder.dense.bias };
const setup: Setup = { weights, entityIds: encoder.entityIds };
const strip = (pairs: { left: number[]; right: number[]; sameAnswer: boolean }[]): QueryPair[] => pairs.map(({ left, right, sameAnswer }) => ({ left, right, sameAnswer }));
const validation = strip(pairFile.validation);
const test = strip(pairFile.test);
const requests: Request[] = requestFile.requests.map(({ tokens, answer }) => ({ tokens, answer }));
const TARGET = 0.05;

const visibleSims: SimilarityCase = { ...setup, pairs: validation.slice(0, 12) };
const visibleCalibration: CalibrateCase = { ...setup, validation, test, maxFalseHitRate: TARGET };
/** The deployed threshold: the calibrated 0.9727 rounded up to 0.975 (no request pair lies within 1e-4 of it). */
const visibleServe: ServeCase = { ...setup, requests, threshold: 0.975, capacity: 8 };

const id = (word: string) => encoder.vocab.indexOf(word);
const q = (text: string) => text.split(' ').map(id);
/** The same question about other orders, currencies and cities: near-identical embeddings, different answers. */
const entityPairs: QueryPair[] = [
  { left: q('where is my refund for #1042'), right: q('where is my refund for #2210'), sameAnswer: false },
  { left: q('fee for paying in usd'), right: q('fee for paying in gbp'), sameAnswer: false },
  { left: q('card delivery time to london'), right: q('card delivery time to paris'), sameAnswer: false },
  { left: q('refund status #3377'), right: q('where is my refund for #3377'), sameAnswer: true },
  { left: q('reset my password'), right: q('how do i reset the password'), sameAnswer: true },
  { left: q('exchange rate for jpy'), right: q('what does paying in jpy cost'), sameAnswer: true },
];
const entityCalibration: CalibrateCase = { ...setup, validation: entityPairs, test: [...entityPairs].reverse(), maxFalseHitRate: 0 };
const entityServe: ServeCase = {
  ...setup,
  requests: ['where is my refund for #1042', 'where is my refund for #2210', 'refund status #1042', 'fee for paying in usd', 'fee for paying in gbp', 'fee for paying in usd'].map((text) => ({ tokens: q(text), answer: text })),
  threshold: 0.9,
  capacity: 10,
};
/** Validation and test pairs swapped: choosing on the test pairs picks another threshold. */
const swappedCalibration: CalibrateCase[] = [
  { ...setup, validation: test, test: validation, maxFalseHitRate: TARGET },
  { ...setup, validation, test, maxFalseHitRate: 0.1 },
  { ...setup, validation, test, maxFalseHitRate: 0 },
];
const noThreshold: CalibrateCase[] = [
  { ...setup, validation: entityPairs.filter((p) => !p.sameAnswer), test, maxFalseHitRate: 0.2 },
  { ...setup, validation: [], test, maxFalseHitRate: 0.5 },
  { ...setup, validation, test: [], maxFalseHitRate: 1 },
];
const lruRequests = ['reset my password', 'close my account', 'how do i reset the password', 'what is the refund policy', 'i forgot my password', 'delete the account', 'reset my password', 'close my account'].map((text) => ({ tokens: q(text), answer: text }));
const lruServe: ServeCase[] = [1, 2, 3].map((capacity) => ({ ...setup, requests: lruRequests, threshold: 0.95, capacity }));
const offServe: ServeCase = { ...setup, requests: requests.slice(0, 6), threshold: null, capacity: 4 };
/**
 * A two-dimensional encoder: words 0, 1 and 2 point at 0°, 68° and 38°. Word 1 misses word 0's entry
 * (cosine 0.38 < 0.6), so both are cached; word 2 is above the threshold for both, and closer to word 1.
 */
const fanWeights: EncoderWeights = { kernel: [[1, 0], [0.3, 0.9], [0.6, 0.45]], bias: [0, 0] };
const fanServe: ServeCase[] = [
  { weights: fanWeights, entityIds: [], requests: [[0], [1], [2], [2, 2]].map((tokens, i) => ({ tokens, answer: `answer ${i}` })), threshold: 0.6, capacity: 3 },
  { weights: fanWeights, entityIds: [], requests: [[1], [0], [2]].map((tokens, i) => ({ tokens, answer: `answer ${i}` })), threshold: 0.6, capacity: 3 },
];

// ---- Generated cases ----

/** A random encoder over 4 to 16 words (2 to 8 dimensions), some of them entities. */
function generatedSetup(random: () => number, size: number, dim: number): Setup {
  const value = () => Math.round((random() * 2 - 1) * 1000) / 1000;
  return {
    weights: { kernel: Array.from({ length: size }, () => Array.from({ length: dim }, value)), bias: Array.from({ length: dim }, () => value() / 5) },
    entityIds: Array.from({ length: size }, (_, i) => i).filter(() => random() < 0.2),
  };
}
const tokensOf = (random: () => number, size: number) => Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * size));
const sameBag = (a: number[], b: number[]) => show([...a].sort((x, y) => x - y)) === show([...b].sort((x, y) => x - y));
/** No two similarities (or a similarity and the threshold) closer than 1e-4 unless they come from the same two bags of words, or both from a question and itself. */
function clearPairs(pairs: QueryPair[], w: EncoderWeights, threshold?: number | null): boolean {
  const sims = pairs.map((p) => sim(p.left, p.right, w));
  const same = (i: number, j: number) =>
    (sameBag(pairs[i]!.left, pairs[j]!.left) && sameBag(pairs[i]!.right, pairs[j]!.right)) ||
    (sameBag(pairs[i]!.left, pairs[j]!.right) && sameBag(pairs[i]!.right, pairs[j]!.left)) ||
    // Both pairs compare a question with itself (cosine 1): float32 may order them either way, but they are hits together.
    (sameBag(pairs[i]!.left, pairs[i]!.right) && sameBag(pairs[j]!.left, pairs[j]!.right));
  return sims.every((s, i) => (threshold == null || Math.abs(s - threshold) > TOL) && sims.every((o, j) => j <= i || Math.abs(s - o) > TOL || same(i, j)));
}

/** A variant of a question: the same words in another order, or one word swapped. */
function variant(random: () => number, tokens: number[], size: number): number[] {
  const copy = [...tokens].reverse();
  if (random() < 0.5) copy[Math.floor(random() * copy.length)] = Math.floor(random() * size);
  return copy;
}

/** Sizes come from the seed (fast-check would keep them small): 4 to 16 words, 2 to 8 dimensions, 0 to 16 validation and 0 to 10 test pairs. */
const generatedCalibrateInput = fc
  .record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), target: fc.constantFrom(0, 0.1, 0.2, 0.34, 0.5, 1) })
  .map(({ seed, target }): CalibrateCase => {
    const random = mulberry32(seed);
    const size = 4 + Math.floor(random() * 13);
    const s = generatedSetup(random, size, 2 + Math.floor(random() * 7));
    const pair = (): QueryPair => {
      const left = tokensOf(random, size);
      const right = random() < 0.6 ? variant(random, left, size) : tokensOf(random, size);
      // The same question asked twice (the same bag of words) always has the same answer.
      return { left, right, sameAnswer: sameBag(left, right) || random() < 0.35 };
    };
    const pairs = (n: number) => Array.from({ length: n }, pair);
    return { ...s, validation: pairs(random() < 0.1 ? 0 : 1 + Math.floor(random() * 16)), test: pairs(random() < 0.1 ? 0 : 1 + Math.floor(random() * 10)), maxFalseHitRate: target };
  })
  .filter((c) => clearPairs([...c.validation, ...c.test], c.weights) && clearPairs(c.test, c.weights, calibrate(c).threshold));

/** Replays of 0 to 16 requests, most of them variants of a few questions, capacities of 1 to 5, thresholds from 0.5 to 0.99 or null. */
const generatedServeInput = fc
  .record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), capacity: fc.integer({ min: 1, max: 5 }), threshold: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: fc.integer({ min: 50, max: 99 }).map((x) => x / 100) }) })
  .map(({ seed, capacity, threshold }): ServeCase => {
    const random = mulberry32(seed);
    const size = 4 + Math.floor(random() * 9);
    const s = generatedSetup(random, size, 2 + Math.floor(random() * 7));
    const pool = Array.from({ length: 1 + Math.floor(random() * 4) }, () => tokensOf(random, size));
    const requests = Array.from({ length: random() < 0.1 ? 0 : 1 + Math.floor(random() * 16) }, (_, i) => {
      const base = pool[Math.floor(random() * pool.length)]!;
      const r = random();
      const tokens = r < 0.4 ? [...base] : r < 0.8 ? variant(random, base, size) : tokensOf(random, size);
      return { tokens, answer: `answer ${i}` };
    });
    return { ...s, requests, threshold, capacity };
  })
  .filter((c) => {
    const all: QueryPair[] = [];
    c.requests.forEach((a, i) => c.requests.forEach((b, j) => j < i && all.push({ left: a.tokens, right: b.tokens, sameAnswer: false })));
    return clearPairs(all, c.weights, c.threshold);
  });

export default defineTests<User>()([
  testCase({
    id: 'cosine-similarities',
    name: 'similarities embeds both sides in one forward pass and returns the cosine of each pair',
    visible: true,
    rules: ['cosine', 'one-forward-pass'],
    input: visibleSims,
    run: similarityDriver,
    check: (actual, t) => checkSimilarities(actual, visibleSims, t, 'the first 12 validation pairs'),
  }),
  testCase({
    id: 'calibrates-on-validation',
    name: 'calibrate picks the threshold with the most validation hits within a 5% false-hit rate and reports both splits with their counts',
    visible: true,
    rules: ['entity-check', 'choose-on-validation', 'most-hits-within-target', 'rates'],
    input: visibleCalibration,
    run: calibrateDriver,
    check: (actual, t) => checkCalibration(actual, visibleCalibration, t, 'the shipped pairs, target 0.05'),
  }),
  testCase({
    id: 'serves-the-replay',
    name: 'serve answers the replayed requests from a cache of 8 entries at the deployed threshold 0.975',
    visible: true,
    rules: ['serve-most-similar', 'entity-check', 'bounded-lru', 'one-forward-pass'],
    input: visibleServe,
    run: serveDriver,
    check: (actual, t) => checkServed(actual, visibleServe, t, 'the replay, threshold 0.975, capacity 8'),
  }),
  testCase({
    id: 'different-entities-never-hit',
    name: 'paraphrases about different orders, currencies or cities are never hits, in calibration and in serving',
    visible: false,
    rules: ['entity-check'],
    input: { calibration: entityCalibration, serving: entityServe },
    run: (user: User, input: { calibration: CalibrateCase; serving: ServeCase }, h: HarnessHelpers) => {
      const tf = h.tf;
      const c = input.calibration;
      const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: c.weights.bias.length, activation: 'tanh', inputShape: [c.weights.kernel.length] })] }));
      model.setWeights([h.tensor(c.weights.kernel), h.tensor(c.weights.bias)]);
      const calibration = user.calibrate(model, c.weights.kernel.length, c.entityIds, c.validation, c.test, c.maxFalseHitRate);
      const stats = h.countPredictCalls(model);
      const s = input.serving;
      const out = user.serve(model, s.weights.kernel.length, s.entityIds, s.requests, s.threshold, s.capacity);
      return { calibration, serving: { servedFrom: out.servedFrom, cached: out.cached, calls: stats.calls, batchSizes: stats.batchSizes.slice() } };
    },
    check: (actual, t) => {
      const got = (actual ?? {}) as { calibration?: Plain; serving?: Plain };
      checkCalibration(got.calibration, entityCalibration, t, 'paraphrases with other entities');
      checkServed(got.serving, entityServe, t, 'paraphrases with other entities');
    },
  }),
  testCase({
    id: 'threshold-from-validation-only',
    name: 'the threshold depends on the validation pairs and the target only, never on the test pairs',
    visible: false,
    rules: ['choose-on-validation', 'most-hits-within-target', 'rates'],
    input: { cases: swappedCalibration },
    run: (user: User, input: { cases: CalibrateCase[] }, h: HarnessHelpers) => {
      const tf = h.tf;
      return input.cases.map((c) => {
        const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: c.weights.bias.length, activation: 'tanh', inputShape: [c.weights.kernel.length] })] }));
        model.setWeights([h.tensor(c.weights.kernel), h.tensor(c.weights.bias)]);
        return user.calibrate(model, c.weights.kernel.length, c.entityIds, c.validation, c.test, c.maxFalseHitRate);
      });
    },
    check: (actual, t) => swappedCalibration.forEach((c, i) => checkCalibration((actual as Plain[])[i], c, t, 'other splits and targets')),
  }),
  testCase({
    id: 'no-threshold-meets-the-target',
    name: 'calibrate returns a null threshold (cache off, no hits) when nothing meets the target, and rates of 0 for an empty split',
    visible: false,
    rules: ['no-threshold', 'rates'],
    input: { cases: noThreshold },
    run: (user: User, input: { cases: CalibrateCase[] }, h: HarnessHelpers) => {
      const tf = h.tf;
      return input.cases.map((c) => {
        const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: c.weights.bias.length, activation: 'tanh', inputShape: [c.weights.kernel.length] })] }));
        model.setWeights([h.tensor(c.weights.kernel), h.tensor(c.weights.bias)]);
        return user.calibrate(model, c.weights.kernel.length, c.entityIds, c.validation, c.test, c.maxFalseHitRate);
      });
    },
    check: (actual, t) => noThreshold.forEach((c, i) => checkCalibration((actual as Plain[])[i], c, t, 'no usable threshold or an empty split')),
  }),
  testCase({
    id: 'evicts-the-least-recently-used',
    name: 'serve keeps at most capacity entries and evicts the least recently used, a hit refreshing its entry',
    visible: false,
    rules: ['bounded-lru', 'serve-most-similar'],
    input: { cases: lruServe },
    run: (user: User, input: { cases: ServeCase[] }, h: HarnessHelpers) => {
      const tf = h.tf;
      return input.cases.map((c) => {
        const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: c.weights.bias.length, activation: 'tanh', inputShape: [c.weights.kernel.length] })] }));
        model.setWeights([h.tensor(c.weights.kernel), h.tensor(c.weights.bias)]);
        const stats = h.countPredictCalls(model);
        const out = user.serve(model, c.weights.kernel.length, c.entityIds, c.requests, c.threshold, c.capacity);
        return { servedFrom: out.servedFrom, cached: out.cached, calls: stats.calls, batchSizes: stats.batchSizes.slice() };
      });
    },
    check: (actual, t) => lruServe.forEach((c, i) => checkServed((actual as Plain[])[i], c, t, 'small capacities')),
  }),
  testCase({
    id: 'serves-the-most-similar-entry',
    name: 'serve answers from the most similar cached entry when several are above the threshold, not from the first one found',
    visible: false,
    rules: ['serve-most-similar', 'bounded-lru'],
    input: { cases: fanServe },
    run: (user: User, input: { cases: ServeCase[] }, h: HarnessHelpers) => {
      const tf = h.tf;
      return input.cases.map((c) => {
        const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: c.weights.bias.length, activation: 'tanh', inputShape: [c.weights.kernel.length] })] }));
        model.setWeights([h.tensor(c.weights.kernel), h.tensor(c.weights.bias)]);
        const stats = h.countPredictCalls(model);
        const out = user.serve(model, c.weights.kernel.length, c.entityIds, c.requests, c.threshold, c.capacity);
        return { servedFrom: out.servedFrom, cached: out.cached, calls: stats.calls, batchSizes: stats.batchSizes.slice() };
      });
    },
    check: (actual, t) => fanServe.forEach((c, i) => checkServed((actual as Plain[])[i], c, t, 'several entries above the threshold')),
  }),
  testCase({
    id: 'cache-off-without-threshold',
    name: 'serve with a null threshold answers every request from the model and stores nothing',
    visible: false,
    rules: ['no-threshold'],
    input: offServe,
    run: serveDriver,
    check: (actual, t) => checkServed(actual, offServe, t, 'no threshold'),
  }),
  testCase({
    id: 'rejects-bad-capacity',
    name: 'serve throws when the capacity is not a whole number of at least 1',
    visible: false,
    rules: ['capacity-check'],
    input: { capacities: [0, -1, 2.5, Number.NaN] },
    run: (user: User, input: { capacities: number[] }, h: HarnessHelpers) => {
      const tf = h.tf;
      const model = h.own(tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: 'tanh', inputShape: [3] })] }));
      return input.capacities.map((capacity) => {
        try {
          user.serve(model, 3, [], [{ tokens: [0], answer: 'a' }], 0.9, capacity);
          return '';
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      });
    },
    check: (actual, t) =>
      t.that(
        Array.isArray(actual) && actual.every((m) => typeof m === 'string' && m.includes('capacity must be')),
        'serve should throw an Error containing "capacity must be" for a capacity that is not a whole number of at least 1',
      ),
  }),
  generatedCases({
    id: 'similarities-on-generated-encoders',
    name: 'similarities agrees with the cosine of the encoder outputs for generated encoders and pairs, in one forward pass',
    rules: ['cosine', 'one-forward-pass', 'tensors'],
    input: generatedCalibrateInput.filter((c) => c.validation.length > 0).map((c): SimilarityCase => ({ weights: c.weights, entityIds: c.entityIds, pairs: c.validation })),
    examples: [{ weights: fanWeights, entityIds: [], pairs: [] }],
    count: 8,
    perCase: 4,
    run: similarityDriver,
    what: 'similarities',
    compare: (actual, _expected, t, input) => checkSimilarities(actual, input, t, 'a generated encoder'),
  }),
  generatedCases({
    id: 'calibrates-generated-pairs',
    name: 'calibrate agrees with the reference for generated encoders, entities, splits (empty ones too) and targets from 0 to 1',
    rules: ['entity-check', 'choose-on-validation', 'most-hits-within-target', 'no-threshold', 'rates', 'tensors'],
    input: generatedCalibrateInput,
    count: 24,
    perCase: 8,
    run: calibrateDriver,
    what: 'calibration',
    compare: (actual, _expected, t, input) => checkCalibration(actual, input, t, 'a generated split'),
  }),
  generatedCases({
    id: 'serves-generated-replays',
    name: 'serve agrees with the reference for generated replays (repeated queries, entities), capacities of 1 to 5 and thresholds, null included',
    rules: ['serve-most-similar', 'entity-check', 'bounded-lru', 'no-threshold', 'one-forward-pass', 'tensors'],
    input: generatedServeInput,
    count: 24,
    perCase: 8,
    run: serveDriver,
    what: 'served requests',
    compare: (actual, _expected, t, input) => checkServed(actual, input, t, 'a generated replay'),
  }),
]);
