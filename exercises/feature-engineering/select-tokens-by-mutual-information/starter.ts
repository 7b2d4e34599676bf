// ticket-features.ts — text features of the support-ticket router, as they ship today.
// The vocabulary is "the 40 most common words" of every ticket we have; features are raw counts.
// The router sends half of the billing tickets to shipping. Rebuild the features: pick the words
// that tell the teams apart (mutual information), weight them with TF-IDF, learn from training only.
import * as tf from '@tensorflow/tfjs';

export interface TextFeaturizer {
  vocabulary: string[];
  idf: number[];
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(' ')
    .filter((token) => token.length > 0);
}

export function mutualInformation(docs: string[][], labels: string[]): Record<string, number> {
  // Not used yet: the vocabulary is picked by frequency (see selectTokens).
  void docs;
  void labels;
  return {};
}

export function selectTokens(docs: string[][], labels: string[], k: number, minDf: number): string[] {
  void labels;
  void minDf;
  const counts = new Map<string, number>();
  for (const doc of docs) for (const token of doc) counts.set(token, (counts.get(token) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!).slice(0, k);
}

export function fitTextFeatures(texts: string[], labels: string[], k: number, minDf: number): TextFeaturizer {
  const vocabulary = selectTokens(texts.map(tokenize), labels, k, minDf);
  return { vocabulary, idf: vocabulary.map(() => 1) };
}

export function transformTexts(featurizer: TextFeaturizer, texts: string[]): tf.Tensor2D {
  const rows = texts.map((text) => {
    const tokens = tokenize(text);
    return featurizer.vocabulary.map((word) => tokens.filter((t) => t === word).length);
  });
  return tf.tensor2d(rows, [texts.length, featurizer.vocabulary.length]);
}

export function buildSplits(
  trainTexts: string[],
  trainLabels: string[],
  serveTexts: string[],
  k: number,
  minDf: number,
): { featurizer: TextFeaturizer; train: tf.Tensor2D; serve: tf.Tensor2D } {
  // Every ticket we have, so the vocabulary covers next month's words too.
  const featurizer = fitTextFeatures([...trainTexts, ...serveTexts], trainLabels, k, minDf);
  return { featurizer, train: transformTexts(featurizer, trainTexts), serve: transformTexts(featurizer, serveTexts) };
}
