import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import modelFile from '../data/intent-model.json';
import trafficFile from '../data/traffic.json';

interface ChatRequest {
  id: string;
  arrivalMs: number;
  tokens: number[];
}
interface BatcherOptions {
  maxBatch: number;
  maxWaitMs: number;
  buckets: number[];
}
interface Answer {
  id: string;
  status: 'ok' | 'too-long' | 'empty';
  intent: number;
  probabilities: number[];
  bucket: number;
  completedMs: number;
}
interface Flush {
  atMs: number;
  bucket: number;
  reason: 'full' | 'max-wait';
  ids: string[];
}
interface Replay {
  answers: Answer[];
  flushes: Flush[];
}
interface User {
  replayTraffic(model: tfjs.LayersModel, requests: ChatRequest[], options: BatcherOptions): Replay;
}
/** The intent model as plain weights: embedding → per-token dense relu → mask → max over tokens → dense softmax. */
interface ModelSpec {
  embeddings: number[][];
  hidden: { kernel: number[][]; bias: number[] };
  output: { kernel: number[][]; bias: number[] };
}
interface Case {
  model: ModelSpec;
  requests: ChatRequest[];
  options: BatcherOptions;
}
/** What a replay driver reports: the submission's replay and what the harness measured of the model. */
interface Outcome {
  replay: Replay;
  calls: number;
  batchSizes: number[];
  flops: number;
  usable: boolean;
}

const SHIPPED: ModelSpec = { embeddings: modelFile.embeddings, hidden: modelFile.hidden, output: modelFile.output };
const SERVING: BatcherOptions = modelFile.serving;
const TRAFFIC: ChatRequest[] = trafficFile.requests.map(({ id, arrivalMs, tokens }) => ({ id, arrivalMs, tokens }));
const TOL = 1e-4;

// ---- Host-side reference (float64) ----

