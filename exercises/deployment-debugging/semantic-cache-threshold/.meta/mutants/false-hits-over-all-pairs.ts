// mistake: divides false hits by all pairs instead of by hits
// expect: false hits divided by hits
import * as tf from '@tensorflow/tfjs';

export interface QueryPair {
  left: number[]; // token ids
  right: number[];
  sameAnswer: boolean; // the cached answer of one is a right answer to the other
}

export interface Rates {
  pairs: number;
  hits: number; // pairs the cache would answer from the other query's answer
  falseHits: number; // hits whose answer is wrong
  hitRate: number; // hits / pairs
  falseHitRate: number; // falseHits / hits
}

export interface Request {
  tokens: number[];
  answer: string;
}

/** Unit-length embeddings of token-id sequences: one forward pass over bag-of-words counts. */
function embed(model: tf.LayersModel, vocabSize: number, sequences: number[][]): tf.Tensor2D {
  const counts = new Float32Array(sequences.length * vocabSize);
  sequences.forEach((ids, row) => ids.forEach((id) => (counts[row * vocabSize + id] = (counts[row * vocabSize + id] ?? 0) + 1)));
  return tf.tidy(() => {
    const out = model.predict(tf.tensor2d(counts, [sequences.length, vocabSize])) as tf.Tensor2D;
    // Cosine needs unit vectors; a zero vector stays zero (similarity 0).
    return out.div(out.norm('euclidean', 1, true).maximum(1e-12));
  });
}

export function similarities(model: tf.LayersModel, vocabSize: number, pairs: QueryPair[]): number[] {
  if (pairs.length === 0) return [];
  const vectors = embed(model, vocabSize, [...pairs.map((p) => p.left), ...pairs.map((p) => p.right)]);
  try {
    return tf.tidy(() => {
      const [left, right] = tf.split(vectors, 2);
      return Array.from(left!.mul(right!).sum(1).dataSync());
    });
  } finally {
    vectors.dispose();
  }
}

/** A cached answer may only serve a query that names exactly the same entities. */
function sameEntities(a: number[], b: number[], entityIds: Set<number>): boolean {
  const of = (ids: number[]) => [...new Set(ids.filter((id) => entityIds.has(id)))].sort((x, y) => x - y).join(',');
  return of(a) === of(b);
}

function rates(pairs: QueryPair[], sims: number[], entities: Set<number>, threshold: number | null): Rates {
  let hits = 0;
  let falseHits = 0;
  pairs.forEach((p, i) => {
    if (threshold === null || sims[i]! < threshold || !sameEntities(p.left, p.right, entities)) return;
    hits += 1;
    if (!p.sameAnswer) falseHits += 1;
  });
  return { pairs: pairs.length, hits, falseHits, hitRate: pairs.length === 0 ? 0 : hits / pairs.length, falseHitRate: pairs.length === 0 ? 0 : falseHits / pairs.length };
}

export function calibrate(
  model: tf.LayersModel,
  vocabSize: number,
  entityIds: number[],
  validation: QueryPair[],
  test: QueryPair[],
  maxFalseHitRate: number,
): { threshold: number | null; validation: Rates; test: Rates } {
  const entities = new Set(entityIds);
  const sims = similarities(model, vocabSize, validation);
  // Candidates: the similarities of validation pairs the entity check lets through.
  let best: { threshold: number; hits: number } | null = null;
  validation.forEach((p, i) => {
    if (!sameEntities(p.left, p.right, entities)) return;
    const r = rates(validation, sims, entities, sims[i]!);
    if (r.falseHitRate <= maxFalseHitRate && (best === null || r.hits > best.hits)) best = { threshold: sims[i]!, hits: r.hits };
  });
  const threshold = (best as { threshold: number } | null)?.threshold ?? null;
  // The test pairs are scored once, at the threshold chosen on validation.
  return { threshold, validation: rates(validation, sims, entities, threshold), test: rates(test, similarities(model, vocabSize, test), entities, threshold) };
}

export function serve(
  model: tf.LayersModel,
  vocabSize: number,
  entityIds: number[],
  requests: Request[],
  threshold: number | null,
  capacity: number,
): { servedFrom: number[]; cached: number[] } {
  if (!(Number.isInteger(capacity) && capacity >= 1)) throw new Error(`capacity must be a whole number of at least 1, got ${capacity}`);
  if (threshold === null || requests.length === 0) return { servedFrom: requests.map(() => -1), cached: [] };
  const entities = new Set(entityIds);
  const vectors = embed(model, vocabSize, requests.map((r) => r.tokens));
  const sim = tf.tidy(() => tf.matMul(vectors, vectors, false, true).arraySync() as number[][]);
  vectors.dispose();
  const cached: number[] = []; // request indices, least recently used first
  const servedFrom = requests.map((request, i) => {
    let best = -1;
    for (const j of cached) {
      if (!sameEntities(request.tokens, requests[j]!.tokens, entities)) continue;
      if (best === -1 || sim[i]![j]! > sim[i]![best]! || (sim[i]![j]! === sim[i]![best]! && j < best)) best = j;
    }
    if (best !== -1 && sim[i]![best]! >= threshold) {
      cached.splice(cached.indexOf(best), 1);
      cached.push(best); // a hit makes the entry the most recently used
      return best;
    }
    cached.push(i);
    if (cached.length > capacity) cached.shift(); // evict the least recently used
    return -1;
  });
  return { servedFrom, cached };
}
