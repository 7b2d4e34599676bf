import fc from 'fast-check';
import { defineTests, generatedCases, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import { mulberry32 } from '@/lib/seeded-random';
import data from '../data/index.json';

interface IvfIndex {
  centroids: number[][];
  lists: number[][];
}
interface SearchResult {
  ids: number[];
  scores: number[];
}
interface Judgment {
  id: number;
  grade: number;
}
interface NprobeEvaluation {
  nprobe: number;
  recall: number;
  cost: number;
}
interface User {
  exactSearch(corpus: number[][], queries: number[][], k: number): SearchResult[];
  buildIvf(corpus: number[][], centroids: number[][]): IvfIndex;
  ivfSearch(corpus: number[][], index: IvfIndex, queries: number[][], k: number, nprobe: number): { results: SearchResult[]; distanceComputations: number };
  recallAtK(retrieved: number[], relevant: number[], k: number): number;
  ndcgAtK(retrieved: number[], judged: Judgment[], k: number): number;
  chooseNprobe(
    corpus: number[][],
    index: IvfIndex,
    queries: number[][],
    k: number,
    candidates: number[],
    recallTarget: number,
    costBudget: number,
  ): { nprobe: number | null; evaluations: NprobeEvaluation[] };
}
/** A corpus, its centroids and a batch of queries. */
interface Scene {
  corpus: number[][];
  centroids: number[][];
  queries: number[][];
}
interface SearchCase extends Scene {
  k: number;
  nprobe: number;
}
interface SelectionCase extends Scene {
  k: number;
  candidates: number[];
  recallTarget: number;
  costBudget: number;
}
interface RecallCase {
  retrieved: number[];
  relevant: number[];
  k: number;
}
interface NdcgCase {
  retrieved: number[];
  judged: Judgment[];
  k: number;
}

// ---- Host-side reference (float64) ----

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
/** Positions ranked by score: highest first, lower position first on ties. */
const rankScores = (scores: number[]) => scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);

/** What every check of a scene needs, computed once: lists, and each query's scores and rankings. */
interface Prepared {
  lists: number[][];
  scores: number[][]; // [query][corpus row]
  order: number[][]; // [query] corpus rows, best first
  probeOrder: number[][]; // [query] centroids, best first
}
const prepared = new WeakMap<number[][], WeakMap<number[][], WeakMap<number[][], Prepared>>>();
function prepare(s: Scene): Prepared {
  const byCorpus = prepared.get(s.queries) ?? new WeakMap<number[][], WeakMap<number[][], Prepared>>();
  prepared.set(s.queries, byCorpus);
  const byCentroids = byCorpus.get(s.corpus) ?? new WeakMap<number[][], Prepared>();
  byCorpus.set(s.corpus, byCentroids);
  let p = byCentroids.get(s.centroids);
  if (!p) {
    const lists: number[][] = s.centroids.map(() => []);
    s.corpus.forEach((row, r) => lists[rankScores(s.centroids.map((c) => dot(row, c)))[0]!]!.push(r));
    const scores = s.queries.map((q) => s.corpus.map((row) => dot(q, row)));
    p = { lists, scores, order: scores.map(rankScores), probeOrder: s.queries.map((q) => rankScores(s.centroids.map((c) => dot(q, c)))) };
    byCentroids.set(s.centroids, p);
  }
  return p;
}

const exact = (s: Scene, k: number): number[][] => prepare(s).order.map((o) => o.slice(0, k));
const lists = (s: Scene): number[][] => prepare(s).lists;
/** Each query's candidate rows (ascending) and the batch's distance computations. */
function probe(s: Scene, nprobe: number): { candidates: number[][]; cost: number } {
  const p = prepare(s);
  const candidates = p.probeOrder.map((o) =>
    o
      .slice(0, nprobe)
      .flatMap((c) => p.lists[c]!)
      .sort((a, b) => a - b),
  );
  return { candidates, cost: candidates.reduce((sum, c) => sum + s.centroids.length + c.length, 0) };
}
/** Each query's candidates, ranked (the full ranking restricted to the candidates keeps its order and ties). */
function rankedCandidates(s: Scene, nprobe: number): number[][] {
  const p = prepare(s);
  return probe(s, nprobe).candidates.map((rows, q) => {
    const inside = new Set(rows);
    return p.order[q]!.filter((r) => inside.has(r));
  });
}
const ivf = (s: Scene, k: number, nprobe: number): number[][] => rankedCandidates(s, nprobe).map((o) => o.slice(0, k));
function recall(retrieved: number[], relevant: number[], k: number): number {
  const wanted = new Set(relevant);
  return new Set(retrieved.slice(0, k).filter((id) => wanted.has(id))).size / wanted.size;
}
/** nDCG@k; `offset` 1 is the rule (rank i divided by log2(i + 1)), `exponential` the 2^g - 1 gain. */
function ndcg(retrieved: number[], judged: Judgment[], k: number, options: { offset?: number; exponential?: boolean; idealFromRetrieved?: boolean } = {}): number {
  const { offset = 1, exponential = false, idealFromRetrieved = false } = options;
  const grade = new Map(judged.map((j) => [j.id, j.grade]));
  const gain = (g: number) => (exponential ? 2 ** g - 1 : g);
  const dcg = (grades: number[]) => grades.slice(0, k).reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 1 + offset), 0);
  const retrievedGrades = retrieved.map((id) => grade.get(id) ?? 0);
  const ideal = dcg((idealFromRetrieved ? retrievedGrades : judged.map((j) => j.grade)).slice().sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(retrievedGrades) / ideal;
}
function choose(c: SelectionCase): { nprobe: number | null; evaluations: NprobeEvaluation[] } {
  const truth = exact(c, c.k);
  const evaluations = c.candidates.map((nprobe) => {
    const found = ivf(c, c.k, nprobe);
    return {
      nprobe,
      recall: found.reduce((sum, ids, q) => sum + recall(ids, truth[q]!, c.k), 0) / c.queries.length,
      cost: probe(c, nprobe).cost / c.queries.length,
    };
  });
  const fits = evaluations.filter((e) => e.recall >= c.recallTarget && e.cost <= c.costBudget).map((e) => e.nprobe);
  return { nprobe: fits.length === 0 ? null : Math.min(...fits), evaluations };
}

