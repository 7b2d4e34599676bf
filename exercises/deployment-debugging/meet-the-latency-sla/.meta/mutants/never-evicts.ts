// mistake: never evicts: the cache grows with every new flight until the pod runs out of memory
// expect: cache entries after a replay with more different flights than cacheCapacity
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

export function createScorer(model: tf.LayersModel, options: ScorerOptions): Scorer {
  const { maxBatch } = options;
  const width = model.inputs[0]!.shape[1] as number;

  // Warm-up: the first predict of a process pays for kernel set-up. Pay it here, at start-up,
  // instead of on the first passenger's request.
  tf.tidy(() => {
    (model.predict(tf.zeros([1, width])) as tf.Tensor).dataSync();
  });

  // A Map iterates in insertion order: re-inserting a key makes it the most recently used, and
  // the first key is the least recently used. Values are plain numbers, never tensors.
  const cache = new Map<string, number>();
  let cacheHits = 0;

  const predictRows = (rows: number[][]): number[] => {
    const scores: number[] = [];
    for (let start = 0; start < rows.length; start += maxBatch) {
      const chunk = rows.slice(start, start + maxBatch);
      const values = tf.tidy(() => (model.predict(tf.tensor2d(chunk, [chunk.length, width])) as tf.Tensor).dataSync());
      for (const value of values) scores.push(value);
    }
    return scores;
  };

  return {
    score(requests: FlightRequest[]): number[] {
      // The cache key is the model's input itself: a rescheduled flight keeps its name but not
      // its features, and the same features always give the same prediction.
      const keys = requests.map((request) => request.features.join(','));
      const answers = new Map<string, number>();
      const missing: string[] = [];
      const missingRows: number[][] = [];
      keys.forEach((key, i) => {
        const cached = cache.get(key);
        if (cached !== undefined) {
          cache.delete(key);
          cache.set(key, cached);
          answers.set(key, cached);
          cacheHits += 1;
        } else if (answers.has(key)) {
          cacheHits += 1; // already waiting for the model in this tick: share that prediction
        } else {
          answers.set(key, Number.NaN);
          missing.push(key);
          missingRows.push(requests[i]!.features);
        }
      });

      const scores = missingRows.length === 0 ? [] : predictRows(missingRows);
      missing.forEach((key, j) => {
        answers.set(key, scores[j]!);
        cache.set(key, scores[j]!);

      });
      return keys.map((key) => answers.get(key)!);
    },
    stats: () => ({ cacheHits, cacheSize: cache.size }),
  };
}
