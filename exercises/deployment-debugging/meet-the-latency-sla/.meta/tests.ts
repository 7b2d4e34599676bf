import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import modelFile from '../data/delay-model.json';
import trafficFile from '../data/traffic.json';

interface FlightRequest {
  flight: string;
  features: number[];
}
interface ScorerOptions {
  maxBatch: number;
  cacheCapacity: number;
}
interface CacheStats {
  cacheHits: number;
  cacheSize: number;
}
interface Scorer {
  score(requests: FlightRequest[]): number[];
  stats(): CacheStats;
}
interface User {
  createScorer(model: tfjs.LayersModel, options: ScorerOptions): Scorer;
}
interface DenseLayer {
  units: number;
  activation: 'relu' | 'sigmoid';
  kernel: number[][];
  bias: number[];
}
interface Replay {
  layers: DenseLayer[];
  options: ScorerOptions;
  ticks: FlightRequest[][];
}
/** What a replay driver reports: rows per predict call during start-up and during each tick. */
interface ReplayOutcome {
  startup: number[];
  ticks: number[][];
  scores: number[][];
  stats: CacheStats;
}

const layers = modelFile.layers as DenseLayer[];
const COST = modelFile.cost;
const options: ScorerOptions = { maxBatch: COST.maxBatch, cacheCapacity: COST.cacheCapacity };
const flights = trafficFile.flights as FlightRequest[];
const traffic: FlightRequest[][] = trafficFile.ticks.map((tick) => tick.map((i) => flights[i]!));

/** The model in float64 on the host. */
function reference(features: number[]): number {
  let out = features;
  for (const layer of layers) {
    const z = layer.bias.map((b, k) => b + out.reduce((sum, v, i) => sum + v * layer.kernel[i]![k]!, 0));
    out = layer.activation === 'relu' ? z.map((v) => Math.max(0, v)) : z.map((v) => 1 / (1 + Math.exp(-v)));
  }
  return out[0]!;
}
const referenceScores = new Map(flights.map((f) => [f.features.join(','), reference(f.features)]));
const expectedScores = (ticks: FlightRequest[][]) => ticks.map((tick) => tick.map((r) => referenceScores.get(r.features.join(',')) ?? reference(r.features)));

/**
 * Replays ticks against a fresh scorer inside the sandbox, counting the rows of every predict
 * call made at start-up (createScorer) and during each tick.
 */
const replay = (user: User, input: Replay, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  const calls = h.countPredictCalls(model);
  const scorer = user.createScorer(model, input.options);
  const startup = calls.batchSizes.slice();
  const ticks: number[][] = [];
  const scores: number[][] = [];
  for (const tick of input.ticks) {
    const before = calls.batchSizes.length;
    scores.push(scorer.score(tick));
    ticks.push(calls.batchSizes.slice(before));
  }
  return { startup, ticks, scores, stats: scorer.stats() };
};

/** Latency of each tick under the cost model: every predict call costs overhead + rows, the first one ever also the cold start. */
function tickLatencies(outcome: ReplayOutcome): number[] {
  let warm = outcome.startup.length > 0;
  return outcome.ticks.map((calls) =>
    calls.reduce((ms, rows) => {
      const cold = warm ? 0 : COST.coldStartMs;
      warm = true;
      return ms + cold + COST.overheadMs + COST.perRowMs * rows;
    }, 0),
  );
}

/** p95 over requests (nearest rank): every request waits for its whole tick. */
function p95(outcome: ReplayOutcome, ticks: FlightRequest[][]): number {
  const latencies = tickLatencies(outcome).flatMap((ms, t) => ticks[t]!.map(() => ms)).sort((a, b) => a - b);
  return latencies[Math.ceil(0.95 * latencies.length) - 1] ?? 0;
}

function asOutcome(actual: Plain | unknown, t: Checker, ticks: number): ReplayOutcome {
  const o = actual as unknown as ReplayOutcome;
  t.that(Array.isArray(o?.ticks) && o.ticks.length === ticks && Array.isArray(o.scores), 'the replay should run to the end (score returns one number per request)');
  t.that(typeof o.stats === 'object' && o.stats !== null, 'stats() should return an object { cacheHits, cacheSize }');
  return o;
}

function checkScores(outcome: ReplayOutcome, ticks: FlightRequest[][], t: Checker, what: string): void {
  const expected = expectedScores(ticks);
  outcome.scores.forEach((scores, i) => {
    t.closeTo(scores, expected[i], { what: `delay probabilities for ${what}`, visibleWhat: `delay probabilities for ${what}, tick ${i + 1}` });
  });
}

