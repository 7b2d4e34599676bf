// mistake: scores the first pick with lambda too, so at lambda 0 it takes the lowest index instead of the most similar chunk
// expect: most similar to the query first
import * as tf from '@tensorflow/tfjs';

/** A chunk's token span in its document: tokens[start] up to, not including, tokens[end]. */
export interface Span {
  start: number;
  end: number;
}

export function chunkSpans(length: number, chunkSize: number, overlap: number): Span[] {
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1 && Number.isInteger(overlap) && overlap >= 0 && overlap < chunkSize)) {
    throw new Error(`invalid chunking: chunkSize must be a whole number of at least 1 and overlap a whole number from 0 to chunkSize - 1, got ${chunkSize} and ${overlap}`);
  }
  const stride = chunkSize - overlap;
  const spans: Span[] = [];
  for (let start = 0; start < length; start += stride) {
    const end = Math.min(start + chunkSize, length);
    spans.push({ start, end });
    // The chunk that reaches the end is the last: another would lie inside this one's overlap.
    if (end === length) break;
  }
  return spans;
}

export function embedSequences(model: tf.LayersModel, sequences: number[][], padId: number): tf.Tensor2D {
  const width = Math.max(...sequences.map((s) => s.length));
  const ids = sequences.flatMap((s) => [...s, ...new Array<number>(width - s.length).fill(padId)]);
  const mask = sequences.flatMap((s) => Array.from({ length: width }, (_, j) => (j < s.length ? 1 : 0)));
  return tf.tidy(() => {
    const tokens = model.predict(tf.tensor2d(ids, [sequences.length, width], 'int32')) as tf.Tensor3D;
    const m = tf.tensor2d(mask, [sequences.length, width]).expandDims(2);
    const mean = tokens.mul(m).sum(1).div(m.sum(1));
    // Unit length, so that a dot product is the cosine; a zero row stays zero.
    const norm = mean.norm('euclidean', 1, true);
    return mean.div(norm.maximum(1e-12)) as tf.Tensor2D;
  });
}

/** Cosine similarity of every row of `a` with every row of `b`; a zero vector has similarity 0. */
function cosine(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const unit = (x: tf.Tensor2D) => x.div(x.norm('euclidean', 1, true).maximum(1e-12));
  return tf.matMul(unit(a), unit(b), false, true);
}

export function mmrSelect(query: tf.Tensor1D, chunks: tf.Tensor2D, k: number, fetchK: number, lambda: number): number[] {
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`lambda must be between 0 and 1, got ${lambda}`);
  const n = chunks.shape[0];
  const pool = Math.min(fetchK, n);
  if (pool <= 0 || k <= 0) return [];
  const { candidates, relevance, similarity } = tf.tidy(() => {
    const toQuery = cosine(query.expandDims(0) as tf.Tensor2D, chunks).squeeze([0]);
    // tf.topk ranks high to low and keeps the lower index first on ties.
    const top = tf.topk(toQuery, pool);
    const picked = top.indices;
    const rows = tf.gather(chunks, picked) as tf.Tensor2D;
    return {
      candidates: Array.from(picked.dataSync()),
      relevance: Array.from(top.values.dataSync()),
      similarity: cosine(rows, rows).arraySync(),
    };
  });
  const selected: number[] = []; // positions in `candidates`
  const redundancy = candidates.map(() => -Infinity);
  while (selected.length < Math.min(k, pool)) {
    let best = -1;
    let bestScore = -Infinity;
    candidates.forEach((chunk, i) => {
      if (selected.includes(i)) return;
      const score = lambda * relevance[i]! - (1 - lambda) * Math.max(0, redundancy[i]!);
      if (score > bestScore || (score === bestScore && chunk < candidates[best]!)) {
        best = i;
        bestScore = score;
      }
    });
    selected.push(best);
    candidates.forEach((_, i) => (redundancy[i] = Math.max(redundancy[i]!, similarity[best]![i]!)));
  }
  return selected.map((i) => candidates[i]!);
}