// ---- Checks ----

const EPS = 1e-6;
const show = (v: unknown) => JSON.stringify(v);

/**
 * One query's results against its ranked candidate rows: the right count, distinct candidates,
 * ranked by dot product (float32 may swap two rows whose similarities differ by less than 1e-6),
 * equal similarities lower row first, and scores within 1e-4.
 */
function checkRanking(got: Partial<SearchResult> | undefined, scores: number[], order: number[], k: number, t: Checker, where: string): void {
  t.that(got !== null && typeof got === 'object' && Array.isArray(got?.ids) && Array.isArray(got?.scores), `each result should be { ids, scores } (${where})`);
  const ids = got!.ids!;
  const take = Math.min(k, order.length);
  t.that(ids.length === take, `return min(k, candidates) rows per query: all of them when k is larger (${where})`, {
    visibleProperty: `return min(k, candidates) = ${take} rows per query, got ${ids.length} (${where})`,
  });
  const allowed = new Set(order);
  t.that(ids.every((id) => allowed.has(id)) && new Set(ids).size === ids.length, `results are distinct rows from the candidates (the probed lists only, for IVF) (${where})`);
  const sims = ids.map((id) => scores[id]!);
  const leftOut = order[take] !== undefined ? scores[order[take]!]! : Number.NEGATIVE_INFINITY;
  const ranked = sims.every((s, m) => m === 0 || sims[m - 1]! >= s - EPS) && sims.every((s) => s >= leftOut - EPS);
  t.that(ranked, `results are the rows with the highest dot product, most similar first (${where})`, { expected: show(order.slice(0, take)), actual: show(ids) });
  const tie = `equal similarities go lower row first, also across probed lists (${where})`;
  ids.forEach((id, m) => {
    if (m > 0 && sims[m - 1] === sims[m]) t.that(ids[m - 1]! < id, tie, { expected: show(order.slice(0, take)), actual: show(ids) });
    t.that(!order.slice(take).some((r) => r < id && scores[r] === sims[m]), tie, { expected: show(order.slice(0, take)), actual: show(ids) });
  });
  t.closeTo(got!.scores, sims, { what: `scores (the dot products of the returned rows) (${where})`, tolerance: 1e-4 });
}

function checkExact(actual: Plain | unknown, c: SearchCase, t: Checker, where: string): void {
  t.that(Array.isArray(actual) && actual.length === c.queries.length, `exactSearch should return one result per query (${where})`);
  const p = prepare(c);
  c.queries.forEach((_, i) => checkRanking((actual as Partial<SearchResult>[])[i], p.scores[i]!, p.order[i]!, c.k, t, `exactSearch, ${where}`));
}

function checkLists(actual: unknown, s: Scene, t: Checker, where: string): void {
  const index = actual as Partial<IvfIndex> | null;
  t.that(index !== null && typeof index === 'object' && Array.isArray(index.lists) && Array.isArray(index.centroids), `buildIvf should return { centroids, lists } (${where})`);
  t.equal(index!.centroids, s.centroids, { what: `buildIvf's centroids (the ones given) (${where})` });
  const want = lists(s);
  const byDistance: number[][] = s.centroids.map(() => []);
  s.corpus.forEach((row, r) => {
    const d = s.centroids.map((c) => c.reduce((sum, x, j) => sum + (x - row[j]!) ** 2, 0));
    byDistance[d.indexOf(Math.min(...d))]!.push(r);
  });
  t.that(
    !(show(index!.lists) === show(byDistance) && show(byDistance) !== show(want)),
    `buildIvf files each row under the centroid with the highest dot product, not the smallest Euclidean distance (${where})`,
  );
  t.equal(index!.lists, want, { what: `buildIvf's lists (each row under the centroid with the highest dot product, lower centroid on ties, rows ascending) (${where})` });
}