/** An exact count, worded without the numbers (hidden tests show the property only; visible ones also expected and actual). */
function exactly(t: Checker, actual: unknown, expected: number, what: string, rule: string): void {
  t.that(actual === expected, `${what} is wrong: ${rule}`, { expected: String(expected), actual: String(actual) });
}

const rowsPredicted = (outcome: ReplayOutcome) => outcome.ticks.flat().reduce((a, b) => a + b, 0);
const requestCount = (ticks: FlightRequest[][]) => ticks.reduce((n, tick) => n + tick.length, 0);

/** The host's own LRU, following the prompt's rules: hits and rows predicted per tick. */
function simulate(ticks: FlightRequest[][], capacity: number): { hits: number; rows: number[]; size: number } {
  const cache = new Map<string, true>();
  let hits = 0;
  const rows = ticks.map((tick) => {
    const pending = new Set<string>();
    for (const request of tick) {
      const key = request.features.join(',');
      if (cache.has(key)) {
        cache.delete(key);
        cache.set(key, true);
        hits += 1;
      } else if (pending.has(key)) hits += 1;
      else pending.add(key);
    }
    for (const key of pending) {
      cache.set(key, true);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    }
    return pending.size;
  });
  return { hits, rows, size: cache.size };
}

const distinct = (count: number, offset = 0) => flights.slice(offset, offset + count);
const hot = flights[0]!;
/** Flights a, b, c, d and an LRU of 3: a b c | a d | b c a | d. d evicts b (a was refreshed), b evicts d, so the last d is a miss; a FIFO would keep d. */
const [flightA, flightB, flightC, flightD] = flights.slice(10, 14) as [FlightRequest, FlightRequest, FlightRequest, FlightRequest];
const lruTicks = [[flightA, flightB, flightC], [flightA, flightD], [flightB, flightC, flightA], [flightD]];
const rescheduled: FlightRequest = { flight: hot.flight, features: [...hot.features.slice(0, 4), Number((hot.features[4]! + 0.25).toFixed(6))] };
const retimed: FlightRequest = {
  flight: flights[1]!.flight,
  features: [Number(Math.sin((2 * Math.PI * 19.5) / 24).toFixed(6)), Number(Math.cos((2 * Math.PI * 19.5) / 24).toFixed(6)), ...flights[1]!.features.slice(2)],
};
const staleTicks = [[hot, flights[1]!], [rescheduled, retimed, hot]];
const oneTick = (tick: FlightRequest[], opts: ScorerOptions = options): Replay => ({ layers, options: opts, ticks: [tick] });

/**
 * Generated deployments: a model of 1 to 7 features (no hidden layer or up to two relu layers of
 * 1 to 8 units, one sigmoid output), any maxBatch from 1 up (often small, so ticks split, and
 * exactly at its multiples now and then), any cacheCapacity from 0 to a little more than the
 * flights there are, and 0 to 8 ticks of 0 to 16 requests drawn from a pool of feature vectors
 * with hot ones. Names are drawn apart from features, so one name comes with other features (a
 * rescheduled flight) and one vector under other names. The pool may hold the all-zeros row
 * (the warm-up's row, which is not a request) and a twin of a vector that differs in its sixth
 * decimal only.
 */
const NAMES = flights.slice(0, 6).map((f) => f.flight);
const sixDecimals = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1_000_000);
const featureValue = fc.oneof({ weight: 4, arbitrary: sixDecimals }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 12 }) }, { weight: 1, arbitrary: fc.constant(0) });
const weight = fc.integer({ min: -150, max: 150 }).map((n) => n / 100);
const vector = <T>(length: number, value: fc.Arbitrary<T>) => fc.array(value, { minLength: length, maxLength: length });
const dense = (inputs: number, units: number, activation: DenseLayer['activation']): fc.Arbitrary<DenseLayer> =>
  fc.record({ kernel: vector(inputs, vector(units, weight)), bias: vector(units, weight) }).map(({ kernel, bias }) => ({ units, activation, kernel, bias }));

const generatedModel = (width: number): fc.Arbitrary<DenseLayer[]> =>
  fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 0, maxLength: 2 }).chain((hidden) => {
    const sizes = [width, ...hidden];
    return fc.tuple(...hidden.map((units, i) => dense(sizes[i]!, units, 'relu')), dense(sizes[sizes.length - 1]!, 1, 'sigmoid'));
  });

const keyOf = (features: number[]) => features.join(',');

