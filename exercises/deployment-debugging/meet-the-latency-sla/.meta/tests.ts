import { defineTests, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
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
const [fa, fb, fc, fd] = flights.slice(10, 14) as [FlightRequest, FlightRequest, FlightRequest, FlightRequest];
const lruTicks = [[fa, fb, fc], [fa, fd], [fb, fc, fa], [fd]];
const rescheduled: FlightRequest = { flight: hot.flight, features: [...hot.features.slice(0, 4), Number((hot.features[4]! + 0.25).toFixed(6))] };
const retimed: FlightRequest = {
  flight: flights[1]!.flight,
  features: [Number(Math.sin((2 * Math.PI * 19.5) / 24).toFixed(6)), Number(Math.cos((2 * Math.PI * 19.5) / 24).toFixed(6)), ...flights[1]!.features.slice(2)],
};
const staleTicks = [[hot, flights[1]!], [rescheduled, retimed, hot]];
const oneTick = (tick: FlightRequest[], opts: ScorerOptions = options): Replay => ({ layers, options: opts, ticks: [tick] });

export default defineTests<User>()([
  testCase({
    id: 'scores-match-the-model',
    name: 'returns the model’s delay probability for every request, cached or not',
    visible: true,
    input: { layers, options, ticks: traffic.slice(0, 3) },
    run: replay,
    check: (actual, t) => checkScores(asOutcome(actual, t, 3), traffic.slice(0, 3), t, 'the first 3 ticks of the replay'),
  }),
  testCase({
    id: 'one-predict-call-per-tick',
    name: 'runs a tick of 40 different flights as one predict call of 40 rows',
    visible: true,
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
]);
