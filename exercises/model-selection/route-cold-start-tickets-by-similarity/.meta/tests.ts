import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import tickets from '../data/tickets.json';

interface Example {
  id: string;
  queue: string;
  embedding: number[];
}
interface SupportIndex {
  ids: string[];
  queues: string[];
  vectors: tfjs.Tensor2D;
}
interface Route {
  queue: string | null;
  similarity: number;
  neighbours: string[];
}
interface User {
  buildIndex(examples: Example[]): SupportIndex;
  disposeIndex(index: SupportIndex): void;
  route(index: SupportIndex, queries: number[][], k: number, minSimilarity: number): Route[];
}
interface Serve {
  examples: Example[];
  queries: number[][];
  k: number;
  minSimilarity: number;
  repeat?: number;
}

/** Builds an index, routes the queries (`repeat` times), disposes the index even when route throws. */
const serve = (user: User, input: Serve) => {
  const index = user.buildIndex(input.examples);
  try {
    let routes: Route[] = [];
    for (let n = 0; n < (input.repeat ?? 1); n += 1) {
      routes = user.route(index, input.queries, input.k, input.minSimilarity);
      // The index is shared by every request: a route call must not free it.
      if (index.vectors && index.vectors.isDisposed === true) return { indexDisposed: true };
    }
    return routes;
  } finally {
    user.disposeIndex(index);
  }
};

// ---- Host-side reference (float64) ----

const EPS = 1e-5;
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
function cosine(a: number[], b: number[]): number {
  const na = norm(a);
  const nb = norm(b);
  return na === 0 || nb === 0 ? 0 : a.reduce((s, x, i) => s + x * b[i]!, 0) / (na * nb);
}
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Examples ranked for one query: most similar first, ties by lower index. */
function ranked(examples: Example[], query: number[], score = cosine) {
  return examples.map((e, index) => ({ index, id: e.id, queue: e.queue, s: score(query, e.embedding) })).sort((a, b) => b.s - a.s || a.index - b.index);
}

function vote(queues: string[]): string {
  const votes = new Map<string, number>();
  for (const q of queues) votes.set(q, (votes.get(q) ?? 0) + 1);
  const most = Math.max(...votes.values());
  return queues.find((q) => votes.get(q) === most)!;
}

const fmt = (n: number) => String(Number(n.toPrecision(6)));

