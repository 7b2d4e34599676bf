// mistake: passes k straight to tf.topk, which throws when k is larger than the number of examples
// expect: Your code threw an error on this hidden test
import * as tf from '@tensorflow/tfjs';

export interface Example {
  id: string;
  queue: string;
  embedding: number[];
}

export interface SupportIndex {
  ids: string[];
  queues: string[];
  /** One row per example, scaled to length 1 (a zero vector stays zero). Owned by the index. */
  vectors: tf.Tensor2D;
}

export interface Route {
  queue: string | null;
  similarity: number;
  neighbours: string[];
}

/** Rows scaled to unit length. A zero row divides by 1 instead of 0, so it stays zero (no NaN). */
function normaliseRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const norms = tf.norm(x, 'euclidean', 1, true);
    return x.div(tf.where(norms.equal(0), tf.onesLike(norms), norms));
  });
}

export function buildIndex(examples: Example[]): SupportIndex {
  if (examples.length === 0) throw new Error('an index needs at least one example');
  const dim = examples[0]!.embedding.length;
  examples.forEach((example, i) => {
    if (example.embedding.length !== dim) throw new Error(`example ${i} has ${example.embedding.length} values, expected ${dim} values`);
  });
  // Normalised once, here, instead of on every request; the raw matrix is freed by tidy.
  const vectors = tf.tidy(() => normaliseRows(tf.tensor2d(examples.map((e) => e.embedding))));
  return { ids: examples.map((e) => e.id), queues: examples.map((e) => e.queue), vectors };
}

export function disposeIndex(index: SupportIndex): void {
  index.vectors.dispose();
}

export function route(index: SupportIndex, queries: number[][], k: number, minSimilarity: number): Route[] {
  const dim = index.vectors.shape[1];
  queries.forEach((query, i) => {
    if (query.length !== dim) throw new Error(`query ${i} has ${query.length} values, expected ${dim} values`);
  });
  if (queries.length === 0) return [];

  // One matMul for the whole batch: [queries, dim] x [dim, examples] -> cosine similarities.
  const { values, indices } = tf.tidy(() => {
    const q = normaliseRows(tf.tensor2d(queries, [queries.length, dim]));
    const similarities = tf.matMul(q, index.vectors, false, true);
    const top = tf.topk(similarities, k);
    return { values: top.values.arraySync() as number[][], indices: top.indices.arraySync() as number[][] };
  });

  return values.map((sims, row) => {
    const nearest = indices[row]!;
    const neighbours = nearest.map((i) => index.ids[i]!);
    const similarity = sims[0]!;
    if (similarity < minSimilarity) return { queue: null, similarity, neighbours };
    // Majority vote of the k neighbours; on a tie, the queue of the nearest tied neighbour.
    const votes = new Map<string, number>();
    for (const i of nearest) votes.set(index.queues[i]!, (votes.get(index.queues[i]!) ?? 0) + 1);
    const most = Math.max(...votes.values());
    const queue = index.queues[nearest.find((i) => votes.get(index.queues[i]!) === most)!]!;
    return { queue, similarity, neighbours };
  });
}
