import * as tf from '@tensorflow/tfjs';

export interface BenchmarkItem {
  id: string;
  text: string;
  label: number;
}

export interface Candidate {
  model: tf.LayersModel;
  vocabulary: string[];
}

export interface ContaminationOptions {
  n: number;
  threshold: number;
}

export interface BootstrapOptions {
  resamples: number;
  alpha: number;
  seed: number;
}

export interface HarnessOptions extends ContaminationOptions, BootstrapOptions {
  batchSize: number;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface Intervals {
  old: Interval;
  new: Interval;
  difference: Interval;
}

export interface Scores {
  items: number;
  accuracyOld: number | null;
  accuracyNew: number | null;
}

export interface Report {
  flaggedIds: string[];
  all: Scores;
  contaminated: Scores;
  clean: Intervals & { items: number };
  ship: boolean;
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

/**
 * The team's harness as it ran for the launch review: it reads the benchmark and reports one number
 * per model. Replace each function with what the prompt's rules ask for.
 */

/** TODO: lower-case and split on every run of characters other than a-z and 0-9. */
export function normalise(text: string): string[] {
  return text.split(' ');
}

/** TODO: token coverage by n-grams of the corpus documents (short items matched whole). Today: verbatim copies only. */
export function contamination(items: string[], corpus: string[], options: ContaminationOptions): { coverage: number[]; flagged: boolean[] } {
  void options;
  const coverage = items.map((text) => (corpus.includes(text) ? 1 : 0));
  return { coverage, flagged: coverage.map((c) => c === 1) };
}

/** TODO: term frequencies over the vocabulary, one predict call per batch, no leaked tensors. */
export function predictLabels(model: tf.LayersModel, vocabulary: string[], texts: string[], batchSize: number): number[] {
  void batchSize;
  return texts.map((text) => {
    const row = vocabulary.map((token) => (normalise(text).includes(token) ? 1 : 0));
    return (model.predict(tf.tensor2d([row])) as tf.Tensor).argMax(-1).dataSync()[0]!;
  });
}

/** TODO: one seeded paired bootstrap for both accuracies and their difference. Today: the estimates only. */
export function bootstrapAccuracy(correctOld: boolean[], correctNew: boolean[], options: BootstrapOptions): Intervals {
  void mulberry32(options.seed);
  const n = correctOld.length;
  const a = correctOld.filter(Boolean).length / n;
  const b = correctNew.filter(Boolean).length / n;
  const point = (estimate: number): Interval => ({ estimate, low: estimate, high: estimate });
  return { old: point(a), new: point(b), difference: point(b - a) };
}

/** TODO: report all, contaminated and clean items, and decide on the clean items' paired interval. */
export function evaluate(benchmark: BenchmarkItem[], corpus: string[], models: { old: Candidate; new: Candidate }, options: HarnessOptions): Report {
  void corpus;
  const texts = benchmark.map((item) => item.text);
  const correctOld = predictLabels(models.old.model, models.old.vocabulary, texts, options.batchSize).map((p, i) => p === benchmark[i]!.label);
  const correctNew = predictLabels(models.new.model, models.new.vocabulary, texts, options.batchSize).map((p, i) => p === benchmark[i]!.label);
  const intervals = bootstrapAccuracy(correctOld, correctNew, options);
  return {
    flaggedIds: [],
    all: { items: benchmark.length, accuracyOld: intervals.old.estimate, accuracyNew: intervals.new.estimate },
    contaminated: { items: 0, accuracyOld: null, accuracyNew: null },
    clean: { items: benchmark.length, ...intervals },
    ship: intervals.difference.estimate > 0,
  };
}