function checkRoutes(actual: Plain, input: Serve, t: Checker, where: string, names: string[] = []): void {
  const { examples, queries, k, minSimilarity } = input;
  t.that(
    !(actual !== null && typeof actual === 'object' && !Array.isArray(actual) && (actual as { indexDisposed?: boolean }).indexDisposed === true),
    `route disposed the index's vectors: the index is shared by every request, only disposeIndex may free it (${where})`,
  );
  t.that(Array.isArray(actual) && actual.length === queries.length, `route should return one route per query (${where})`, {
    visibleProperty: `route should return one route per query, ${queries.length} in all (${where})`,
  });
  const routes = actual as unknown as Partial<Route>[];
  const take = Math.min(k, examples.length);
  const byId = new Map(examples.map((e, index) => [e.id, index]));
  routes.forEach((got, j) => {
    // A hidden test names the case only; which query, and the numbers, are shown for visible tests.
    const at = `${names[j] ?? `query ${j}`}, ${where}`;
    const that = (condition: boolean, property: string, detail: { expected?: string; actual?: string; visibleProperty?: string } = {}) =>
      t.that(condition, `${property} (${where})`, { ...detail, visibleProperty: `${detail.visibleProperty ?? property} (${at})` });
    that(got !== null && typeof got === 'object' && Array.isArray(got.neighbours) && typeof got.similarity === 'number', 'each route should be { queue, similarity, neighbours }');
    const query = queries[j]!;
    const order = ranked(examples, query);
    const neighbours = got.neighbours!;
    that(neighbours.length === take, 'neighbours should list min(k, examples) example ids', {
      visibleProperty: `neighbours should list min(k, examples) = ${take} example ids, got ${neighbours.length}`,
    });
    that(neighbours.every((id) => byId.has(id)) && new Set(neighbours).size === neighbours.length, 'neighbours should be distinct ids of examples in the index');
    that(!Number.isNaN(got.similarity!), 'similarity is NaN: a zero-length vector must get similarity 0 with everything, not 0/0');
    const sims = neighbours.map((id) => cosine(query, examples[byId.get(id)!]!.embedding));
    const leftOut = order[take]?.s ?? Number.NEGATIVE_INFINITY;
    const ordered = sims.every((s, m) => m === 0 || sims[m - 1]! >= s - EPS);
    const complete = sims.every((s) => s >= leftOut - EPS);
    if (!ordered || !complete) {
      const byDot = ranked(examples, query, dot)
        .slice(0, take)
        .map((e) => e.id);
      that(
        !byDot.every((id, m) => neighbours[m] === id),
        'neighbours are ranked by raw dot product, so long tickets win: normalise queries and examples to length 1 and rank by cosine similarity',
      );
    }
    that(complete && ordered, 'neighbours should be the min(k, examples) examples with the highest cosine similarity, most similar first', {
      visibleProperty: `neighbours should be the ${take} examples with the highest cosine similarity, most similar first`,
      expected: order
        .slice(0, take)
        .map((e) => `${e.id} (${fmt(e.s)})`)
        .join(', '),
      actual: neighbours.map((id, m) => `${id} (${fmt(sims[m]!)})`).join(', '),
    });
    const tieMessage = 'examples with exactly the same similarity should be taken and listed in index order, the lower index first';
    neighbours.forEach((id, m) => {
      const index = byId.get(id)!;
      if (m > 0 && sims[m - 1] === sims[m]) that(byId.get(neighbours[m - 1]!)! < index, tieMessage);
      that(!order.slice(take).some((e) => e.s === sims[m] && e.index < index), tieMessage);
    });
    const best = order[0]!.s;
    const norms = norm(query);
    if (Math.abs(got.similarity! - best) > 1e-4 && norms > 0 && Math.abs(got.similarity! - best * norms) <= 1e-3) {
      that(false, "similarity is the cosine times the query's length: normalise the queries too, not only the examples");
    }
    t.closeTo(got.similarity, best, { what: `similarity (cosine similarity of the best match) (${where})`, visibleWhat: `similarity (cosine similarity of the best match) (${at})`, tolerance: 1e-4 });
    if (best < minSimilarity - EPS) {
      that(got.queue === null, 'should abstain (queue null) when the best similarity is below minSimilarity', {
        visibleProperty: `should abstain (queue null) when the best similarity ${fmt(best)} is below minSimilarity ${minSimilarity}`,
        expected: 'null',
        actual: JSON.stringify(got.queue),
      });
    } else if (best > minSimilarity + EPS) {
      const queues = neighbours.map((id) => examples[byId.get(id)!]!.queue);
      const expected = vote(queues);
      const votes = queues.filter((q) => q === expected).length;
      const tied = [...new Set(queues)].filter((q) => queues.filter((x) => x === q).length === votes);
      that(got.queue !== null, 'should route (not abstain) when the best similarity reaches minSimilarity', {
        visibleProperty: `should route (not abstain) when the best similarity ${fmt(best)} reaches minSimilarity ${minSimilarity}`,
      });
      if (tied.length > 1) {
        that(got.queue === expected, 'queues tie on votes: the queue of the nearest tied neighbour wins', {
          visibleProperty: `queues ${tied.join(' and ')} tie on votes: the queue of the nearest tied neighbour wins`,
          expected,
          actual: String(got.queue),
        });
      }
      t.equal(got.queue, expected, { what: `queue (the majority of the neighbours) (${where})`, visibleWhat: `queue (the majority of the ${take} neighbours) (${at})` });
    }
  });
}

// ---- Data ----

const examples = tickets.examples as Example[];
const queryRows = tickets.queries as { id: string; queue: string | null; embedding: number[] }[];
const queries = queryRows.map((q) => q.embedding);
const queryIds = queryRows.map((q) => q.id);
const DIM = tickets.dim;
const offTopic = queryRows.filter((q) => q.queue === null);
const wallet = queryRows.filter((q) => q.queue === 'wallet');

const axis = (i: number, length = 1) => Array.from({ length: DIM }, (_, j) => (j === i ? length : 0));
/** Unit-ish vectors at known angles to axis 0: cos = c, rotated into axis `other`. */
const at = (c: number, other: number, length = 1) => Array.from({ length: DIM }, (_, j) => (j === 0 ? c * length : j === other ? Math.sqrt(1 - c * c) * length : 0));