function checkIvf(actual: Plain | unknown, c: SearchCase, t: Checker, where: string): void {
  const out = actual as { results?: Partial<SearchResult>[]; distanceComputations?: number } | null;
  t.that(out !== null && typeof out === 'object' && Array.isArray(out.results) && out.results.length === c.queries.length, `ivfSearch should return { results, distanceComputations }, one result per query (${where})`);
  const { candidates, cost } = probe(c, c.nprobe);
  const p = prepare(c);
  const ranked = rankedCandidates(c, c.nprobe);
  c.queries.forEach((_, i) => checkRanking(out!.results![i], p.scores[i]!, ranked[i]!, c.k, t, `ivfSearch, ${where}`));
  const scanned = candidates.reduce((sum, rows) => sum + rows.length, 0);
  t.that(
    !(out!.distanceComputations === scanned && scanned !== cost),
    `distanceComputations leaves out the centroid comparisons: every query also pays nlist (${where})`,
  );
  t.equal(out!.distanceComputations, cost, { what: `distanceComputations (nlist per query plus its candidates, summed over the batch) (${where})` });
}

function checkRecalls(actual: Plain | unknown, cases: RecallCase[], t: Checker, where: string): void {
  t.that(Array.isArray(actual) && actual.length === cases.length, `recallAtK should return a number for each call (${where})`);
  cases.forEach((c, i) => {
    const got = (actual as number[])[i]!;
    const want = recall(c.retrieved, c.relevant, c.k);
    if (Math.abs(got - want) <= 1e-9) return;
    const hits = new Set(c.retrieved.slice(0, c.k).filter((id) => c.relevant.includes(id))).size;
    t.that(!(Math.abs(got - hits / c.k) <= 1e-9), `recallAtK divides by k: divide by the number of relevant items (${where})`, { expected: String(want), actual: String(got) });
    const counted = c.retrieved.slice(0, c.k).filter((id) => c.relevant.includes(id)).length / new Set(c.relevant).size;
    t.that(!(Math.abs(got - counted) <= 1e-9), `recallAtK counts an item retrieved twice twice: each relevant item counts once (${where})`, { expected: String(want), actual: String(got) });
    t.that(false, `recallAtK: |first k retrieved ∩ relevant| / |relevant| (${where})`, { expected: String(want), actual: String(got) });
  });
}

function checkNdcgs(actual: Plain | unknown, cases: NdcgCase[], t: Checker, where: string): void {
  t.that(Array.isArray(actual) && actual.length === cases.length, `ndcgAtK should return a number for each call (${where})`);
  cases.forEach((c, i) => {
    const got = (actual as number[])[i]!;
    const want = ndcg(c.retrieved, c.judged, c.k);
    if (Math.abs(got - want) <= 1e-4) return;
    const detail = { expected: String(want), actual: String(got) };
    t.that(!Number.isNaN(got), `ndcgAtK is NaN: with no judged item above grade 0 the ideal DCG is 0, and nDCG is 0 (${where})`, detail);
    const like = (other: number) => Math.abs(got - other) <= 1e-4;
    t.that(!like(ndcg(c.retrieved, c.judged, c.k, { offset: 2 })), `ndcgAtK's discount is off by one: rank i (from 1) is divided by log2(i + 1), so rank 1 by 1 (${where})`, detail);
    t.that(!like(ndcg(c.retrieved, c.judged, c.k, { exponential: true })), `ndcgAtK uses 2^grade - 1 as the gain: the gain is the grade itself (linear) (${where})`, detail);
    t.that(
      !like(ndcg(c.retrieved, c.judged, c.k, { idealFromRetrieved: true })),
      `ndcgAtK's ideal DCG re-sorts the retrieved items: it must come from all the judged grades, retrieved or not (${where})`,
      detail,
    );
    t.that(false, `ndcgAtK: DCG@k of the retrieved grades over the ideal DCG@k of all judged grades (${where})`, detail);
  });
}

function checkSelection(actual: Plain | unknown, c: SelectionCase, t: Checker, where: string): void {
  const out = actual as { nprobe?: number | null; evaluations?: Partial<NprobeEvaluation>[] } | null;
  t.that(out !== null && typeof out === 'object' && Array.isArray(out.evaluations), `chooseNprobe should return { nprobe, evaluations } (${where})`);
  const want = choose(c);
  t.that(out!.evaluations!.length === c.candidates.length, `chooseNprobe should evaluate every candidate, in the order given (${where})`);
  want.evaluations.forEach((e, i) => {
    const got = out!.evaluations![i]!;
    t.that(got?.nprobe === e.nprobe, `evaluations are in the candidates' order (${where})`, { expected: show(c.candidates), actual: show(out!.evaluations!.map((x) => x?.nprobe)) });
    const at = `nprobe ${e.nprobe}, ${where}`;
    t.closeTo(got.recall, e.recall, { what: `mean recall@k against exact search (${where})`, visibleWhat: `mean recall@k against exact search (${at})`, tolerance: 1e-9 });
    t.closeTo(got.cost, e.cost, {
      what: `mean distance computations per query, centroids included (${where})`,
      visibleWhat: `mean distance computations per query, centroids included (${at})`,
      tolerance: 1e-9,
    });
  });
  const rule = `the smallest nprobe with recall >= the target and cost <= the budget, or null when none qualifies (${where})`;
  if (want.nprobe === null) {
    const meetsRecall = want.evaluations.some((e) => e.recall >= c.recallTarget);
    t.that(out!.nprobe === null, meetsRecall ? `no candidate meets the recall target within the cost budget: return null (${where})` : `no candidate reaches the recall target: return null (${where})`, {
      expected: 'null',
      actual: show(out!.nprobe),
    });
  }
  t.equal(out!.nprobe, want.nprobe, { what: rule });
}

