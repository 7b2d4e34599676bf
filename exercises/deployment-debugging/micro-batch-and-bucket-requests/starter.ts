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

/**
 * The router as it runs today: every message is sent to the model on its own, the moment it
 * arrives. The answers are right; the 517 predict calls of the peak second are the incident.
 * Replace it with the micro-batcher the prompt describes.
 */
export function replayTraffic(model: tf.LayersModel, requests: ChatRequest[], options: BatcherOptions): Replay {
  void options; // the serving config: not used yet
  const answers = requests.map((request): Answer => {
    if (request.tokens.length === 0) {
      return { id: request.id, status: 'empty', intent: -1, probabilities: [], bucket: 0, completedMs: request.arrivalMs };
    }
    const n = request.tokens.length;
    const probabilities = tf.tidy(
      () => (model.predict([tf.tensor2d([request.tokens], [1, n], 'int32'), tf.ones([1, n])]) as tf.Tensor).arraySync() as number[][],
    )[0]!;
    return { id: request.id, status: 'ok', intent: probabilities.indexOf(Math.max(...probabilities)), probabilities, bucket: n, completedMs: request.arrivalMs };
  });
  return { answers, flushes: [] };
}
