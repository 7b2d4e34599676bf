// mistake: flags only the benchmark items whose text appears word for word in a corpus document
// expect: coverage of each item
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

/** Lower-cases, then every run of characters other than a-z and 0-9 separates tokens. */
export function normalise(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((token) => token.length > 0);
}

/** Every contiguous run of n tokens inside one document (never across two), joined by spaces. */
function corpusNgrams(documents: string[][], n: number): Set<string> {
  const grams = new Set<string>();
  for (const tokens of documents) {
    for (let i = 0; i + n <= tokens.length; i++) grams.add(tokens.slice(i, i + n).join(' '));
  }
  return grams;
}

/**
 * Share of an item's tokens covered by its n-grams that occur in the corpus. An item shorter than
 * n is matched whole: 1 when its tokens occur contiguously in one document, else 0. No token: 0.
 */
function coverageOf(tokens: string[], n: number, grams: Set<string>, documents: string[]): number {
  if (tokens.length === 0) return 0;
  if (tokens.length < n) {
    const needle = ` ${tokens.join(' ')} `;
    return documents.some((document) => document.includes(needle)) ? 1 : 0;
  }
  const covered = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i + n <= tokens.length; i++) {
    if (grams.has(tokens.slice(i, i + n).join(' '))) covered.fill(true, i, i + n);
  }
  return covered.filter(Boolean).length / tokens.length;
}

/** Flags the benchmark items whose normalised tokens the training corpus covers by n-grams, at or above the threshold. */
export function contamination(items: string[], corpus: string[], options: ContaminationOptions): { coverage: number[]; flagged: boolean[] } {
  const documents = corpus.map(normalise);
  const grams = corpusNgrams(documents, options.n);
  const padded = documents.map((tokens) => ` ${tokens.join(' ')} `);
  void grams;
  void padded;
  void coverageOf;
  const coverage = items.map((text) => (corpus.some((document) => document.includes(text.trim())) ? 1 : 0));
  return { coverage, flagged: coverage.map((c) => c > 0 && c >= options.threshold) };
}

/** A text's term frequencies over the vocabulary: in-vocabulary token counts over their total; none gives a row of zeros. */
function termFrequencies(text: string, column: Map<string, number>, width: number): number[] {
  const counts = new Array<number>(width).fill(0);
  let known = 0;
  for (const token of normalise(text)) {
    const j = column.get(token);
    if (j === undefined) continue;
    counts[j]! += 1;
    known += 1;
  }
  return known === 0 ? counts : counts.map((count) => count / known);
}

/** The model's queue for every text: one predict call per batch of batchSize texts, in order; the argmax of each row. */
export function predictLabels(model: tf.LayersModel, vocabulary: string[], texts: string[], batchSize: number): number[] {
  const column = new Map(vocabulary.map((token, j) => [token, j]));
  const labels: number[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const rows = texts.slice(start, start + batchSize).map((text) => termFrequencies(text, column, vocabulary.length));
    const batch = tf.tidy(() => (model.predict(tf.tensor2d(rows, [rows.length, vocabulary.length])) as tf.Tensor).argMax(-1).arraySync() as number[]);
    labels.push(...batch);
  }
  return labels;
}

/** The percentile interval of one statistic: sorted ascending, positions k and resamples − 1 − k. */
function percentileInterval(values: number[], estimate: number, alpha: number): Interval {
  const sorted = [...values].sort((x, y) => x - y);
  const k = Math.floor((sorted.length * alpha) / 2);
  return { estimate, low: sorted[k]!, high: sorted[sorted.length - 1 - k]! };
}

/**
 * One seeded paired bootstrap for both accuracies and their difference: every resample draws n item
 * indices from one mulberry32(seed) stream and scores both models on those same items.
 */
export function bootstrapAccuracy(correctOld: boolean[], correctNew: boolean[], options: BootstrapOptions): Intervals {
  const n = correctOld.length;
  const rand = mulberry32(options.seed);
  const olds: number[] = [];
  const news: number[] = [];
  const differences: number[] = [];
  for (let r = 0; r < options.resamples; r++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j++) {
      const i = Math.floor(rand() * n);
      if (correctOld[i]) a++;
      if (correctNew[i]) b++;
    }
    olds.push(a / n);
    news.push(b / n);
    differences.push((b - a) / n);
  }
  const a = correctOld.filter(Boolean).length;
  const b = correctNew.filter(Boolean).length;
  return {
    old: percentileInterval(olds, a / n, options.alpha),
    new: percentileInterval(news, b / n, options.alpha),
    difference: percentileInterval(differences, (b - a) / n, options.alpha),
  };
}

/** Accuracies of both models on the given items; null when there is none. */
function scoresOn(indices: number[], correctOld: boolean[], correctNew: boolean[]): Scores {
  const accuracy = (correct: boolean[]) => (indices.length === 0 ? null : indices.filter((i) => correct[i]).length / indices.length);
  return { items: indices.length, accuracyOld: accuracy(correctOld), accuracyNew: accuracy(correctNew) };
}

/**
 * The harness: flag contaminated items, run both models over the whole benchmark in batches, score
 * all, contaminated and clean items, bootstrap the clean ones, and ship only on a clean interval above 0.
 */
export function evaluate(benchmark: BenchmarkItem[], corpus: string[], models: { old: Candidate; new: Candidate }, options: HarnessOptions): Report {
  const texts = benchmark.map((item) => item.text);
  const { flagged } = contamination(texts, corpus, options);
  const indices = benchmark.map((_, i) => i);
  const dirty = indices.filter((i) => flagged[i]);
  const clean = indices.filter((i) => !flagged[i]);
  if (clean.length === 0) throw new Error('no clean benchmark item: the training corpus covers every one');
  const predictedOld = predictLabels(models.old.model, models.old.vocabulary, texts, options.batchSize);
  const predictedNew = predictLabels(models.new.model, models.new.vocabulary, texts, options.batchSize);
  const correctOld = benchmark.map((item, i) => predictedOld[i] === item.label);
  const correctNew = benchmark.map((item, i) => predictedNew[i] === item.label);
  const intervals = bootstrapAccuracy(clean.map((i) => correctOld[i]!), clean.map((i) => correctNew[i]!), options);
  return {
    flaggedIds: dirty.map((i) => benchmark[i]!.id),
    all: scoresOn(indices, correctOld, correctNew),
    contaminated: scoresOn(dirty, correctOld, correctNew),
    clean: { items: clean.length, ...intervals },
    ship: intervals.difference.low > 0,
  };
}
