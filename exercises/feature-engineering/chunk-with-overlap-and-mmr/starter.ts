import * as tf from '@tensorflow/tfjs';

// help-centre-search.ts: ingestion and retrieval for the help-centre assistant.
// Known problems: "refund for a duplicate charge" comes back as three copies of the same refund
// paragraph, facts are cut in half at chunk boundaries, and long chunks always seem to win.

export interface Span {
  start: number;
  end: number;
}

export function chunkSpans(length: number, chunkSize: number, overlap: number): Span[] {
  void overlap; // TODO: overlapping chunks
  const spans: Span[] = [];
  for (let start = 0; start < length; start += Math.max(1, chunkSize)) spans.push({ start, end: Math.min(start + chunkSize, length) });
  return spans;
}

export function embedSequences(model: tf.LayersModel, sequences: number[][], padId: number): tf.Tensor2D {
  const width = 32;
  const ids = sequences.flatMap((s) => [...s, ...new Array<number>(width).fill(padId)].slice(0, width));
  return tf.tidy(() => (model.predict(tf.tensor2d(ids, [sequences.length, width], 'int32')) as tf.Tensor3D).mean(1) as tf.Tensor2D);
}

export function mmrSelect(query: tf.Tensor1D, chunks: tf.Tensor2D, k: number, fetchK: number, lambda: number): number[] {
  void fetchK; // TODO: re-rank with Maximal Marginal Relevance
  void lambda;
  if (chunks.shape[0] === 0 || k <= 0) return [];
  return tf.tidy(() => {
    const scores = tf.matMul(query.expandDims(0), chunks, false, true).squeeze([0]);
    return Array.from(tf.topk(scores, Math.min(k, chunks.shape[0])).indices.dataSync());
  });
}
