import * as tf from '@tensorflow/tfjs';

// router.ts: the nearest-neighbour ticket router from the prototype notebook.
// Known problems: every wallet ticket lands in billing, off-topic tickets get routed somewhere,
// and the pod's tf.memory().numTensors climbs with every request.

export interface Example {
  id: string;
  queue: string;
  embedding: number[];
}

export interface SupportIndex {
  ids: string[];
  queues: string[];
  vectors: tf.Tensor2D;
}

export interface Route {
  queue: string | null;
  similarity: number;
  neighbours: string[];
}

export function buildIndex(examples: Example[]): SupportIndex {
  const vectors = tf.tensor2d(examples.map((e) => e.embedding));
  return { ids: examples.map((e) => e.id), queues: examples.map((e) => e.queue), vectors };
}

export function disposeIndex(index: SupportIndex): void {
  index.vectors.dispose();
}

export function route(index: SupportIndex, queries: number[][], k: number, minSimilarity: number): Route[] {
  // TODO: cosine similarity, abstain below minSimilarity, leave no tensors behind.
  void minSimilarity;
  const scores = tf.matMul(tf.tensor2d(queries), index.vectors, false, true);
  const { values, indices } = tf.topk(scores, k);
  const top = values.arraySync() as number[][];
  const nearest = indices.arraySync() as number[][];
  return top.map((sims, row) => ({
    queue: index.queues[nearest[row]![0]!]!,
    similarity: sims[0]!,
    neighbours: nearest[row]!.map((i) => index.ids[i]!),
  }));
}
