import * as tf from '@tensorflow/tfjs';

export interface FlightRequest {
  /** Route and scheduled departure, e.g. "SFO-LAX 2001/03/14 07:05". */
  flight: string;
  /** The model's input for this flight (computed upstream). */
  features: number[];
}

export interface ScorerOptions {
  /** Most rows the model server may run in one predict call. */
  maxBatch: number;
  /** Most predictions the cache may hold. */
  cacheCapacity: number;
}

export interface CacheStats {
  /** Requests answered without sending their row to the model, since the scorer was created. */
  cacheHits: number;
  /** Predictions held in the cache now. */
  cacheSize: number;
}

export interface Scorer {
  score(requests: FlightRequest[]): number[];
  stats(): CacheStats;
}

/**
 * The delay endpoint's scorer, created once per pod. Every 10 ms the server hands `score` the
 * requests that arrived in that window and answers them all when it returns.
 * Correct, leak-free, and p95 is 2.5 s at the morning peak.
 */
export function createScorer(model: tf.LayersModel, options: ScorerOptions): Scorer {
  void options; // from the deployment config; not used yet
  return {
    score(requests: FlightRequest[]): number[] {
      return requests.map((request) =>
        tf.tidy(() => (model.predict(tf.tensor2d([request.features])) as tf.Tensor).dataSync()[0]!),
      );
    },
    stats: () => ({ cacheHits: 0, cacheSize: 0 }),
  };
}
