// mistake: counts minDf in occurrences (every repeat of a token), not in documents, so a token one ticket repeats three times passes minDf 3
// expect: fewer than minDf documents
import * as tf from '@tensorflow/tfjs';

/** What the router ships next to its model: the selected tokens and their IDF, from training tickets. */
export interface TextFeaturizer {
  vocabulary: string[]; // selected tokens, in feature-column order
  idf: number[]; // one per vocabulary token
}

/**
 * Lowercase; a token is a run of letters (any script), digits or underscores; anything else
 * separates tokens; tokens of one character are dropped (scikit-learn's default pattern).
 */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((token) => token.length >= 2);
}

/** Documents containing each token (each document counts once). */
function documentFrequency(docs: string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const token of new Set(doc)) df.set(token, (df.get(token) ?? 0) + 1);
  return df;
}

/**
 * Mutual information (nats) between "the document contains the token" and the label, for every
 * token of `docs`: sum over presence x in {0, 1} and class c of p(x, c) * ln(p(x, c) / (p(x) p(c))).
 */
export function mutualInformation(docs: string[][], labels: string[]): Record<string, number> {
  const n = docs.length;
  const classCount = new Map<string, number>();
  for (const label of labels) classCount.set(label, (classCount.get(label) ?? 0) + 1);
  // Documents of each class containing each token.
  const joint = new Map<string, Map<string, number>>();
  docs.forEach((doc, i) => {
    for (const token of new Set(doc)) {
      const byClass = joint.get(token) ?? new Map<string, number>();
      byClass.set(labels[i]!, (byClass.get(labels[i]!) ?? 0) + 1);
      joint.set(token, byClass);
    }
  });
  const term = (nxc: number, nx: number, nc: number) => (nxc === 0 ? 0 : (nxc / n) * Math.log((n * nxc) / (nx * nc)));
  const scores: Record<string, number> = {};
  for (const [token, byClass] of joint) {
    const present = [...byClass.values()].reduce((s, v) => s + v, 0);
    let mi = 0;
    for (const [label, nc] of classCount) {
      const withToken = byClass.get(label) ?? 0;
      mi += term(withToken, present, nc) + term(nc - withToken, n - present, nc);
    }
    scores[token] = mi;
  }
  return scores;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The k tokens with the highest mutual information among those in at least minDf documents. */
export function selectTokens(docs: string[][], labels: string[], k: number, minDf: number): string[] {
  const df = new Map<string, number>();
  for (const doc of docs) for (const token of doc) df.set(token, (df.get(token) ?? 0) + 1);
  const mi = mutualInformation(docs, labels);
  return Object.keys(mi)
    .filter((token) => df.get(token)! >= minDf)
    .sort((a, b) => mi[b]! - mi[a]! || byCodeUnits(a, b))
    .slice(0, k);
}

export function fitTextFeatures(texts: string[], labels: string[], k: number, minDf: number): TextFeaturizer {
  const docs = texts.map(tokenize);
  const vocabulary = selectTokens(docs, labels, k, minDf);
  const df = documentFrequency(docs);
  // Smooth IDF (scikit-learn's default): ln((1 + n) / (1 + df)) + 1.
  const idf = vocabulary.map((token) => Math.log((1 + docs.length) / (1 + df.get(token)!)) + 1);
  return { vocabulary, idf };
}

export function transformTexts(featurizer: TextFeaturizer, texts: string[]): tf.Tensor2D {
  const column = new Map(featurizer.vocabulary.map((token, j) => [token, j]));
  const width = featurizer.vocabulary.length;
  const counts = new Float32Array(texts.length * width);
  texts.forEach((text, i) => {
    for (const token of tokenize(text)) {
      const j = column.get(token);
      if (j !== undefined) counts[i * width + j]! += 1;
    }
  });
  return tf.tidy(() => {
    const weighted = tf.tensor2d(counts, [texts.length, width]).mul(tf.tensor1d(featurizer.idf));
    // L2-normalise each row; a ticket with no vocabulary token stays all zeros (divNoNan: 0 / 0 = 0).
    return tf.divNoNan(weighted, tf.norm(weighted, 'euclidean', 1, true)) as tf.Tensor2D;
  });
}

export function buildSplits(
  trainTexts: string[],
  trainLabels: string[],
  serveTexts: string[],
  k: number,
  minDf: number,
): { featurizer: TextFeaturizer; train: tf.Tensor2D; serve: tf.Tensor2D } {
  const featurizer = fitTextFeatures(trainTexts, trainLabels, k, minDf);
  return { featurizer, train: transformTexts(featurizer, trainTexts), serve: transformTexts(featurizer, serveTexts) };
}
