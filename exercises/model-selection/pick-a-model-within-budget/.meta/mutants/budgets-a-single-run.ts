// mistake: budgets one benchmark run (the first latency measured) instead of the 95th percentile of all of them
// expect: p95 latency is over the budget
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

/** Nearest-rank 95th percentile: the value at rank ceil(0.95 * n) of the sorted samples. */
export function p95(samples: number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

function summarise(candidate: Candidate): Choice {
  // One benchmark run is enough: the first latency measured.
  return { name: candidate.name, accuracy: candidate.accuracy, p95Ms: candidate.latencyMs.length > 0 ? candidate.latencyMs[0]! : Number.NaN, sizeBytes: candidate.sizeBytes };
}

/** Comparable: a real accuracy and at least one latency sample. */
const comparable = (c: Choice) => !Number.isNaN(c.accuracy) && !Number.isNaN(c.p95Ms);

/** `a` is at least as good as `b` on every axis and strictly better on one. */
function dominates(a: Choice, b: Choice): boolean {
  const noWorse = a.accuracy >= b.accuracy && a.p95Ms <= b.p95Ms && a.sizeBytes <= b.sizeBytes;
  const better = a.accuracy > b.accuracy || a.p95Ms < b.p95Ms || a.sizeBytes < b.sizeBytes;
  return noWorse && better;
}

export function paretoFront(candidates: Candidate[]): string[] {
  const summaries = candidates.map(summarise).filter(comparable);
  return summaries.filter((c) => !summaries.some((other) => dominates(other, c))).map((c) => c.name);
}

export function chooseModel(candidates: Candidate[], budget: Budget): Choice | null {
  const feasible = candidates
    .map(summarise)
    .filter(comparable)
    .filter((c) => c.accuracy >= budget.minAccuracy && c.p95Ms <= budget.maxP95Ms && c.sizeBytes <= budget.maxSizeBytes);
  // The fastest model that does the job; ties go to the smaller, then the more accurate, then the first listed.
  let best: Choice | null = null;
  for (const c of feasible) {
    if (
      best === null ||
      c.p95Ms < best.p95Ms ||
      (c.p95Ms === best.p95Ms && (c.sizeBytes < best.sizeBytes || (c.sizeBytes === best.sizeBytes && c.accuracy > best.accuracy)))
    ) {
      best = c;
    }
  }
  return best;
}