// ---- Drivers (self-contained: they run in the sandbox) ----

const exactDriver = (user: User, input: { cases: SearchCase[] }) => input.cases.map((c) => user.exactSearch(c.corpus, c.queries, c.k));
const ivfDriver = (user: User, input: { cases: SearchCase[] }) =>
  input.cases.map((c) => {
    const index = user.buildIvf(c.corpus, c.centroids);
    return [index, user.ivfSearch(c.corpus, index, c.queries, c.k, c.nprobe)];
  });
const recallDriver = (user: User, input: { cases: RecallCase[] }) => input.cases.map((c) => user.recallAtK(c.retrieved, c.relevant, c.k));
const ndcgDriver = (user: User, input: { cases: NdcgCase[] }) => input.cases.map((c) => user.ndcgAtK(c.retrieved, c.judged, c.k));
const selectionDriver = (user: User, input: { cases: SelectionCase[] }) =>
  input.cases.map((c) => user.chooseNprobe(c.corpus, user.buildIvf(c.corpus, c.centroids), c.queries, c.k, c.candidates, c.recallTarget, c.costBudget));

function checkIvfCases(actual: Plain | unknown, cases: SearchCase[], t: Checker, where: (c: SearchCase) => string): void {
  t.that(Array.isArray(actual) && actual.length === cases.length, 'buildIvf and ivfSearch should return an index and { results, distanceComputations }');
  cases.forEach((c, i) => {
    const [index, search] = ((actual as Plain[])[i] ?? []) as Plain[];
    checkLists(index, c, t, where(c));
    checkIvf(search, c, t, where(c));
  });
}

// ---- Data ----

const corpus = data.corpus;
const centroids = data.centroids;
const tune = data.queries.filter((q) => q.split === 'tune');
const shipped = (queries: number[][], k: number, nprobe: number): SearchCase => ({ corpus, centroids, queries, k, nprobe });
const CANDIDATES = [1, 2, 4, 8];
/** The visible search tests score a few queries against the whole corpus (every query costs a pass over it); the selection test runs all 40. */
const firstTuning = tune.slice(0, 8).map((q) => q.vector);

// ---- Generated scenes ----
// Coordinates are multiples of 1/8 and centroids are scaled by 1/2, 1, 2 or 3, so every dot product
// is exact in float32 as in float64: equal similarities are real ties (zero vectors, copied rows,
// copied centroids, small dims) that the tie rule decides, and no rounding can reorder two rows.

const coordinate = fc.integer({ min: -8, max: 8 }).map((c) => c / 8);
const vectorOf = (dim: number) =>
  fc.oneof({ weight: 8, arbitrary: fc.array(coordinate, { minLength: dim, maxLength: dim }) }, { weight: 1, arbitrary: fc.constant(Array.from({ length: dim }, () => 0)) });
/** `n` vectors, some of them copies of others (chunks ingested twice, centroids trained twice). */
const vectorsWithCopies = (n: number, dim: number) =>
  fc.tuple(fc.array(vectorOf(dim), { minLength: n, maxLength: n }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: Math.ceil(n / 4) })).map(([rows, copies]) => {
    const out = rows.map((r) => [...r]);
    copies.forEach(([to, from]) => {
      out[to % n] = [...out[from % n]!];
    });
    return out;
  });
function sceneOf(rows: fc.Arbitrary<number>, queries: fc.Arbitrary<number>, nlist = fc.integer({ min: 1, max: 8 })): fc.Arbitrary<Scene> {
  return fc.record({ dim: fc.integer({ min: 1, max: 8 }), rows, nlist, queries }).chain(({ dim, rows, nlist, queries }) =>
    fc.record({
      corpus: vectorsWithCopies(rows, dim),
      centroids: fc
        .tuple(vectorsWithCopies(nlist, dim), fc.array(fc.constantFrom(0.5, 1, 2, 3), { minLength: nlist, maxLength: nlist }))
        .map(([cs, scales]) => cs.map((c, i) => c.map((x) => x * scales[i]!))),
      queries: fc.array(vectorOf(dim), { minLength: queries, maxLength: queries }),
    }),
  );
}

/** Any corpus size (empty too), width, list count and batch size; k and nprobe below, at and above their caps. */
const generatedSearch: fc.Arbitrary<SearchCase> = sceneOf(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5 })).chain((s) =>
  fc
    .record({
      k: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(Math.max(1, s.corpus.length)), fc.integer({ min: s.corpus.length + 1, max: s.corpus.length + 6 })),
      nprobe: fc.oneof(fc.integer({ min: 1, max: s.centroids.length }), fc.constant(s.centroids.length), fc.integer({ min: s.centroids.length + 1, max: s.centroids.length + 4 })),
    })
    .map((p) => ({ ...s, ...p })),
);

