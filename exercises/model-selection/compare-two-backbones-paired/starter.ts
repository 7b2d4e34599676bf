import * as tf from '@tensorflow/tfjs';

export interface Backbone {
  name: string;
  train: { embeddings: number[][]; labels: number[] };
  test: { ids: string[]; embeddings: number[][]; labels: number[] };
}

export interface ProbeOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

export interface CompareOptions {
  probe: ProbeOptions;
  alpha: number;
  resamples: number;
  seed: number;
}

export interface Interval {
  difference: number;
  low: number;
  high: number;
}

export interface Comparison extends Interval {
  ids: string[];
  correctA: boolean[];
  correctB: boolean[];
  accuracyA: number;
  accuracyB: number;
  onlyA: number;
  onlyB: number;
  pValue: number;
  winner: string | null;
}

/** The seeded generator every resample draws from (the prompt's mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** TODO: McNemar's exact test on the discordant photos (two-sided, capped at 1, 1 when there are none). */
export function mcnemarExactP(onlyA: number, onlyB: number): number {
  return onlyA === onlyB ? 1 : 0;
}

/** TODO: resample the photos with mulberry32(seed), the same indices for both models, and take percentiles. */
export function pairedBootstrap(correctA: boolean[], correctB: boolean[], options: { resamples: number; alpha: number; seed: number }): Interval {
  void mulberry32(options.seed);
  const difference = (correctA.filter(Boolean).length - correctB.filter(Boolean).length) / correctA.length;
  return { difference, low: difference, high: difference };
}

/** TODO: a winner only when the evidence supports one. */
export function verdict(pValue: number, low: number, high: number, alpha: number): 'first' | 'second' | 'none' {
  void pValue;
  void high;
  void alpha;
  return low > 0 ? 'first' : 'second';
}

/** TODO: a probe per backbone (the recipe), the same photos for both, the paired statistics. */
export async function compareBackbones(a: Backbone, b: Backbone, options: CompareOptions): Promise<Comparison> {
  void tf;
  void options;
  const ids = a.test.ids;
  const correctA = ids.map(() => false);
  const correctB = b.test.ids.map(() => false);
  return { ids, correctA, correctB, accuracyA: 0, accuracyB: 0, onlyA: 0, onlyB: 0, pValue: 1, difference: 0, low: 0, high: 0, winner: a.name };
}
