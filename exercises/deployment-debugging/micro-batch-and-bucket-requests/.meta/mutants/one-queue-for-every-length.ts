// mistake: keeps one queue for messages of every length and pads each flush to the bucket of its longest message, so short messages pay for the long one that shares their batch
// expect: bucket of each request
import * as tf from '@tensorflow/tfjs';

export interface ChatRequest {
  id: string;
  /** When the message reached the router, in ms on the simulated clock. */
  arrivalMs: number;
  /** Token ids (1 .. vocab size − 1); 0 is the padding id. */
  tokens: number[];
}

export interface BatcherOptions {
  /** Most requests in one predict call. */
  maxBatch: number;
  /** Longest a request may wait in its bucket before the bucket is flushed. */
  maxWaitMs: number;
  /** Bucket lengths in tokens, ascending. */
  buckets: number[];
}

export interface Answer {
  id: string;
  status: 'ok' | 'too-long' | 'empty';
  /** Index of the most probable intent; −1 when rejected. */
  intent: number;
  /** The model's softmax output for this message; [] when rejected. */
  probabilities: number[];
  /** The bucket length it was padded to; 0 when rejected. */
  bucket: number;
  /** When it was answered: its flush's time, or its arrival when rejected. */
  completedMs: number;
}

export interface Flush {
  atMs: number;
  bucket: number;
  reason: 'full' | 'max-wait';
  /** The requests of the batch, in arrival order. */
  ids: string[];
}

export interface Replay {
  answers: Answer[];
  flushes: Flush[];
}

interface Queued {
  request: ChatRequest;
  index: number;
}

export function replayTraffic(model: tf.LayersModel, requests: ChatRequest[], options: BatcherOptions): Replay {
  const { maxBatch, maxWaitMs, buckets } = options;
  const answers: Answer[] = new Array(requests.length);
  const flushes: Flush[] = [];
  let queue: Queued[] = [];

  /** One predict call for the whole queue, padded to the bucket of its longest message. */
  const flush = (atMs: number, reason: Flush['reason']): void => {
    const batch = queue;
    queue = [];
    const bucket = buckets.find((b) => b >= Math.max(...batch.map(({ request }) => request.tokens.length)))!;
    const ids = batch.map(({ request }) => [...request.tokens, ...new Array<number>(bucket - request.tokens.length).fill(0)]);
    const mask = batch.map(({ request }) => Array.from({ length: bucket }, (_, i) => (i < request.tokens.length ? 1 : 0)));
    const probabilities = tf.tidy(() => {
      const output = model.predict([tf.tensor2d(ids, [batch.length, bucket], 'int32'), tf.tensor2d(mask, [batch.length, bucket], 'float32')]) as tf.Tensor;
      return output.arraySync() as number[][];
    });
    batch.forEach(({ request, index }, row) => {
      const p = probabilities[row]!;
      answers[index] = { id: request.id, status: 'ok', intent: p.indexOf(Math.max(...p)), probabilities: p, bucket, completedMs: atMs };
    });
    flushes.push({ atMs, bucket, reason, ids: batch.map(({ request }) => request.id) });
  };

  const fireDeadline = (now: number): void => {
    const oldest = queue[0];
    if (oldest !== undefined && oldest.request.arrivalMs + maxWaitMs <= now) flush(oldest.request.arrivalMs + maxWaitMs, 'max-wait');
  };

  requests.forEach((request, index) => {
    fireDeadline(request.arrivalMs);
    const length = request.tokens.length;
    const bucket = buckets.find((boundary) => boundary >= length);
    if (length === 0 || bucket === undefined) {
      answers[index] = { id: request.id, status: length === 0 ? 'empty' : 'too-long', intent: -1, probabilities: [], bucket: 0, completedMs: request.arrivalMs };
      return;
    }
    queue.push({ request, index });
    if (queue.length === maxBatch) flush(request.arrivalMs, 'full');
  });
  fireDeadline(Number.POSITIVE_INFINITY);
  return { answers, flushes };
}