/** The model's softmax for one message alone: max over its tokens of relu(embedding · W + b), then the output layer. */
function alone(model: ModelSpec, tokens: number[]): number[] {
  const pooled = model.hidden.bias.map((b, k) => Math.max(0, ...tokens.map((id) => Math.max(0, model.embeddings[id]!.reduce((s, e, j) => s + e * model.hidden.kernel[j]![k]!, b)))));
  const logits = model.output.bias.map((b, c) => pooled.reduce((s, p, k) => s + p * model.output.kernel[k]![c]!, b));
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** FLOPs of one flush: the per-token dense layer on every padded position, the output layer on every row. */
function flushFlops(model: ModelSpec, rows: number, length: number): number {
  const embed = model.embeddings[0]!.length;
  const hidden = model.hidden.bias.length;
  return 2 * rows * (length * embed * hidden + hidden * model.output.bias.length);
}

/** The prompt's rules, on the host: what the harness should measure and the submission return. */
function expectedOutcome(c: Case): Outcome {
  const { maxBatch, maxWaitMs, buckets } = c.options;
  const answers: Answer[] = new Array(c.requests.length);
  const flushes: Flush[] = [];
  const queues = new Map<number, number[]>(buckets.map((b) => [b, []]));
  let flops = 0;
  const flush = (bucket: number, atMs: number, reason: Flush['reason']) => {
    const batch = queues.get(bucket)!;
    queues.set(bucket, []);
    for (const index of batch) {
      const probabilities = alone(c.model, c.requests[index]!.tokens);
      answers[index] = { id: c.requests[index]!.id, status: 'ok', intent: probabilities.indexOf(Math.max(...probabilities)), probabilities, bucket, completedMs: atMs };
    }
    flops += flushFlops(c.model, batch.length, bucket);
    flushes.push({ atMs, bucket, reason, ids: batch.map((i) => c.requests[i]!.id) });
  };
  const fire = (now: number) => {
    for (;;) {
      const due = buckets
        .filter((b) => queues.get(b)!.length > 0)
        .map((b) => ({ b, at: c.requests[queues.get(b)![0]!]!.arrivalMs + maxWaitMs }))
        .filter(({ at }) => at <= now)
        .sort((x, y) => x.at - y.at || x.b - y.b)[0];
      if (!due) return;
      flush(due.b, due.at, 'max-wait');
    }
  };
  c.requests.forEach((request, index) => {
    fire(request.arrivalMs);
    const n = request.tokens.length;
    const bucket = buckets.find((b) => b >= n);
    if (n === 0 || bucket === undefined) {
      answers[index] = { id: request.id, status: n === 0 ? 'empty' : 'too-long', intent: -1, probabilities: [], bucket: 0, completedMs: request.arrivalMs };
      return;
    }
    queues.get(bucket)!.push(index);
    if (queues.get(bucket)!.length === maxBatch) flush(bucket, request.arrivalMs, 'full');
  });
  fire(Number.POSITIVE_INFINITY);
  return { replay: { answers, flushes }, calls: flushes.length, batchSizes: flushes.map((f) => f.ids.length), flops, usable: true };
}

// ---- Checks ----

const column = <K extends keyof Answer>(answers: Answer[], key: K) => answers.map((a) => (typeof a === 'object' && a !== null ? a[key] : undefined));

/**
 * Compares a submission's outcome with the expected one, the most telling difference first:
 * the shape of the answer, routing, rejections, buckets, the flush schedule, what the model ran,
 * then the answers themselves. The labels say the rule, never the case's data.
 */
function compareOutcomes(actual: Plain | unknown, expected: Outcome, t: Checker): void {
  const got = actual as Outcome;
  t.that(
    typeof got?.replay === 'object' && got.replay !== null && Array.isArray(got.replay.answers) && Array.isArray(got.replay.flushes),
    'replayTraffic should return { answers, flushes }, both arrays',
  );
  const answers = got.replay.answers;
  const want = expected.replay.answers;
  t.equal(answers.length, want.length, { what: 'number of answers (one per request, rejected ones included)' });
  t.that(
    answers.every((a) => typeof a === 'object' && a !== null),
    'every request should get an answer (queues still waiting after the last arrival are flushed at their deadlines)',
  );
  t.equal(column(answers, 'id'), column(want, 'id'), { what: 'answer ids in order (answers[i] answers requests[i])' });
  t.equal(column(answers, 'status'), column(want, 'status'), { what: 'status of each request (too-long beyond the largest bucket, empty without tokens)' });
  t.equal(column(answers, 'bucket'), column(want, 'bucket'), { what: 'bucket of each request (the smallest bucket length at least its token count; 0 when rejected)' });
  t.equal(got.replay.flushes, expected.replay.flushes, { what: 'flush log (time, bucket, reason and ids of every flush, in the order they happen)' });
  t.equal(column(answers, 'completedMs'), column(want, 'completedMs'), { what: 'completedMs of each request (its flush time; its arrival when rejected)' });
  t.equal(got.calls, expected.calls, { what: 'predict calls (exactly one per flush)' });
  t.equal(got.batchSizes, expected.batchSizes, { what: 'batch size of each predict call (the messages of its flush)' });
  t.equal(got.flops, expected.flops, { what: 'FLOPs of the predict calls (every batch padded to its bucket length, no further)' });
  t.closeTo(column(answers, 'probabilities'), column(want, 'probabilities'), { what: 'probabilities of each request (the model’s output for the message alone: mask the padding)', tolerance: TOL });
  const intents = column(answers, 'intent') as number[];
  want.forEach((w, i) => {
    const best = w.status === 'ok' ? Math.max(...w.probabilities) : 0;
    const ok = w.status === 'ok' ? typeof intents[i] === 'number' && (w.probabilities[intents[i]!] ?? -1) >= best - 1e-6 : intents[i] === -1;
    t.that(ok, 'intent of each request should be the index of its highest probability (-1 when rejected)', { expected: String(w.intent), actual: String(intents[i]) });
  });
  t.that(got.usable === true, 'the model should still predict after the replay: never dispose it');
}

const checkCase = (c: Case) => (actual: Plain, t: Checker) => compareOutcomes(actual, expectedOutcome(c), t);

// ---- The driver (self-contained: it runs in the sandbox) ----

/** Builds the intent model from its weights, counts its forward passes, replays the requests through the submission. */
const runReplay = (user: User, input: Case, h: HarnessHelpers) => {
  const tf = h.tf;
  const m = input.model;
  const tokens = tf.input({ shape: [null], dtype: 'int32', name: 'tokens' });
  const mask = tf.input({ shape: [null], name: 'mask' });
  const embedded = tf.layers.embedding({ inputDim: m.embeddings.length, outputDim: m.embeddings[0]!.length }).apply(tokens) as tfjs.SymbolicTensor;
  const hidden = tf.layers.dense({ units: m.hidden.bias.length, activation: 'relu' }).apply(embedded) as tfjs.SymbolicTensor;
  const weights = tf.layers.reshape({ targetShape: [-1, 1] }).apply(mask) as tfjs.SymbolicTensor;
  const masked = tf.layers.multiply().apply([hidden, weights]) as tfjs.SymbolicTensor;
  const pooled = tf.layers.globalMaxPooling1d().apply(masked) as tfjs.SymbolicTensor;
  const output = tf.layers.dense({ units: m.output.bias.length, activation: 'softmax' }).apply(pooled) as tfjs.SymbolicTensor;
  const model = h.own(tf.model({ inputs: [tokens, mask], outputs: output }));
  model.setWeights([h.tensor(m.embeddings), h.tensor(m.hidden.kernel), h.tensor(m.hidden.bias), h.tensor(m.output.kernel), h.tensor(m.output.bias)]);
  const counted = h.countPredictCalls(model);
  const replay = user.replayTraffic(model, input.requests, input.options);
  const measured = { calls: counted.calls, batchSizes: counted.batchSizes.slice(), flops: counted.flops };
  let usable = false;
  try {
    usable = tf.tidy(() => (model.predict([tf.ones([1, 1], 'int32'), tf.ones([1, 1])]) as tfjs.Tensor).dataSync().length === m.output.bias.length);
  } catch {
    usable = false;
  }
  return { replay, ...measured, usable };
};

// ---- Hand-written cases ----

let serial = 0;
/** Requests from [arrivalMs, token count] pairs; token ids cycle through real words of the vocabulary. */
const stream = (...specs: [number, number][]): ChatRequest[] =>
  specs.map(([arrivalMs, n], i) => ({ id: `r${i + 1}`, arrivalMs, tokens: Array.from({ length: n }, (_, k) => 2 + ((serial++ * 7 + k * 13) % (SHIPPED.embeddings.length - 2))) }));
const shipped = (requests: ChatRequest[], options: BatcherOptions = SERVING): Case => ({ model: SHIPPED, requests, options });

const PROMPT_EXAMPLE = shipped(stream([0, 3], [1, 6], [2, 4], [6, 2], [7, 9]), { maxBatch: 2, maxWaitMs: 5, buckets: [4, 8] });
const MIXED_LENGTHS = shipped(stream([0, 1], [0, 5], [1, 8], [2, 3], [2, 7], [3, 2]), { maxBatch: 8, maxWaitMs: 10, buckets: [8] });
const FULL_AT_ONCE = shipped(stream([0, 2], [1, 3], [2, 4], [3, 5], [4, 6], [40, 3]), { maxBatch: 4, maxWaitMs: 20, buckets: [8, 16] });
const REJECTS = shipped(stream([0, 0], [0, 65], [1, 64], [1, 3], [2, 200], [3, 0]), SERVING);
const AT_THE_DEADLINE = shipped(stream([0, 3], [10, 4], [10, 2], [20, 5], [21, 6]), { maxBatch: 8, maxWaitMs: 10, buckets: [8] });
const AFTER_THE_LAST = shipped(stream([100, 3], [103, 12], [104, 30], [105, 2]), { maxBatch: 8, maxWaitMs: 10, buckets: [8, 16, 32] });
/** A long message arrives first and flushes last: answers must still follow the requests' order. */
const OUT_OF_ORDER = shipped(stream([0, 30], [5, 3], [6, 15], [7, 4]), { maxBatch: 2, maxWaitMs: 25, buckets: [8, 16, 32] });
/** Deadlines between two arrivals: 12 (bucket 16), 11 (bucket 8) and 12 (bucket 4) all before 30; on the tie at 12 the shorter bucket first. */
const DEADLINE_ORDER = shipped(stream([2, 12], [1, 6], [2, 3], [30, 2]).sort((a, b) => a.arrivalMs - b.arrivalMs), { maxBatch: 8, maxWaitMs: 10, buckets: [4, 8, 16] });
/** Lengths exactly at a bucket boundary and one above it; a 9-token message pays for 16, not for the longest in the batch. */
const BOUNDARIES = shipped(stream([0, 8], [0, 9], [1, 16], [1, 17], [2, 11]), { maxBatch: 8, maxWaitMs: 5, buckets: [8, 16, 32] });
const NOTHING = shipped([], SERVING);

const naiveFlops = (requests: ChatRequest[]) =>
  requests.filter((r) => r.tokens.length > 0 && r.tokens.length <= 64).reduce((s, r) => s + flushFlops(SHIPPED, 1, r.tokens.length), 0);

// ---- Generated cases ----

const NAMES = Array.from({ length: 40 }, (_, i) => `g${i + 1}`);
/** A stream of up to `size` requests: gaps of 0 (simultaneous), exactly maxWaitMs (at a deadline) or anything up to past it; lengths 0 to past the largest bucket, boundaries often. */
const generatedStream = (options: BatcherOptions, vocab: number, size: number): fc.Arbitrary<ChatRequest[]> => {
  const largest = options.buckets[options.buckets.length - 1]!;
  const gap = fc.oneof(fc.constant(0), fc.constant(options.maxWaitMs), fc.integer({ min: 1, max: options.maxWaitMs + 3 }));
  const length = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: largest }) },
    { weight: 2, arbitrary: fc.constantFrom(...options.buckets, ...options.buckets.map((b) => b + 1)) },
    { weight: 1, arbitrary: fc.constantFrom(0, largest + 1, largest + 3) },
  );
  const request = fc.record({ gap, tokens: length.chain((n) => fc.array(fc.integer({ min: 1, max: vocab - 1 }), { minLength: n, maxLength: n })) });
  return fc.tuple(fc.integer({ min: 0, max: 50 }), fc.array(request, { minLength: 0, maxLength: size })).map(([start, items]) => {
    let at = start;
    return items.map(({ gap: g, tokens }, i) => ({ id: NAMES[i]!, arrivalMs: (at += i === 0 ? 0 : g), tokens }));
  });
};
const generatedOptions = (maxBatch: fc.Arbitrary<number>, maxWait: fc.Arbitrary<number>): fc.Arbitrary<BatcherOptions> =>
  fc.record({
    maxBatch,
    maxWaitMs: maxWait,
    buckets: fc.subarray([1, 2, 3, 4, 6, 8, 12, 16, 24], { minLength: 1, maxLength: 4 }),
  });
