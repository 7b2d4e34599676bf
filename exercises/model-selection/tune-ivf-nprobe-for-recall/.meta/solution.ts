import * as tf from '@tensorflow/tfjs';

export interface IvfIndex {
  centroids: number[][]; // [nlist, dim]
  lists: number[][]; // lists[c]: corpus rows assigned to centroid c, ascending
}

export interface SearchResult {
  ids: number[]; // corpus rows, most similar first (ties: lower row first)
  scores: number[]; // their dot products with the query
}

export interface Judgment {
  id: number; // corpus row
  grade: number; // 0 (not relevant) to 3 (exactly what was asked)
}

export interface NprobeEvaluation {
  nprobe: number;
  recall: number; // mean recall@k against exact search
  cost: number; // mean distance computations per query
}

/** The k highest dot products of every query with `rows` (ties: lower position first), read out as plain arrays. */
function topDots(queries: number[][], rows: number[][], k: number): { indices: number[][]; values: number[][] } {
  if (queries.length === 0 || rows.length === 0 || k === 0) return { indices: queries.map(() => []), values: queries.map(() => []) };
  return tf.tidy(() => {
    const scores = tf.matMul(tf.tensor2d(queries), tf.tensor2d(rows), false, true);
    const top = tf.topk(scores, Math.min(k, rows.length)); // sorted; equal values: lower index first
    return { indices: top.indices.arraySync() as number[][], values: top.values.arraySync() as number[][] };
  });
}

export function exactSearch(corpus: number[][], queries: number[][], k: number): SearchResult[] {
  const { indices, values } = topDots(queries, corpus, k);
  return indices.map((ids, q) => ({ ids, scores: values[q]! }));
}

export function buildIvf(corpus: number[][], centroids: number[][]): IvfIndex {
  const { indices } = topDots(corpus, centroids, 1); // each row's nearest centroid, lower centroid on ties
  const lists: number[][] = centroids.map(() => []);
  indices.forEach(([c], row) => lists[c!]!.push(row));
  return { centroids, lists };
}

export function ivfSearch(corpus: number[][], index: IvfIndex, queries: number[][], k: number, nprobe: number): { results: SearchResult[]; distanceComputations: number } {
  const probes = topDots(queries, index.centroids, nprobe).indices;
  let distanceComputations = queries.length * index.centroids.length; // every query is compared with every centroid
  const results = queries.map((query, q) => {
    // Candidates in corpus order, so topk's tie rule (lower position first) is "lower row first".
    const candidates = probes[q]!.flatMap((c) => index.lists[c]!).sort((a, b) => a - b);
    distanceComputations += candidates.length;
    // Only the probed rows are scored.
    const { indices, values } = topDots([query], candidates.map((row) => corpus[row]!), k);
    return { ids: indices[0]!.map((i) => candidates[i]!), scores: values[0]! };
  });
  return { results, distanceComputations };
}

export function recallAtK(retrieved: number[], relevant: number[], k: number): number {
  const wanted = new Set(relevant);
  if (wanted.size === 0) throw new Error('recall needs at least one relevant item');
  const hits = new Set(retrieved.slice(0, k).filter((id) => wanted.has(id))).size;
  return hits / wanted.size; // over the relevant items, not over k
}

export function ndcgAtK(retrieved: number[], judged: Judgment[], k: number): number {
  const grade = new Map(judged.map((j) => [j.id, j.grade]));
  // Rank i (1-based) is discounted by log2(i + 1); the gain is the grade itself.
  const dcg = (grades: number[]) => grades.slice(0, k).reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  const ideal = dcg(judged.map((j) => j.grade).sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(retrieved.map((id) => grade.get(id) ?? 0)) / ideal;
}

export function chooseNprobe(
  corpus: number[][],
  index: IvfIndex,
  queries: number[][],
  k: number,
  candidates: number[],
  recallTarget: number,
  costBudget: number,
): { nprobe: number | null; evaluations: NprobeEvaluation[] } {
  const exact = exactSearch(corpus, queries, k);
  const evaluations = candidates.map((nprobe) => {
    const { results, distanceComputations } = ivfSearch(corpus, index, queries, k, nprobe);
    const recall = results.reduce((sum, r, q) => sum + recallAtK(r.ids, exact[q]!.ids, k), 0) / queries.length;
    return { nprobe, recall, cost: distanceComputations / queries.length };
  });
  const fits = evaluations.filter((e) => e.recall >= recallTarget && e.cost <= costBudget);
  const nprobe = fits.length === 0 ? null : Math.min(...fits.map((e) => e.nprobe));
  return { nprobe, evaluations };
}