/** A wallet example is nearest; billing and wallet then tie 2-2 among k = 4. */
const tieExamples: Example[] = [
  { id: 'b-1', queue: 'billing', embedding: at(0.9, 1, 3) },
  { id: 'w-1', queue: 'wallet', embedding: at(0.95, 2) },
  { id: 'l-1', queue: 'login', embedding: axis(5) },
  { id: 'b-2', queue: 'billing', embedding: at(0.85, 3, 2) },
  { id: 'w-2', queue: 'wallet', embedding: at(0.8, 4, 0.5) },
];

/** Long billing vectors with a lower cosine than short wallet ones: the dot product gets it backwards. */
const lengthExamples: Example[] = [
  { id: 'bill-long-1', queue: 'billing', embedding: at(0.7, 1, 4) },
  { id: 'wal-short-1', queue: 'wallet', embedding: at(0.92, 2, 1) },
  { id: 'bill-long-2', queue: 'billing', embedding: at(0.68, 3, 4.5) },
  { id: 'wal-short-2', queue: 'wallet', embedding: at(0.9, 4, 0.9) },
  { id: 'wal-short-3', queue: 'wallet', embedding: at(0.88, 5, 1.1) },
];

/** Two identical examples (indices 1 and 3) with different queues; a zero vector at index 4. */
const duplicateExamples: Example[] = [
  { id: 'd-0', queue: 'login', embedding: axis(7) },
  { id: 'd-1', queue: 'wallet', embedding: at(0.8, 1, 2) },
  { id: 'd-2', queue: 'delivery', embedding: axis(9) },
  { id: 'd-3', queue: 'billing', embedding: at(0.8, 1, 2) },
  { id: 'd-4', queue: 'refunds', embedding: axis(0, 0) },
];

// ---- Generated indexes: any dim, size, queue mix and k; duplicates, scaled copies, zero vectors ----

interface GeneratedServe {
  dim: number;
  examples: Example[];
  queries: number[][];
  k: number;
  minSimilarity: number;
}

/** Continuous coordinates on a fine grid: distinct vectors never tie exactly by accident. */
const coordinate = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((c) => c / 1_000_000);

/**
 * A vector from a few shared directions: the direction itself, a power-of-two multiple (exactly the
 * same unit vector, so exactly the same similarity in float32 and float64), a near copy, a fresh
 * random vector or the zero vector.
 */
function vectorFrom(directions: number[][], dim: number): fc.Arbitrary<number[]> {
  const fresh = fc.array(coordinate, { minLength: dim, maxLength: dim });
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...directions), fc.constantFrom(1, 2, 0.5, 8)).map(([d, scale]) => d.map((x) => x * scale)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...directions), fresh).map(([d, noise]) => d.map((x, i) => x + 0.3 * noise[i]!)) },
    { weight: 2, arbitrary: fresh },
    { weight: 1, arbitrary: fc.constant(Array.from({ length: dim }, () => 0)) },
  );
}

const generatedServe: fc.Arbitrary<GeneratedServe> = fc
  .record({
    dim: fc.integer({ min: 2, max: 40 }),
    size: fc.integer({ min: 1, max: 24 }),
    batch: fc.integer({ min: 0, max: 6 }),
    queueNames: fc.shuffledSubarray(['wallet', 'billing', 'login', 'refunds'], { minLength: 1 }),
  })
  .chain(({ dim, size, batch, queueNames }) =>
    fc.array(fc.array(coordinate, { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: 4 }).chain((directions) =>
      fc.record({
        dim: fc.constant(dim),
        examples: fc
          .array(fc.tuple(fc.constantFrom(...queueNames), vectorFrom(directions, dim)), { minLength: size, maxLength: size })
          .map((items) => items.map(([queue, embedding], i) => ({ id: `ex-${String(i + 1).padStart(3, '0')}`, queue, embedding }))),
        queries: fc.array(vectorFrom(directions, dim), { minLength: batch, maxLength: batch }),
        k: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(size), fc.integer({ min: size, max: size + 5 })),
        minSimilarity: fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(-1, 0.3, 0.6, 0.9)),
      }),
    ),
  );