/** Values strictly between the sorted distinct values, below the lowest and above the highest: no limit a rounding could flip. */
function between(values: number[], low: number, high: number): number[] {
  const v = [...new Set(values)].sort((a, b) => a - b);
  const points = v.slice(1).map((x, i) => (v[i]! + x) / 2);
  if (v[0]! > low) points.push((low + v[0]!) / 2);
  if (v[v.length - 1]! < high) points.push((v[v.length - 1]! + high) / 2);
  return points.length > 0 ? points : [v[0]!];
}
/**
 * A selection whose target and budget sit exactly at a measured recall and cost ('exact': k and the
 * batch are powers of two, so every recall and cost is a binary fraction that any summation order
 * gives exactly), between them, or at the extremes.
 */
const generatedSelection: fc.Arbitrary<SelectionCase> = fc
  .oneof(
    fc.record({ scene: sceneOf(fc.integer({ min: 8, max: 40 }), fc.constantFrom(1, 2, 4), fc.integer({ min: 2, max: 8 })), k: fc.constantFrom(1, 2, 4, 8), mode: fc.constant('exact' as const) }),
    fc.record({ scene: sceneOf(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 8 })), k: fc.integer({ min: 1, max: 12 }), mode: fc.constantFrom('between' as const, 'extreme' as const) }),
  )
  .chain(({ scene, k, mode }) =>
    fc
      .record({
        candidates: fc.uniqueArray(fc.integer({ min: 1, max: scene.centroids.length + 2 }), { minLength: 1, maxLength: 5 }),
        pickRecall: fc.nat(),
        pickCost: fc.nat(),
      })
      .map(({ candidates, pickRecall, pickCost }) => {
        const measured = choose({ ...scene, k, candidates, recallTarget: 0, costBudget: 0 }).evaluations;
        const recalls = measured.map((e) => e.recall);
        const costs = measured.map((e) => e.cost);
        const pick = (values: number[], n: number) => values[n % values.length]!;
        const limits =
          mode === 'exact'
            ? { recallTarget: pick(recalls, pickRecall), costBudget: pick(costs, pickCost) }
            : mode === 'between'
              ? { recallTarget: pick(between(recalls, 0, 1), pickRecall), costBudget: pick(between(costs, 0, Math.max(...costs) + 10), pickCost) }
              : { recallTarget: pick([0, 1], pickRecall), costBudget: pick([0, 1_000_000], pickCost) };
        return { ...scene, k, candidates, ...limits };
      }),
  );

const generatedRecall: fc.Arbitrary<RecallCase> = fc
  .integer({ min: 1, max: 20 })
  .chain((pool) =>
    fc.record({
      retrieved: fc.array(fc.integer({ min: 0, max: pool - 1 }), { maxLength: 15 }),
      relevant: fc.uniqueArray(fc.integer({ min: 0, max: pool - 1 }), { minLength: 1, maxLength: 10 }),
    }),
  )
  .chain((c) => fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant(Math.max(1, c.retrieved.length))).map((k) => ({ ...c, k })));
const generatedNdcg: fc.Arbitrary<NdcgCase> = fc
  .integer({ min: 1, max: 20 })
  .chain((pool) =>
    fc.record({
      retrieved: fc.uniqueArray(fc.integer({ min: 0, max: pool - 1 }), { maxLength: 15 }),
      judged: fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: pool - 1 }), grade: fc.oneof(fc.constantFrom(0, 2, 3), fc.integer({ min: 0, max: 3 })) }), {
        selector: (j) => j.id,
        maxLength: 12,
      }),
    }),
  )
  .chain((c) => fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant(Math.max(1, c.retrieved.length))).map((k) => ({ ...c, k })));

// ---- Hand-made cases ----

/**
 * Rows 1, 3 and 4 tie at 0.608 with the query (3 and 4 are duplicates); row 1 sits in centroid 2's
 * list, rows 3 and 4 in centroid 1's, and centroids 1 and 2 tie too. Centroid 3's list is empty.
 */
const tieScene: Scene = {
  corpus: [
    [0.2, 0, 0, 0.9798],
    [0.6, 0, 0.8, 0],
    [0.3, 0.9539, 0, 0],
    [0.6, 0.8, 0, 0],
    [0.6, 0.8, 0, 0],
    [0.1, 0, 0.995, 0],
  ],
  centroids: [
    [0, 0, 0, 1],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [-1, 0, 0, 0],
  ],
  queries: [[1, 0.01, 0.01, 0]],
};
const emptyCorpus: SearchCase = { corpus: [], centroids: [[1, 0], [0, 1]], queries: [[1, 0], [0, 1]], k: 3, nprobe: 1 };
const noQueries: SearchCase = { ...tieScene, queries: [], k: 2, nprobe: 2 };

