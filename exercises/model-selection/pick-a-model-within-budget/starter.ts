export interface Candidate {
  name: string;
  /** Accuracy on the validation split, 0..1; NaN when the evaluation failed. */
  accuracy: number;
  /** Size of the exported model (model.json + weights), bytes. */
  sizeBytes: number;
  /** Measured latencies of one conveyor batch, ms. */
  latencyMs: number[];
}

export interface Budget {
  minAccuracy: number;
  maxP95Ms: number;
  maxSizeBytes: number;
}

export interface Choice {
  name: string;
  accuracy: number;
  p95Ms: number;
  sizeBytes: number;
}

/** Nearest-rank 95th percentile of the samples (NaN for none). */
export function p95(samples: number[]): number {
  // The benchmark dashboard shows the average. TODO: the SLA is on the 95th percentile.
  return samples.reduce((sum, v) => sum + v, 0) / samples.length;
}

/** Names of the candidates no other candidate beats on accuracy, p95 latency and size at once. */
export function paretoFront(candidates: Candidate[]): string[] {
  // TODO: drop the dominated candidates.
  return candidates.map((c) => c.name);
}

/** The candidate to ship under the budget, or null. */
export function chooseModel(candidates: Candidate[], budget: Budget): Choice | null {
  // What the team did last time: ship the most accurate model.
  // TODO: respect the budget, and pick the fastest model that meets it.
  void budget;
  let best: Candidate | null = null;
  for (const c of candidates) if (best === null || c.accuracy > best.accuracy) best = c;
  return best === null ? null : { name: best.name, accuracy: best.accuracy, p95Ms: p95(best.latencyMs), sizeBytes: best.sizeBytes };
}