/** Builds the index, reads its rows' lengths, routes the batch, then sends a query one value too long. */
function serveGenerated(user: User, input: GeneratedServe) {
  const index = user.buildIndex(input.examples);
  let served;
  try {
    const rows = index.vectors.arraySync() as number[][];
    const routes = user.route(index, input.queries, input.k, input.minSimilarity);
    let threw = false;
    let namesDim = false;
    try {
      user.route(index, [...input.queries, Array.from({ length: input.dim + 1 }, () => 0.5)], input.k, input.minSimilarity);
    } catch (error) {
      threw = true;
      namesDim = String(error instanceof Error ? error.message : error).includes(`expected ${input.dim} values`);
    }
    served = { ids: index.ids, queues: index.queues, norms: rows.map((row) => Math.sqrt(row.reduce((s, x) => s + x * x, 0))), routes, threw, namesDim };
  } finally {
    user.disposeIndex(index);
  }
  return { ...served, indexFreed: index.vectors.isDisposed === true };
}

/** Judges the properties, not the reference's float32 digits: near-ties may fall either way. */
function compareGenerated(actual: Plain, _expected: Plain, t: Checker, input: GeneratedServe): void {
  const out = (actual ?? {}) as { ids?: Plain; queues?: Plain; norms?: Plain; routes?: Plain; threw?: Plain; namesDim?: Plain; indexFreed?: Plain };
  t.equal(out.ids, input.examples.map((e) => e.id), { what: 'index.ids (the example ids, in the order given)' });
  t.equal(out.queues, input.examples.map((e) => e.queue), { what: 'index.queues (each example’s queue, in the order given)' });
  t.closeTo(out.norms, input.examples.map((e) => (norm(e.embedding) === 0 ? 0 : 1)), { what: 'length of each row of index.vectors (1, or 0 for a zero vector)', tolerance: 1e-4 });
  checkRoutes(out.routes ?? null, input, t, 'generated tickets');
  t.that(out.threw === true && out.namesDim === true, 'route should throw an Error saying "expected <dim> values", with the index’s dim, for a query of the wrong size');
  t.that(out.indexFreed === true, 'disposeIndex should free the index’s vectors (the index’s only tensor)');
}