const recallCases: RecallCase[] = [
  { retrieved: [4, 9, 2, 7], relevant: [9, 7, 5], k: 3 },
  { retrieved: [1, 2, 3, 4, 5, 6], relevant: [2, 6], k: 6 },
  { retrieved: [1, 2, 3], relevant: [1, 2, 3, 4, 5, 6, 7, 8], k: 10 },
  { retrieved: [5, 5, 5, 1], relevant: [5, 1], k: 3 },
  { retrieved: [], relevant: [3], k: 5 },
  { retrieved: [8, 3, 1], relevant: [1, 3, 8], k: 1 },
];

const ndcgCases: NdcgCase[] = [
  {
    retrieved: [4, 9, 2],
    judged: [
      { id: 9, grade: 3 },
      { id: 2, grade: 2 },
      { id: 5, grade: 3 },
    ],
    k: 3,
  },
  {
    retrieved: [1, 2, 3, 4],
    judged: [
      { id: 1, grade: 3 },
      { id: 2, grade: 2 },
      { id: 3, grade: 1 },
    ],
    k: 4,
  },
  {
    retrieved: [3, 2, 1],
    judged: [
      { id: 1, grade: 3 },
      { id: 2, grade: 2 },
      { id: 3, grade: 1 },
    ],
    k: 2,
  },
];
/** Every retrieved item judged 0 or not judged, and nothing judged above 0: nDCG 0, not NaN. */
const noRelevant: NdcgCase[] = [
  {
    retrieved: [1, 2, 3],
    judged: [
      { id: 1, grade: 0 },
      { id: 7, grade: 0 },
    ],
    k: 3,
  },
  { retrieved: [1, 2], judged: [], k: 5 },
];

/**
 * A small index (coordinates in eighths, so recall and cost are exact binary fractions) where
 * recall rises with nprobe: 2 < 4 < 8 lists. The selections below put the target exactly at
 * nprobe 4's recall and the budget at, or just under, its cost.
 */
function smallScene(seed: number): Scene {
  const rng = mulberry32(seed);
  const eighth = () => Math.round((rng() * 2 - 1) * 8) / 8 + 0; // + 0: no -0
  const vector = () => Array.from({ length: 6 }, eighth);
  return { corpus: Array.from({ length: 96 }, vector), centroids: Array.from({ length: 8 }, vector), queries: Array.from({ length: 4 }, vector) };
}
const small = smallScene(29);
const smallK = 4;
const at = (nprobe: number) => choose({ ...small, k: smallK, candidates: [nprobe], recallTarget: 0, costBudget: 0 }).evaluations[0]!;
const overBudget: SelectionCase = { ...small, k: smallK, candidates: [2, 4], recallTarget: at(4).recall, costBudget: at(4).cost - 0.25 };
const atTheLimits: SelectionCase = { ...small, k: smallK, candidates: [2, 4, 8], recallTarget: at(4).recall, costBudget: at(4).cost };
const largestFirst: SelectionCase = { ...small, k: smallK, candidates: [8, 4, 2], recallTarget: at(4).recall, costBudget: at(8).cost };

const visibleSelection: SelectionCase = { corpus, centroids, queries: tune.map((q) => q.vector), k: 10, candidates: CANDIDATES, recallTarget: 0.95, costBudget: 500 };

const searchDriver = (user: User, c: SearchCase) => {
  const index = user.buildIvf(c.corpus, c.centroids);
  return [user.exactSearch(c.corpus, c.queries, c.k), index, user.ivfSearch(c.corpus, index, c.queries, c.k, c.nprobe)];
};
function checkSearch(actual: Plain, c: SearchCase, t: Checker, where: string): void {
  const [exactOut, index, search] = Array.isArray(actual) ? actual : [];
  checkExact(exactOut ?? null, c, t, where);
  checkLists(index ?? null, c, t, where);
  checkIvf(search ?? null, c, t, where);
}
const selectionCase = (id: string, name: string, rules: string[], c: SelectionCase, where: string) =>
  testCase({
    id,
    name,
    visible: false,
    rules,
    input: { cases: [c] },
    run: selectionDriver,
    check: (actual, t) => {
      t.that(Array.isArray(actual) && actual.length === 1, 'chooseNprobe should return { nprobe, evaluations }');
      checkSelection((actual as Plain[])[0], c, t, where);
    },
  });