const generatedPool = (width: number): fc.Arbitrary<number[][]> =>
  fc
    .record({ vectors: fc.array(vector(width, featureValue), { minLength: 1, maxLength: 10 }), zeros: fc.boolean(), twin: fc.boolean(), at: fc.nat() })
    .map(({ vectors, zeros, twin, at }) => {
      const pool = [...vectors];
      if (twin) {
        const j = at % width;
        pool.push(vectors[0]!.map((v, k) => (k === j ? Number((v + 0.000001).toFixed(6)) : v)));
      }
      if (zeros) pool.splice(at % (pool.length + 1), 0, Array.from({ length: width }, () => 0));
      return [...new Map(pool.map((f) => [keyOf(f), f])).values()];
    });

const generatedReplay: fc.Arbitrary<Replay> = fc.integer({ min: 1, max: 7 }).chain((width) =>
  fc.record({ layers: generatedModel(width), pool: generatedPool(width) }).chain(({ layers: model, pool }) => {
    const index = fc.oneof(fc.integer({ min: 0, max: Math.min(2, pool.length - 1) }), fc.integer({ min: 0, max: pool.length - 1 }));
    const request = fc.record({ i: index, name: fc.constantFrom(...NAMES.slice(0, 3)) }).map(({ i, name }): FlightRequest => ({ flight: name, features: pool[i]! }));
    return fc.record({
      layers: fc.constant(model),
      options: fc.record({
        maxBatch: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constant(64) }),
        cacheCapacity: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: pool.length + 1 }) }, { weight: 1, arbitrary: fc.constantFrom(0, pool.length, 128) }),
      }),
      ticks: fc.array(fc.array(request, { minLength: 0, maxLength: 16 }), { minLength: 0, maxLength: 8 }),
    });
  }),
);

/** What the generated replay reports per tick, and about start-up. */
interface TickOutcome {
  calls: number[];
  scores: unknown;
  plain: boolean;
  stats: CacheStats;
}
interface GeneratedOutcome {
  startup: number[];
  warmUpRow: string;
  ticks: TickOutcome[];
  modelUsable: boolean;
}

/**
 * Replays generated ticks against a fresh scorer: the rows of every predict call made in
 * createScorer and in each tick, whether the warm-up row (as `predict`, `predictOnBatch`, `apply`
 * or `execute` got it) was all zeros, the scores and stats after each tick, and whether the model still predicts
 * afterwards (it must never be disposed).
 */