const weight = fc.integer({ min: -150, max: 150 }).map((n) => n / 100);
const matrix = (rows: number, cols: number) => fc.array(fc.array(weight, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
/** A small intent model of any vocabulary, width and number of intents. */
const generatedModel: fc.Arbitrary<ModelSpec> = fc
  .record({ vocab: fc.integer({ min: 4, max: 12 }), embed: fc.integer({ min: 1, max: 4 }), hidden: fc.integer({ min: 1, max: 5 }), intents: fc.integer({ min: 2, max: 5 }) })
  .chain(({ vocab, embed, hidden, intents }) =>
    fc.record({
      embeddings: matrix(vocab, embed),
      hidden: fc.record({ kernel: matrix(embed, hidden), bias: fc.array(weight, { minLength: hidden, maxLength: hidden }) }),
      output: fc.record({ kernel: matrix(hidden, intents), bias: fc.array(weight, { minLength: intents, maxLength: intents }) }),
    }),
  );
const withStream = (model: fc.Arbitrary<ModelSpec>, options: fc.Arbitrary<BatcherOptions>, size: number): fc.Arbitrary<Case> =>
  fc.tuple(model, options).chain(([m, o]) => generatedStream(o, m.embeddings.length, size).map((requests) => ({ model: m, options: o, requests })));

const generated = (spec: { id: string; name: string; rules: string[]; input: fc.Arbitrary<Case>; examples?: Case[]; count: number }) =>
  generatedCases({
    ...spec,
    perCase: 8,
    run: runReplay,
    what: 'the replay',
    compare: (actual: Plain, expected: Plain, t: Checker) => compareOutcomes(actual, expected as unknown as Outcome, t),
  });

export default defineTests<User>()([
  testCase({
    id: 'answers-like-the-model-alone',
    name: 'gives every message of a mixed-length batch the probabilities it gets alone',
    visible: true,
    rules: ['same-answers', 'one-call-per-flush', 'route-answers'],
    input: MIXED_LENGTHS,
    run: runReplay,
    check: checkCase(MIXED_LENGTHS),
  }),
  testCase({
    id: 'follows-the-prompt-example',
    name: 'flushes the prompt’s example exactly as the table says',
    visible: true,
    rules: ['flush-when-full', 'flush-at-max-wait', 'reject', 'flush-log'],
    input: PROMPT_EXAMPLE,
    run: runReplay,
    check: checkCase(PROMPT_EXAMPLE),
  }),
  testCase({
    id: 'flushes-a-full-bucket-at-once',
    name: 'flushes a bucket the moment it holds maxBatch messages, in one predict call',
    visible: true,
    rules: ['flush-when-full', 'one-call-per-flush'],
    input: FULL_AT_ONCE,
    run: runReplay,
    check: checkCase(FULL_AT_ONCE),
  }),
  testCase({
    id: 'serves-the-peak-second',
    name: 'serves the replayed peak second within maxWaitMs, in bucketed batches, with the answers of the model alone',
    visible: true,
    rules: ['bucket-by-length', 'flush-at-max-wait', 'one-call-per-flush', 'same-answers'],
    input: shipped(TRAFFIC),
    timeoutMs: 10_000,
    run: runReplay,
    check: (actual, t) => {
      const got = actual as unknown as Outcome;
      const expected = expectedOutcome(shipped(TRAFFIC));
      t.that(typeof got?.replay === 'object' && got.replay !== null && Array.isArray(got.replay.answers), 'replayTraffic should return { answers, flushes }, both arrays');
      const waits = got.replay.answers.map((a, i) => (typeof a?.completedMs === 'number' ? a.completedMs - TRAFFIC[i]!.arrivalMs : Number.POSITIVE_INFINITY));
      t.atMost(Math.max(0, ...waits), SERVING.maxWaitMs, { what: 'longest wait of a message in ms (completedMs − arrivalMs)' });
      t.atMost(got.calls, expected.calls, { what: `predict calls for the ${TRAFFIC.length} messages (one per message was the incident)` });
      t.atMost(got.flops, expected.flops, {
        what: `FLOPs of the replay (alone: ${naiveFlops(TRAFFIC).toLocaleString('en')}; padding each batch to its bucket: ${expected.flops.toLocaleString('en')}; to the longest in a 20 ms window: 17,299,296)`,
      });
      compareOutcomes(actual, expected, t);
    },
  }),
  testCase({
    id: 'rejects-too-long-and-empty-messages',
    name: 'answers messages longer than the largest bucket and messages without tokens at once, without the model',
    visible: false,
    rules: ['reject', 'bucket-by-length'],
    input: REJECTS,
    run: runReplay,
    check: checkCase(REJECTS),
  }),
  testCase({
    id: 'a-message-at-the-deadline-waits-for-the-next-batch',
    name: 'flushes a bucket at its deadline before queueing a message that arrives at that very time',
    visible: false,
    rules: ['flush-at-max-wait', 'flush-log'],
    input: AT_THE_DEADLINE,
    run: runReplay,
    check: checkCase(AT_THE_DEADLINE),
  }),
  testCase({
    id: 'answers-after-the-last-arrival',
    name: 'keeps the clock running after the last message: every queue is flushed at its deadline',
    visible: false,
    rules: ['flush-at-max-wait', 'route-answers'],
    input: AFTER_THE_LAST,
    run: runReplay,
    check: checkCase(AFTER_THE_LAST),
  }),
  testCase({
    id: 'routes-answers-to-their-requests',
    name: 'returns answers in the order of the requests when a later message is flushed first',
    visible: false,
    rules: ['route-answers', 'flush-log'],
    input: OUT_OF_ORDER,
    run: runReplay,
    check: checkCase(OUT_OF_ORDER),
  }),
  testCase({
    id: 'fires-deadlines-in-time-order',
    name: 'flushes the buckets due between two arrivals in order of their deadlines, the shorter bucket first on a tie',
    visible: false,
    rules: ['flush-at-max-wait', 'flush-log'],
    input: DEADLINE_ORDER,
    run: runReplay,
    check: checkCase(DEADLINE_ORDER),
  }),
  testCase({
    id: 'pads-to-the-bucket-length',
    name: 'puts a message exactly at a boundary in that bucket and pads every batch to its bucket length',
    visible: false,
    rules: ['bucket-by-length', 'one-call-per-flush'],
    input: BOUNDARIES,
    run: runReplay,
    check: checkCase(BOUNDARIES),
  }),
  testCase({
    id: 'masks-the-padding',
    name: 'gives every message of the peak second its own answer, whoever shares its batch',
    visible: false,
    rules: ['same-answers', 'no-leaks'],
    input: shipped(TRAFFIC.slice(0, 60)),
    run: runReplay,
    check: checkCase(shipped(TRAFFIC.slice(0, 60))),
  }),
  testCase({
    id: 'replays-no-traffic',
    name: 'returns no answers, no flushes and makes no predict call when no message arrives',
    visible: false,
    rules: ['one-call-per-flush', 'no-leaks'],
    input: NOTHING,
    run: runReplay,
    check: checkCase(NOTHING),
  }),
  generated({
    id: 'batches-generated-streams-like-the-reference',
    name: 'batches, pads, rejects and answers like the reference on generated streams and configs (any maxBatch, max wait and buckets)',
    rules: ['bucket-by-length', 'reject', 'flush-when-full', 'flush-at-max-wait', 'one-call-per-flush', 'same-answers', 'route-answers', 'flush-log', 'no-leaks'],
    input: withStream(fc.constant(SHIPPED), generatedOptions(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 20 })), 18),
    examples: [PROMPT_EXAMPLE, NOTHING, shipped(stream([5, 0], [5, 70]), SERVING), shipped(stream([0, 2], [0, 3], [0, 1]), { maxBatch: 5, maxWaitMs: 0, buckets: [4] })],
    count: 8,
  }),
  generated({
    id: 'serves-generated-models-like-the-reference',
    name: 'serves models of any vocabulary, width and number of intents like the reference',
    rules: ['same-answers', 'route-answers', 'one-call-per-flush', 'bucket-by-length'],
    input: withStream(generatedModel, generatedOptions(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 8 })), 12),
    count: 8,
  }),
  generated({
    id: 'handles-deadline-edges-like-the-reference',
    name: 'handles simultaneous arrivals, arrivals exactly at a deadline and a zero max wait like the reference',
    rules: ['flush-at-max-wait', 'flush-when-full', 'flush-log'],
    input: withStream(fc.constant(SHIPPED), generatedOptions(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 1, 4)), 16),
    examples: [shipped(stream([0, 1], [0, 1], [0, 1], [0, 1]), { maxBatch: 1, maxWaitMs: 0, buckets: [2] })],
    count: 8,
  }),
  generated({
    id: 'fills-batches-like-the-reference',
    name: 'fills and flushes full batches during bursts like the reference',
    rules: ['flush-when-full', 'bucket-by-length', 'flush-log', 'one-call-per-flush'],
    input: withStream(fc.constant(SHIPPED), generatedOptions(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 10, max: 40 })), 20),
    count: 6,
  }),
]);