export default defineTests<User>()([
  testCase({
    id: 'exact-search-top-10',
    name: 'exactSearch returns the 10 rows with the highest dot product for each of the first 8 tuning queries',
    visible: true,
    rules: ['dot-product', 'exact-top-k', 'ties-lower-row-first', 'plain-data-no-leaks'],
    input: { cases: [shipped(firstTuning, 10, 0)] },
    run: exactDriver,
    check: (actual, t) => {
      t.that(Array.isArray(actual) && actual.length === 1, 'exactSearch should return a result per query');
      checkExact((actual as Plain[])[0], shipped(firstTuning, 10, 0), t, 'the first 8 tuning queries, k 10');
    },
  }),
  testCase({
    id: 'ivf-files-and-probes',
    name: 'buildIvf files every chunk under its nearest centroid, and ivfSearch scans only the 4 nearest lists for each of the first 8 tuning queries and counts its distance computations',
    visible: true,
    rules: ['file-by-dot-product', 'lists-ascending', 'probe-min-nprobe-nlist', 'rank-candidates', 'count-distance-computations'],
    input: { cases: [shipped(firstTuning, 10, 4)] },
    run: ivfDriver,
    check: (actual, t) => checkIvfCases(actual, [shipped(firstTuning, 10, 4)], t, () => 'the first 8 tuning queries, k 10, nprobe 4'),
  }),
  testCase({
    id: 'recall-and-ndcg-by-hand',
    name: 'recallAtK divides by the relevant items and ndcgAtK discounts rank i by log2(i + 1) with linear gain',
    visible: true,
    rules: ['recall-over-relevant', 'ndcg-linear-gain', 'ndcg-ideal-from-judged'],
    input: { recalls: recallCases.slice(0, 3), ndcgs: ndcgCases },
    run: (user: User, input: { recalls: RecallCase[]; ndcgs: NdcgCase[] }) => [
      input.recalls.map((c) => user.recallAtK(c.retrieved, c.relevant, c.k)),
      input.ndcgs.map((c) => user.ndcgAtK(c.retrieved, c.judged, c.k)),
    ],
    check: (actual, t) => {
      const [recalls, ndcgs] = Array.isArray(actual) ? actual : [];
      checkRecalls(recalls ?? null, recallCases.slice(0, 3), t, 'the examples');
      checkNdcgs(ndcgs ?? null, ndcgCases, t, 'the examples');
    },
  }),
  testCase({
    id: 'chooses-nprobe-on-tuning-queries',
    name: 'chooseNprobe measures recall@10 and cost for every candidate and picks the smallest nprobe with recall 0.95 under 500 computations',
    visible: true,
    rules: ['evaluate-every-candidate', 'smallest-qualifying-nprobe'],
    input: { cases: [visibleSelection] },
    run: selectionDriver,
    check: (actual, t) => {
      t.that(Array.isArray(actual) && actual.length === 1, 'chooseNprobe should return { nprobe, evaluations }');
      checkSelection((actual as Plain[])[0], visibleSelection, t, 'tuning queries, target 0.95, budget 500');
    },
  }),
  testCase({
    id: 'equal-similarities-lower-row-first',
    name: 'rows with equal similarity come lower row first, in exact search and across probed IVF lists',
    visible: false,
    rules: ['ties-lower-row-first', 'rank-candidates'],
    input: { exact: { ...tieScene, k: 3, nprobe: 0 }, ivf: { ...tieScene, k: 3, nprobe: 2 } },
    run: (user: User, input: { exact: SearchCase; ivf: SearchCase }) => {
      const index = user.buildIvf(input.ivf.corpus, input.ivf.centroids);
      return [user.exactSearch(input.exact.corpus, input.exact.queries, input.exact.k), [index, user.ivfSearch(input.ivf.corpus, index, input.ivf.queries, input.ivf.k, input.ivf.nprobe)]];
    },
    check: (actual, t) => {
      const [exactOut, ivfOut] = Array.isArray(actual) ? actual : [];
      checkExact(exactOut ?? null, { ...tieScene, k: 3, nprobe: 0 }, t, 'rows tied on similarity');
      checkIvfCases([ivfOut ?? null], [{ ...tieScene, k: 3, nprobe: 2 }], t, () => 'rows tied on similarity in two lists');
    },
  }),
  testCase({
    id: 'empty-list-and-large-k',
    name: 'a centroid with no rows gets an empty list, and k larger than the candidates returns every candidate',
    visible: false,
    rules: ['lists-ascending', 'probe-min-nprobe-nlist', 'rank-candidates', 'exact-top-k'],
    input: { cases: [{ ...tieScene, k: 50, nprobe: 1 }, { ...tieScene, queries: [[-1, 0, 0, 0]], k: 50, nprobe: 1 }, { ...tieScene, k: 50, nprobe: 9 }] },
    run: ivfDriver,
    check: (actual, t) =>
      checkIvfCases(actual, [{ ...tieScene, k: 50, nprobe: 1 }, { ...tieScene, queries: [[-1, 0, 0, 0]], k: 50, nprobe: 1 }, { ...tieScene, k: 50, nprobe: 9 }], t, () => 'k above the candidates'),
  }),
  testCase({
    id: 'empty-corpus-and-no-queries',
    name: 'an empty corpus gives empty lists and empty results, and no queries give no results and no distance computations',
    visible: false,
    rules: ['empty-inputs'],
    input: { cases: [emptyCorpus, noQueries] },
    run: (user: User, input: { cases: SearchCase[] }) =>
      input.cases.map((c) => {
        const index = user.buildIvf(c.corpus, c.centroids);
        return [user.exactSearch(c.corpus, c.queries, c.k), index, user.ivfSearch(c.corpus, index, c.queries, c.k, c.nprobe)];
      }),
    check: (actual, t) => {
      t.that(Array.isArray(actual) && actual.length === 2, 'exactSearch, buildIvf and ivfSearch should each return a result');
      checkSearch((actual as Plain[])[0]!, emptyCorpus, t, 'an empty corpus');
      checkSearch((actual as Plain[])[1]!, noQueries, t, 'no queries');
    },
  }),
  testCase({
    id: 'recall-edge-cases',
    name: 'recallAtK counts each relevant item once, over the relevant items, whatever k and the list lengths',
    visible: false,
    rules: ['recall-over-relevant'],
    input: { cases: recallCases },
    run: recallDriver,
    check: (actual, t) => checkRecalls(actual, recallCases, t, 'repeats, short lists and k beyond them'),
  }),
  testCase({
    id: 'recall-needs-relevant-items',
    name: 'recallAtK throws an Error when there is no relevant item',
    visible: false,
    rules: ['recall-needs-relevant'],
    input: {},
    run: (user: User) => {
      try {
        user.recallAtK([1, 2, 3], [], 3);
        return false;
      } catch (error) {
        return error instanceof Error;
      }
    },
    check: (actual, t) => t.that(actual === true, 'recallAtK with no relevant items should throw an Error'),
  }),
  testCase({
    id: 'ndcg-without-relevant-items',
    name: 'ndcgAtK is 0, not NaN, when no judged item has a grade above 0',
    visible: false,
    rules: ['ndcg-zero-ideal'],
    input: { cases: noRelevant },
    run: ndcgDriver,
    check: (actual, t) => checkNdcgs(actual, noRelevant, t, 'no relevant judgment'),
  }),
  selectionCase(
    'no-nprobe-fits-the-budget',
    'chooseNprobe returns null when the recall target needs more distance computations than the budget allows',
    ['smallest-qualifying-nprobe', 'evaluate-every-candidate'],
    overBudget,
    'the budget just below the cost that reaches the target',
  ),
  selectionCase(
    'target-and-budget-are-included',
    'chooseNprobe accepts a recall exactly at the target with a cost exactly at the budget',
    ['smallest-qualifying-nprobe', 'evaluate-every-candidate'],
    atTheLimits,
    'recall exactly at the target, cost exactly at the budget',
  ),
  selectionCase(
    'smallest-nprobe-whatever-the-order',
    'chooseNprobe keeps the candidates in the order given and still picks the smallest nprobe that qualifies',
    ['smallest-qualifying-nprobe', 'evaluate-every-candidate'],
    largestFirst,
    'candidates largest first',
  ),
  generatedCases({
    id: 'searches-generated-indexes',
    name: 'exactSearch, buildIvf and ivfSearch follow the rules on generated indexes (any corpus size, width, list count and batch; copied rows and centroids, zero vectors, k and nprobe beyond their caps)',
    rules: [
      'dot-product',
      'ties-lower-row-first',
      'exact-top-k',
      'file-by-dot-product',
      'lists-ascending',
      'probe-min-nprobe-nlist',
      'rank-candidates',
      'count-distance-computations',
      'empty-inputs',
      'plain-data-no-leaks',
    ],
    input: generatedSearch,
    examples: [emptyCorpus, noQueries, { ...tieScene, k: 6, nprobe: 4 }],
    count: 29,
    perCase: 8,
    run: searchDriver,
    what: 'search results',
    compare: (actual, _expected, t, c) => checkSearch(actual, c, t, 'a generated index'),
  }),
  generatedCases({
    id: 'chooses-on-generated-indexes',
    name: 'chooseNprobe measures every candidate and picks the smallest qualifying nprobe on generated indexes, with targets and budgets exactly at, between and beyond the measured values',
    rules: ['evaluate-every-candidate', 'smallest-qualifying-nprobe', 'plain-data-no-leaks'],
    input: generatedSelection,
    count: 32,
    perCase: 8,
    run: (user: User, c: SelectionCase) => user.chooseNprobe(c.corpus, user.buildIvf(c.corpus, c.centroids), c.queries, c.k, c.candidates, c.recallTarget, c.costBudget),
    what: 'nprobe choice',
    compare: (actual, _expected, t, c) => checkSelection(actual, c, t, 'a generated index'),
  }),
  generatedCases({
    id: 'scores-generated-rankings',
    name: 'recallAtK and ndcgAtK agree with the formulas on generated rankings and judgments (repeats, unjudged items, nothing relevant, short lists, k beyond them)',
    rules: ['recall-over-relevant', 'ndcg-linear-gain', 'ndcg-ideal-from-judged', 'ndcg-zero-ideal'],
    input: fc.record({ recall: generatedRecall, ndcg: generatedNdcg }),
    examples: [{ recall: recallCases[3]!, ndcg: noRelevant[1]! }],
    count: 39,
    perCase: 10,
    run: (user: User, c: { recall: RecallCase; ndcg: NdcgCase }) => [user.recallAtK(c.recall.retrieved, c.recall.relevant, c.recall.k), user.ndcgAtK(c.ndcg.retrieved, c.ndcg.judged, c.ndcg.k)],
    what: 'recall and nDCG',
    compare: (actual, _expected, t, c) => {
      const [recallOut, ndcgOut] = Array.isArray(actual) ? actual : [];
      checkRecalls([recallOut ?? null], [c.recall], t, 'generated lists');
      checkNdcgs([ndcgOut ?? null], [c.ndcg], t, 'generated judgments');
    },
  }),
]);
