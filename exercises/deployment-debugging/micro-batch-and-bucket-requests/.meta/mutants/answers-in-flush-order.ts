// mistake: returns the answers in the order the flushes produced them, so a short message that was flushed first gets the answer slot of the long message that arrived before it
// expect: answer ids in order
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
  const answers: Answer[] = [];
  const flushes: Flush[] = [];
  const queues = new Map<number, Queued[]>(buckets.map((length) => [length, []]));

  /** One predict call for the whole batch, padded to the bucket's length with the padding masked out. */
  const flush = (bucket: number, atMs: number, reason: Flush['reason']): void => {
    const batch = queues.get(bucket)!;
    queues.set(bucket, []);
    const ids = batch.map(({ request }) => [...request.tokens, ...new Array<number>(bucket - request.tokens.length).fill(0)]);
    const mask = batch.map(({ request }) => Array.from({ length: bucket }, (_, i) => (i < request.tokens.length ? 1 : 0)));
    const probabilities = tf.tidy(() => {
      const output = model.predict([tf.tensor2d(ids, [batch.length, bucket], 'int32'), tf.tensor2d(mask, [batch.length, bucket], 'float32')]) as tf.Tensor;
      return output.arraySync() as number[][];
    });
    batch.forEach(({ request, index }, row) => {
      const p = probabilities[row]!;
      void index;
      answers.push({ id: request.id, status: 'ok', intent: p.indexOf(Math.max(...p)), probabilities: p, bucket, completedMs: atMs });
    });
    flushes.push({ atMs, bucket, reason, ids: batch.map(({ request }) => request.id) });
  };

  /** Flushes every bucket whose oldest request's deadline is at or before `now`, earliest deadline first (ties: shorter bucket). */
  const fireDeadlines = (now: number): void => {
    for (;;) {
      let due: { bucket: number; deadline: number } | undefined;
      for (const bucket of buckets) {
        const oldest = queues.get(bucket)![0];
        if (oldest === undefined) continue;
        const deadline = oldest.request.arrivalMs + maxWaitMs;
        if (deadline <= now && (due === undefined || deadline < due.deadline)) due = { bucket, deadline };
      }
      if (due === undefined) return;
      flush(due.bucket, due.deadline, 'max-wait');
    }
  };

  requests.forEach((request, index) => {
    fireDeadlines(request.arrivalMs);
    const length = request.tokens.length;
    const bucket = buckets.find((boundary) => boundary >= length);
    if (length === 0 || bucket === undefined) {
      answers.push({ id: request.id, status: length === 0 ? 'empty' : 'too-long', intent: -1, probabilities: [], bucket: 0, completedMs: request.arrivalMs });
      return;
    }
    const queue = queues.get(bucket)!;
    queue.push({ request, index });
    if (queue.length === maxBatch) flush(bucket, request.arrivalMs, 'full');
  });
  fireDeadlines(Number.POSITIVE_INFINITY);
  return { answers, flushes };
}