export default defineTests<User>()([
  testCase({
    id: 'builds-a-unit-length-index',
    name: 'buildIndex keeps ids and queues in order and stores every example scaled to length 1',
    visible: true,
    rules: ['index-in-order'],
    input: { examples },
    run: (user: User, input: { examples: Example[] }) => {
      const index = user.buildIndex(input.examples);
      const vectors = index.vectors;
      const out = {
        ids: index.ids,
        queues: index.queues,
        shape: vectors && typeof vectors.arraySync === 'function' ? vectors.shape : null,
        norms: vectors && typeof vectors.arraySync === 'function' ? (vectors.arraySync() as number[][]).map((row) => Math.sqrt(row.reduce((s, x) => s + x * x, 0))) : null,
      };
      user.disposeIndex(index);
      return out;
    },
    check: (actual, t) => {
      const out = (actual ?? {}) as { ids?: Plain; queues?: Plain; shape?: Plain; norms?: Plain };
      t.equal(out.ids, examples.map((e) => e.id), { what: 'index.ids (the example ids, in the order given)' });
      t.equal(out.queues, examples.map((e) => e.queue), { what: 'index.queues (each example’s queue, in the order given)' });
      t.that(Array.isArray(out.shape), 'index.vectors should be a tf.Tensor2D');
      t.equal(out.shape, [examples.length, DIM], { what: 'index.vectors shape [examples, dimensions]' });
      t.closeTo(out.norms, examples.map(() => 1), { what: 'length of each row of index.vectors (normalise once, when the index is built)', tolerance: 1e-4 });
    },
  }),
  testCase({
    id: 'routes-this-weeks-tickets',
    name: 'route finds the 5 most similar examples by cosine similarity and routes each ticket to their majority queue',
    visible: true,
    rules: ['nearest-neighbours', 'majority-vote', 'best-similarity'],
    input: { examples, queries, k: 5, minSimilarity: 0.6 },
    run: serve,
    check: (actual, t) => checkRoutes(actual, { examples, queries, k: 5, minSimilarity: 0.6 }, t, 'this week’s 42 tickets, k=5, minSimilarity 0.6', queryIds),
  }),
  testCase({
    id: 'abstains-on-off-topic-tickets',
    name: 'route abstains (queue null) when even the best match is less similar than minSimilarity',
    visible: true,
    rules: ['abstain-below'],
    input: { examples, queries: offTopic.map((q) => q.embedding), k: 5, minSimilarity: 0.6 },
    run: serve,
    check: (actual, t) =>
      checkRoutes(
        actual,
        { examples, queries: offTopic.map((q) => q.embedding), k: 5, minSimilarity: 0.6 },
        t,
        'off-topic tickets, minSimilarity 0.6',
        offTopic.map((q) => q.id),
      ),
  }),
  testCase({
    id: 'serves-many-requests-without-leaking',
    name: 'one index serves 20 route calls and is then disposed, leaving no tensors behind',
    visible: true,
    rules: ['no-leaks-keep-index', 'index-tensors'],
    input: { examples, queries: wallet.map((q) => q.embedding), k: 5, minSimilarity: 0.6, repeat: 20 },
    run: serve,
    check: (actual, t) =>
      checkRoutes(
        actual,
        { examples, queries: wallet.map((q) => q.embedding), k: 5, minSimilarity: 0.6 },
        t,
        'wallet tickets, the 20th call',
        wallet.map((q) => q.id),
      ),
  }),
  testCase({
    id: 'cosine-not-dot-product',
    name: 'ranks by cosine similarity, so short wallet tickets beat long billing tickets pointing further away',
    visible: false,
    rules: ['cosine', 'nearest-neighbours'],
    input: { examples: lengthExamples, queries: [axis(0, 1.3), axis(0, 0.4)], k: 3, minSimilarity: 0.5 },
    run: serve,
    check: (actual, t) => checkRoutes(actual, { examples: lengthExamples, queries: [axis(0, 1.3), axis(0, 0.4)], k: 3, minSimilarity: 0.5 }, t, 'vectors of different lengths'),
  }),
  testCase({
    id: 'similarity-ignores-query-length',
    name: 'the similarity and the abstain decision do not depend on how long the query vector is',
    visible: false,
    rules: ['cosine', 'best-similarity', 'abstain-below'],
    input: { examples, queries: [...offTopic.map((q) => q.embedding.map((x) => x * 3)), ...wallet.slice(0, 3).map((q) => q.embedding.map((x) => x / 4))], k: 5, minSimilarity: 0.6 },
    run: serve,
    check: (actual, t) => {
      const scaled = [...offTopic.map((q) => q.embedding.map((x) => x * 3)), ...wallet.slice(0, 3).map((q) => q.embedding.map((x) => x / 4))];
      checkRoutes(actual, { examples, queries: scaled, k: 5, minSimilarity: 0.6 }, t, 'queries scaled by 3 and by 1/4');
    },
  }),
  testCase({
    id: 'zero-vectors-get-similarity-zero',
    name: 'a zero query and a zero example get similarity 0, never NaN, and a zero query abstains',
    visible: false,
    rules: ['cosine', 'index-in-order'],
    input: { examples: duplicateExamples, queries: [axis(0, 0), axis(9, 2)], k: 2, minSimilarity: 0.3 },
    run: serve,
    check: (actual, t) => checkRoutes(actual, { examples: duplicateExamples, queries: [axis(0, 0), axis(9, 2)], k: 2, minSimilarity: 0.3 }, t, 'zero vectors'),
  }),
  testCase({
    id: 'equal-similarity-lower-index-first',
    name: 'two identical examples are listed in index order, so the lower index decides a 1-NN route',
    visible: false,
    rules: ['nearest-neighbours'],
    input: { examples: duplicateExamples, queries: [at(0.8, 1, 1), at(0.6, 1)], k: 1, minSimilarity: 0.5 },
    run: serve,
    check: (actual, t) => checkRoutes(actual, { examples: duplicateExamples, queries: [at(0.8, 1, 1), at(0.6, 1)], k: 1, minSimilarity: 0.5 }, t, 'identical examples'),
  }),
  testCase({
    id: 'vote-tie-goes-to-nearest',
    name: 'when two queues tie on votes, the queue of the nearest tied neighbour wins',
    visible: false,
    rules: ['majority-vote'],
    input: { examples: tieExamples, queries: [axis(0)], k: 4, minSimilarity: 0.5 },
    run: serve,
    check: (actual, t) => checkRoutes(actual, { examples: tieExamples, queries: [axis(0)], k: 4, minSimilarity: 0.5 }, t, '2-2 tie between wallet and billing'),
  }),
  testCase({
    id: 'k-larger-than-the-index',
    name: 'with k larger than the index, every example is a neighbour',
    visible: false,
    rules: ['any-k'],
    input: { examples: tieExamples, queries: [axis(0), axis(5, 2)], k: 50, minSimilarity: 0.5 },
    run: serve,
    check: (actual, t) => checkRoutes(actual, { examples: tieExamples, queries: [axis(0), axis(5, 2)], k: 50, minSimilarity: 0.5 }, t, 'k = 50 with 5 examples'),
  }),
  testCase({
    id: 'large-k-outvotes-the-new-queue',
    name: 'with k = 15 the six wallet examples can be outvoted: the majority rule is applied as stated',
    visible: false,
    rules: ['majority-vote', 'any-k'],
    input: { examples, queries: wallet.map((q) => q.embedding), k: 15, minSimilarity: 0.6 },
    run: serve,
    check: (actual, t) =>
      checkRoutes(
        actual,
        { examples, queries: wallet.map((q) => q.embedding), k: 15, minSimilarity: 0.6 },
        t,
        'wallet tickets, k=15',
        wallet.map((q) => q.id),
      ),
  }),
  testCase({
    id: 'empty-batch',
    name: 'route returns an empty list for an empty batch and leaves no tensors behind',
    visible: false,
    rules: ['empty-batch'],
    input: { examples, queries: [], k: 5, minSimilarity: 0.6 },
    run: serve,
    check: (actual, t) => checkRoutes(actual, { examples, queries: [], k: 5, minSimilarity: 0.6 }, t, 'an empty batch'),
  }),
  testCase({
    id: 'rejects-a-query-of-the-wrong-size',
    name: 'route throws an Error naming the expected size for a query with 31 values, without leaking',
    visible: false,
    rules: ['wrong-size-throws', 'no-leaks-keep-index'],
    input: { examples, queries: [queries[0]!, queries[1]!.slice(0, 31)] },
    run: (user: User, input: { examples: Example[]; queries: number[][] }) => {
      const index = user.buildIndex(input.examples);
      try {
        user.route(index, input.queries, 5, 0.6);
        return { threw: false, message: '' };
      } catch (error) {
        return { threw: true, message: error instanceof Error ? error.message : String(error) };
      } finally {
        user.disposeIndex(index);
      }
    },
    check: (actual, t) => {
      const out = (actual ?? {}) as { threw?: boolean; message?: string };
      t.that(out.threw === true, 'a query with 31 values should make route throw an Error');
      t.that(/expected 32 values/.test(out.message ?? ''), 'the error for a query with 31 values should say "expected 32 values"', { actual: JSON.stringify(out.message) });
    },
  }),
  testCase({
    id: 'rejects-an-empty-index',
    name: 'buildIndex throws an Error for no examples, without leaking',
    visible: false,
    rules: ['empty-index-throws'],
    input: {},
    run: (user: User) => {
      try {
        const index = user.buildIndex([]);
        user.disposeIndex(index);
        return false;
      } catch {
        return true;
      }
    },
    check: (actual, t) => t.that(actual === true, 'buildIndex with no examples should throw an Error'),
  }),
  testCase({
    id: 'routes-at-exactly-min-similarity',
    name: 'a best similarity exactly equal to minSimilarity routes (1 for the same direction, 0 for a zero query)',
    visible: false,
    rules: ['abstain-below', 'cosine'],
    input: { examples: tieExamples, queries: [axis(5, 3), axis(0, 0)] },
    run: (user: User, input: { examples: Example[]; queries: number[][] }) => {
      const index = user.buildIndex(input.examples);
      try {
        return [user.route(index, [input.queries[0]!], 1, 1)[0]?.queue ?? null, user.route(index, [input.queries[1]!], 3, 0)[0]?.queue ?? null];
      } finally {
        user.disposeIndex(index);
      }
    },
    check: (actual, t) => {
      const [same, zero] = Array.isArray(actual) ? actual : [undefined, undefined];
      t.equal(same, 'login', { what: 'queue when the best similarity is exactly minSimilarity = 1 (equal routes)' });
      t.equal(zero, 'billing', { what: 'queue of a zero query when minSimilarity = 0 (its similarity 0 equals it, so it routes; the first examples in index order vote)' });
    },
  }),
  generatedCases({
    id: 'routes-generated-tickets',
    name: 'builds the index and routes like the rules say on generated tickets (any dim, index size, queue mix and k; duplicates, scaled copies, zero vectors, empty batches)',
    rules: ['cosine', 'index-in-order', 'index-tensors', 'nearest-neighbours', 'best-similarity', 'abstain-below', 'majority-vote', 'empty-batch', 'wrong-size-throws', 'no-leaks-keep-index', 'any-k', 'plain-results'],
    input: generatedServe,
    count: 28,
    run: serveGenerated,
    compare: compareGenerated,
    what: 'routes',
  }),
]);