const replayEachTick = (user: User, input: Replay, h: HarnessHelpers) => {
  const tf = h.tf;
  const model = h.own(
    tf.sequential({
      layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
    }),
  );
  model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
  const calls = h.countPredictCalls(model);
  let warmUpRow = 'not seen';
  for (const name of ['predict', 'predictOnBatch', 'apply', 'execute'] as const) {
    const original = model[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(model, name, {
      configurable: true,
      value: (...args: unknown[]) => {
        const x = (Array.isArray(args[0]) ? args[0][0] : args[0]) as tfjs.Tensor | undefined;
        if (warmUpRow === 'not seen' && x instanceof tf.Tensor) warmUpRow = Array.from(x.dataSync()).every((v) => v === 0) ? `zeros of shape ${x.shape.join('x')}` : 'not all zeros';
        return original.apply(model, args);
      },
    });
  }
  const scorer = user.createScorer(model, input.options);
  for (const name of ['predict', 'predictOnBatch', 'apply', 'execute']) delete (model as unknown as Record<string, unknown>)[name];
  const startup = calls.batchSizes.slice();
  const ticks = input.ticks.map((tick) => {
    const before = calls.batchSizes.length;
    const scores = scorer.score(tick);
    const plain = Array.isArray(scores) && scores.length === tick.length && scores.every((v) => typeof v === 'number');
    return { calls: calls.batchSizes.slice(before), scores, plain, stats: scorer.stats() };
  });
  let modelUsable = false;
  try {
    modelUsable = tf.tidy(() => (model.predict(tf.zeros([1, input.layers[0]!.kernel.length])) as tfjs.Tensor).dataSync().length === 1);
  } catch {
    modelUsable = false;
  }
  return { startup, warmUpRow, ticks, modelUsable };
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Calls may be split differently from the reference's, but not into more of them, nor over maxBatch. */
function compareReplays(actual: Plain, expected: Plain, t: Checker, input: Replay): void {
  const a = actual as unknown as GeneratedOutcome;
  const e = expected as unknown as GeneratedOutcome;
  t.that(Array.isArray(a?.ticks) && a.ticks.length === e.ticks.length && Array.isArray(a.startup), 'the replay should run to the end (score returns one number per request)');
  t.equal(a.startup, e.startup, { what: 'rows of the predict calls createScorer makes (one warm-up call of one row)' });
  t.equal(a.warmUpRow, e.warmUpRow, { what: 'the warm-up row (one row of zeros, model.inputs[0].shape[1] wide)' });
  e.ticks.forEach((expectedTick, i) => {
    const tick = a.ticks[i]!;
    t.that(Array.isArray(tick?.calls), 'the replay should run to the end (score returns one number per request)');
    t.that(typeof tick.stats === 'object' && tick.stats !== null, 'stats() should return an object { cacheHits, cacheSize }');
    t.equal(sum(tick.calls), sum(expectedTick.calls), { what: 'rows sent to the model in a tick (each feature vector the cache cannot answer, once)' });
    t.atMost(Math.max(0, ...tick.calls), input.options.maxBatch, { what: 'rows in one predict call (maxBatch)' });
    t.equal(tick.calls.length, expectedTick.calls.length, { what: 'predict calls in a tick (as few as maxBatch allows, none when every row is answered)' });
    t.that(tick.plain, 'score should return a plain number[] with one probability per request');
    t.closeTo(tick.scores, expectedTick.scores, { what: 'delay probabilities' });
    t.equal(tick.stats.cacheSize, expectedTick.stats.cacheSize, { what: 'cacheSize after a tick' });
    t.equal(tick.stats.cacheHits, expectedTick.stats.cacheHits, { what: 'cacheHits after a tick' });
  });
  t.that(a.modelUsable === true, 'the model should still predict after the replay: never dispose it');
}

const request = (flight: string, features: number[]): FlightRequest => ({ flight, features });
/** A width-2 model, for features whose joined digits collide without a separator: [1, 23] and [12, 3]. */
const narrowModel: DenseLayer[] = [
  { units: 3, activation: 'relu', kernel: [[0.4, -0.3, 0.2], [0.1, 0.25, -0.15]], bias: [0.1, 0, -0.2] },
  { units: 1, activation: 'sigmoid', kernel: [[0.8], [-0.6], [0.5]], bias: [-0.3] },
];
const zeros = request(NAMES[0]!, [0, 0, 0, 0, 0]);
const boundaryReplays: Replay[] = [
  // No cache: 4, 5 and 8 different flights with maxBatch 4 (exactly one batch, one over, exactly two), an empty tick.
  { layers, options: { maxBatch: 4, cacheCapacity: 0 }, ticks: [distinct(4), distinct(5, 4), distinct(8, 9), [], distinct(4)] },
  // Room for 2: b a b refreshes b last, so c evicts a (not b), then a misses and b hits.
  { layers, options: { maxBatch: 64, cacheCapacity: 2 }, ticks: [[flightA, flightB], [flightB, flightA, flightB], [flightC], [flightA], [flightB]] },
  // Room for 1: a and b both miss; b goes in last, so it is the one kept.
  { layers, options: { maxBatch: 64, cacheCapacity: 1 }, ticks: [[flightA, flightB], [flightB], [flightA, flightA]] },
  // The all-zeros row is a request like any other: the warm-up put nothing in the cache.
  { layers, options, ticks: [[zeros, zeros, hot], [zeros], []] },
  // One row per call, no cache, repeats share.
  { layers, options: { maxBatch: 1, cacheCapacity: 0 }, ticks: [[flightA, flightA, flightB, flightA], [flightA]] },
  // Features whose digits collide when joined without a separator are different rows.
  { layers: narrowModel, options: { maxBatch: 64, cacheCapacity: 4 }, ticks: [[request(NAMES[1]!, [1, 23]), request(NAMES[2]!, [12, 3])], [request(NAMES[2]!, [12, 3]), request(NAMES[1]!, [1, 23])]] },
  // A pod that serves nothing yet, and ticks with no requests.
  { layers, options, ticks: [] },
  { layers, options, ticks: [[], []] },
];

export default defineTests<User>()([
  testCase({
    id: 'scores-match-the-model',
    name: 'returns the model’s delay probability for every request, cached or not',
    visible: true,
    rules: ['same-answers'],
    input: { layers, options, ticks: traffic.slice(0, 3) },
    run: replay,
    check: (actual, t) => checkScores(asOutcome(actual, t, 3), traffic.slice(0, 3), t, 'the first 3 ticks of the replay'),
  }),
  testCase({
    id: 'one-predict-call-per-tick',
    name: 'runs a tick of 40 different flights as one predict call of 40 rows',
    visible: true,
    rules: ['batch'],
    input: oneTick(distinct(40)),
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, 1);
      t.atMost(outcome.ticks[0]!.length, 1, { what: 'predict calls for one tick of 40 different flights' });
      exactly(t, rowsPredicted(outcome), 40, 'rows sent to the model for one tick of 40 different flights', 'each flight once');
      checkScores(outcome, [distinct(40)], t, '40 different flights');
    },
  }),
  testCase({
    id: 'meets-the-p95-sla',
    name: 'keeps p95 latency within the 100 ms SLA over a replay of the morning peak',
    visible: true,
    rules: ['batch', 'warm-up', 'lru-cache', 'same-answers'],
    input: { layers, options, ticks: traffic },
    timeoutMs: 15_000,
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, traffic.length);
      const latencies = tickLatencies(outcome);
      const worst = latencies.indexOf(Math.max(...latencies));
      t.atMost(p95(outcome, traffic), COST.slaMs, {
        what: `p95 latency in ms over ${requestCount(traffic)} requests (cost model: ${COST.overheadMs} ms per predict call + ${COST.perRowMs} ms per row; slowest tick: #${worst + 1}, ${traffic[worst]!.length} requests, ${outcome.ticks[worst]!.length} predict calls, ${Math.round(latencies[worst]!)} ms)`,
      });
      checkScores(outcome, traffic, t, 'the morning replay');
    },
  }),
  testCase({
    id: 'warms-up-before-the-first-request',
    name: 'answers the first tick after start-up within the SLA (the cold start is paid in createScorer)',
    visible: true,
    rules: ['warm-up'],
    input: oneTick(distinct(30, 50)),
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, 1);
      t.atMost(tickLatencies(outcome)[0]!, COST.slaMs, {
        what: `latency in ms of the first tick after start-up (30 requests; the first predict call of a process costs ${COST.coldStartMs} ms extra)`,
      });
      checkScores(outcome, [distinct(30, 50)], t, 'the first tick');
    },
  }),
  testCase({
    id: 'answers-an-empty-tick-without-the-model',
    name: 'returns [] for a tick with no requests and does not call predict',
    visible: false,
    rules: ['batch'],
    input: { layers, options, ticks: [[], distinct(3), []] },
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, 3);
      t.equal(outcome.scores[0], [], { what: 'scores for an empty tick' });
      t.equal(outcome.ticks[0]!.length + outcome.ticks[2]!.length, 0, { what: 'predict calls for empty ticks' });
    },
  }),
  testCase({
    id: 'splits-big-ticks-by-max-batch',
    name: 'splits a tick of 150 different flights into predict calls of at most 64 rows',
    visible: false,
    rules: ['batch', 'same-answers'],
    input: oneTick(distinct(150, 100)),
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, 1);
      t.atMost(Math.max(...outcome.ticks[0]!), COST.maxBatch, { what: 'rows in one predict call (maxBatch)' });
      t.atMost(outcome.ticks[0]!.length, 3, { what: 'predict calls for 150 different flights with maxBatch 64' });
      checkScores(outcome, [distinct(150, 100)], t, '150 different flights');
    },
  }),
  testCase({
    id: 'shares-one-prediction-within-a-tick',
    name: 'sends a flight requested 30 times in one tick to the model once, even with caching disabled',
    visible: false,
    rules: ['share-within-a-tick', 'stats'],
    input: oneTick([...Array.from({ length: 30 }, () => hot), flights[1]!, flights[2]!], { maxBatch: 64, cacheCapacity: 0 }),
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, 1);
      exactly(t, rowsPredicted(outcome), 3, 'rows sent to the model for one flight requested 30 times plus 2 others', 'repeats inside a tick share one prediction');
      exactly(t, outcome.stats.cacheHits, 29, 'cacheHits after a flight was requested 30 times in one tick', 'every request answered without sending its row to the model is a hit');
      exactly(t, outcome.stats.cacheSize, 0, 'cacheSize with cacheCapacity 0', 'a cache with no room holds nothing');
      checkScores(outcome, [[...Array.from({ length: 30 }, () => hot), flights[1]!, flights[2]!]], t, 'a tick with one hot flight');
    },
  }),
  testCase({
    id: 'evicts-the-least-recently-used',
    name: 'with room for 3 predictions, evicts the least recently used one (a hit refreshes an entry)',
    visible: false,
    rules: ['lru-cache', 'stats'],
    input: { layers, options: { maxBatch: 64, cacheCapacity: 3 }, ticks: lruTicks },
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, lruTicks.length);
      const expected = simulate(lruTicks, 3);
      expected.rows.forEach((rows, i) => {
        exactly(
          t,
          outcome.ticks[i]!.reduce((a, b) => a + b, 0),
          rows,
          `rows sent to the model in tick ${i + 1} of a b c | a d | b c a | d with an LRU of 3`,
          'the least recently used entry is evicted, and a hit makes an entry the most recently used',
        );
      });
      exactly(t, outcome.stats.cacheHits, expected.hits, 'cacheHits after a b c | a d | b c a | d with an LRU of 3', 'count every request answered without the model');
      exactly(t, outcome.stats.cacheSize, expected.size, 'cacheSize after the LRU sequence', 'a full cache holds exactly cacheCapacity entries');
      checkScores(outcome, lruTicks, t, 'the LRU sequence');
    },
  }),
  testCase({
    id: 'rescores-a-rescheduled-flight',
    name: 'scores a flight again when its features change (the cache keys on the model input, not the flight name)',
    visible: false,
    rules: ['keyed-on-features', 'same-answers'],
    input: { layers, options, ticks: staleTicks },
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, 2);
      checkScores(outcome, staleTicks, t, 'a rescheduled flight (same name, new features)');
      exactly(t, rowsPredicted(outcome), 4, 'rows sent to the model when 2 of 2 flights are rescheduled', 'a flight with new features must be scored again');
    },
  }),
  testCase({
    id: 'keeps-the-cache-bounded-and-honest',
    name: 'holds at most cacheCapacity predictions and counts every request answered without the model as a hit',
    visible: false,
    rules: ['lru-cache', 'stats'],
    input: { layers, options: { maxBatch: 64, cacheCapacity: 32 }, ticks: traffic.slice(0, 10) },
    run: replay,
    check: (actual, t) => {
      const outcome = asOutcome(actual, t, 10);
      t.atMost(outcome.stats.cacheSize, 32, {
        what: 'cache entries after a replay with more different flights than cacheCapacity',
        visibleWhat: `cache entries after 10 ticks with ${new Set(traffic.slice(0, 10).flat()).size} different flights (cacheCapacity 32)`,
      });
      exactly(t, outcome.stats.cacheHits, requestCount(traffic.slice(0, 10)) - rowsPredicted(outcome), 'cacheHits after 10 ticks', 'every request whose row did not go to the model is a hit, and no other');
      checkScores(outcome, traffic.slice(0, 10), t, 'a replay with a small cache');
    },
  }),
  testCase({
    id: 'replays-within-the-time-budget',
    name: 'replays 4 ticks of traffic in at most 4x the reference solution’s wall time',
    visible: false,
    rules: ['wall-time'],
    input: { layers, options, ticks: traffic.slice(0, 4) },
    timeoutMs: 15_000,
    latency: { maxRatio: 4 },
    run: (user: User, input: Replay, h: HarnessHelpers) => {
      const tf = h.tf;
      const model = h.own(
        tf.sequential({
          layers: input.layers.map((l, i) => tf.layers.dense({ units: l.units, activation: l.activation, ...(i === 0 ? { inputShape: [l.kernel.length] } : {}) })),
        }),
      );
      model.setWeights(input.layers.flatMap((l) => [h.tensor(l.kernel), h.tensor(l.bias)]));
      const scorer = user.createScorer(model, input.options);
      let answered = 0;
      for (const tick of input.ticks) answered += scorer.score(tick).length;
      return answered;
    },
    check: (actual, t) => t.equal(actual, requestCount(traffic.slice(0, 4)), { what: 'requests answered in the timed replay' }),
  }),
  generatedCases({
    id: 'replays-generated-traffic-like-the-reference',
    name: 'answers, batches, caches and counts like the reference on generated deployments and traffic (any model width, maxBatch and cacheCapacity, ticks at exact multiples of maxBatch, empty ticks, repeats, rescheduled flights, the all-zeros row)',
    rules: ['same-answers', 'warm-up', 'batch', 'keyed-on-features', 'lru-cache', 'share-within-a-tick', 'miss-order', 'stats', 'no-leaks'],
    input: generatedReplay,
    examples: boundaryReplays,
    count: 28,
    perCase: 4,
    run: replayEachTick,
    what: 'the replay',
    compare: compareReplays,
  }),
]);
