import fc from 'fast-check';
import { defineTests, generatedCases, isTensorData, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import csv from '../data/tickets.csv';

interface TextFeaturizer {
  vocabulary: string[];
  idf: number[];
}
interface User {
  tokenize(text: string): string[];
  mutualInformation(docs: string[][], labels: string[]): Record<string, number>;
  selectTokens(docs: string[][], labels: string[], k: number, minDf: number): string[];
  fitTextFeatures(texts: string[], labels: string[], k: number, minDf: number): TextFeaturizer;
  transformTexts(featurizer: TextFeaturizer, texts: string[]): tfjs.Tensor2D;
  buildSplits(trainTexts: string[], trainLabels: string[], serveTexts: string[], k: number, minDf: number): { featurizer: TextFeaturizer; train: tfjs.Tensor2D; serve: tfjs.Tensor2D };
}

// ---- Data: a ticket's text is its subject, a space, and its body. ----

const tickets = parseCsv(csv);
const textOf = (r: Record<string, unknown>) => `${String(r.subject)} ${String(r.body)}`;
const trainTexts = tickets.filter((r) => r.split === 'train').map(textOf);
const trainLabels = tickets.filter((r) => r.split === 'train').map((r) => String(r.team));
const serveTexts = tickets.filter((r) => r.split === 'serve').map(textOf);
const K = 40;
const MIN_DF = 5;

// ---- Host-side reference. ----

const tokens = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((t) => t.length >= 2);
const trainDocs = trainTexts.map(tokens);

function df(docs: string[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}
function mi(docs: string[][], labels: string[], log = Math.log): Record<string, number> {
  const n = docs.length;
  const classes = new Map<string, number>();
  labels.forEach((l) => classes.set(l, (classes.get(l) ?? 0) + 1));
  const joint = new Map<string, number>(); // `${label}\u0000${token}` -> documents of that label containing the token
  docs.forEach((d, i) => {
    for (const token of new Set(d)) joint.set(`${labels[i]}\u0000${token}`, (joint.get(`${labels[i]}\u0000${token}`) ?? 0) + 1);
  });
  const out: Record<string, number> = {};
  for (const [token, nt] of df(docs)) {
    let sum = 0;
    for (const [c, nc] of classes) {
      const ntc = joint.get(`${c}\u0000${token}`) ?? 0;
      const cells: [number, number][] = [
        [ntc, nt],
        [nc - ntc, n - nt],
      ];
      for (const [joint, marginal] of cells) if (joint > 0) sum += (joint / n) * log((n * joint) / (marginal * nc));
    }
    out[token] = sum;
  }
  return out;
}
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function select(docs: string[][], labels: string[], k: number, minDf: number): string[] {
  const scores = mi(docs, labels);
  const counts = df(docs);
  return Object.keys(scores)
    .filter((t) => counts.get(t)! >= minDf)
    .sort((a, b) => scores[b]! - scores[a]! || order(a, b))
    .slice(0, k);
}
function fit(texts: string[], labels: string[], k: number, minDf: number): TextFeaturizer {
  const docs = texts.map(tokens);
  const vocabulary = select(docs, labels, k, minDf);
  const counts = df(docs);
  const n = docs.length;
  return { vocabulary, idf: vocabulary.map((t) => Math.log((1 + n) / (1 + counts.get(t)!)) + 1) };
}
function transform(f: TextFeaturizer, texts: string[], opts: { binary?: boolean; normalise?: boolean } = {}): number[][] {
  return texts.map((text) => {
    const row = f.vocabulary.map(() => 0);
    const seen = tokens(text);
    f.vocabulary.forEach((token, j) => {
      const count = seen.filter((t) => t === token).length;
      row[j] = (opts.binary ? Math.min(count, 1) : count) * f.idf[j]!;
    });
    const norm = Math.hypot(...row);
    return opts.normalise === false || norm === 0 ? row : row.map((v) => v / norm);
  });
}

const trainFeaturizer = fit(trainTexts, trainLabels, K, MIN_DF);

// ---- Checks. ----

function checkScores(actual: Plain | unknown, docs: string[][], labels: string[], t: Checker, what: string): void {
  t.that(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${what}: should be an object { token: score }`);
  const got = actual as Record<string, number>;
  const want = mi(docs, labels);
  t.equal(Object.keys(got).sort(order), Object.keys(want).sort(order), { what: `${what}: tokens scored (every token of the documents, once)` });
  const inBits = mi(docs, labels, Math.log2);
  for (const [token, value] of Object.entries(want)) {
    if (Math.abs(got[token]! - value) <= 1e-9) continue;
    const why =
      Math.abs(got[token]! - inBits[token]!) <= 1e-9
        ? 'is in bits (log2): use the natural log (nats)'
        : 'is not the mutual information between "the document contains the token" and the label (in nats; each document counts once per token)';
    t.that(false, `${what}: the score of a token ${why}`, { expected: `${token}: ${value}`, actual: `${token}: ${got[token]}` });
  }
}

function checkSelection(actual: Plain | unknown, docs: string[][], labels: string[], k: number, minDf: number, t: Checker, what: string): void {
  t.that(Array.isArray(actual), `${what}: should be an array of tokens`);
  const got = actual as string[];
  const want = select(docs, labels, k, minDf);
  const counts = df(docs);
  const rare = got.filter((token) => (counts.get(token) ?? 0) < minDf);
  t.that(rare.length === 0, `${what}: keeps a token found in fewer than minDf documents`, { expected: `only tokens in at least ${minDf} documents`, actual: JSON.stringify(rare.slice(0, 3)) });
  const frequent = [...counts].filter(([, n]) => n >= minDf).sort((a, b) => b[1] - a[1] || order(a[0], b[0])).slice(0, k).map(([token]) => token);
  t.that(!(got.length === want.length && got.every((token, i) => token === frequent[i]) && frequent.some((token, i) => token !== want[i])), `${what}: selects the most frequent tokens, not the most informative ones (highest mutual information with the team)`);
  t.equal(got, want, { what: `${what} (the k tokens with the highest mutual information, ties in code-unit order of the token)` });
}

function checkFeaturizer(actual: Plain | unknown, expected: TextFeaturizer, texts: string[], labels: string[], t: Checker, what: string): void {
  const f = actual as Partial<TextFeaturizer> | null;
  t.that(f !== null && typeof f === 'object' && Array.isArray(f.vocabulary) && Array.isArray(f.idf), `${what}: should be an object { vocabulary, idf }`);
  t.equal(f!.vocabulary, expected.vocabulary, { what: `${what}: vocabulary (selected from the training tickets only)` });
  expected.idf.forEach((value, j) => {
    const got = f!.idf![j]!;
    if (Math.abs(got - value) <= 1e-9) return;
    const n = texts.length;
    const dfj = df(texts.map(tokens)).get(expected.vocabulary[j]!) ?? 0;
    const why = Math.abs(got - Math.log(n / dfj)) <= 1e-9 ? 'is unsmoothed: use ln((1 + n) / (1 + df)) + 1' : 'is not ln((1 + n) / (1 + df)) + 1 over the training tickets';
    t.that(false, `${what}: idf of a token ${why}`, { expected: `${expected.vocabulary[j]}: ${value}`, actual: `${expected.vocabulary[j]}: ${got}` });
  });
}

function checkMatrix(actual: Plain | unknown, f: TextFeaturizer, texts: string[], t: Checker, what: string): void {
  t.that(isTensorData(actual), `${what}: should be a tf.Tensor2D`);
  t.shape(actual, [texts.length, f.vocabulary.length], { what: `${what} (one row per ticket, one column per vocabulary token)` });
  t.dtype(actual, 'float32', { what });
  const got = (actual as { values: number[][] }).values;
  const want = transform(f, texts);
  want.forEach((row, i) => {
    if (row.every((v, j) => Math.abs(got[i]![j]! - v) <= 1e-5)) return;
    // Only for the first wrong row: which known mistake produces exactly these numbers?
    const matches = (other: number[]) => other.every((v, j) => Math.abs(got[i]![j]! - v) <= 1e-5);
    const why = row.every((v) => v === 0)
      ? 'has no vocabulary token, so it must be a row of zeros (not NaN)'
      : matches(transform(f, [texts[i]!], { normalise: false })[0]!)
        ? 'is not L2-normalised (divide each row by its Euclidean norm)'
        : matches(transform(f, [texts[i]!], { binary: true })[0]!)
          ? 'counts only whether a token occurs: the term frequency is the number of occurrences'
          : 'is not count × idf, L2-normalised';
    t.that(false, `${what}: a row ${why}`, { visibleProperty: `${what}: row ${i} ${why}`, expected: `[${row.map((v) => v.toFixed(4)).join(', ')}]`, actual: `[${got[i]!.map((v) => Number(v).toFixed(4)).join(', ')}]` });
  });
}

// ---- Hand-made cases. ----

const tokenCases = ["Refund!! for order #A-1234, can't log-in.", 'Hi team,\nThe app CRASHES (error E42) on_start', 'É café: naïve résumé', 'a b c d', '', ...trainTexts.slice(0, 3)];
const tiny = {
  docs: [
    ['refund', 'order', 'thanks'],
    ['refund', 'invoice'],
    ['crash', 'app', 'thanks'],
    ['crash', 'app', 'order'],
    ['password', 'thanks'],
    ['refund', 'refund', 'app'],
  ],
  labels: ['billing', 'billing', 'technical', 'technical', 'account', 'billing'],
};
const rare = {
  docs: [['vat', 'invoice'], ['invoice', 'refund'], ['invoice', 'refund'], ['crash', 'app'], ['crash', 'app'], ['crash', 'error'], ['login', 'app'], ['login', 'password']],
  labels: ['billing', 'billing', 'billing', 'technical', 'technical', 'technical', 'account', 'account'],
};
const oneClass = { docs: [['delta', 'alpha'], ['charlie', 'bravo'], ['alpha', 'Zulu'], ['échec']], labels: ['billing', 'billing', 'billing', 'billing'] };
const fixedFeaturizer: TextFeaturizer = { vocabulary: ['refund', 'invoice', 'crash', 'password'], idf: [1.5, 2.0, 1.2, 2.5] };
const unknownTexts = ['Refund refund REFUND and an invoice', 'Hello, just saying thanks!', '', 'crash crash password'];
const skewedServe = [...serveTexts.slice(0, 20), ...Array.from({ length: 40 }, () => 'Thanks thanks thanks, regards')];
/** A smaller training window (the first 300 tickets) for the hidden fitting case. */
const februaryTexts = trainTexts.slice(0, 300);
const februaryLabels = trainLabels.slice(0, 300);


// ---- Generated cases. ----

/**
 * Orders of the qualifying tokens a correct solution may give: the reference's, scores within
 * 1e-12 taken as tied (code-unit order), and the submission's own scores. Mathematically tied
 * scores can differ in the last bit with another summation order; none of these is luck.
 */
function acceptableSelections(docs: string[][], labels: string[], k: number, minDf: number, own: Record<string, number> | undefined, reference: Plain): string[][] {
  const counts = df(docs);
  const qualifying = [...counts.keys()].filter((token) => counts.get(token)! >= minDf);
  const ranked = (scores: Record<string, number>, tie: number) =>
    [...qualifying].sort((a, b) => (Math.abs((scores[b] ?? 0) - (scores[a] ?? 0)) <= tie ? order(a, b) : (scores[b] ?? 0) - (scores[a] ?? 0))).slice(0, k);
  const options = [ranked(mi(docs, labels), 1e-12)];
  if (Array.isArray(reference)) options.push(reference as string[]);
  if (own && typeof own === 'object' && qualifying.every((token) => typeof own[token] === 'number')) options.push(ranked(own, 0));
  return options;
}

function checkGeneratedSelection(actual: unknown, options: string[][], docs: string[][], minDf: number, t: Checker, what: string): void {
  t.that(Array.isArray(actual), `${what}: should be an array of tokens`);
  const got = actual as string[];
  const counts = df(docs);
  t.that(got.every((token) => (counts.get(token) ?? 0) >= minDf), `${what}: keeps a token found in fewer than minDf documents (count documents, not occurrences)`);
  t.that(got.length === options[0]!.length, `${what}: should keep the first k qualifying tokens, or all of them if fewer qualify`, { expected: `${options[0]!.length} tokens`, actual: `${got.length} tokens` });
  t.that(options.some((option) => option.every((token, i) => got[i] === token)), `${what}: is not the k tokens with the highest mutual information, ties in code-unit order of the token`, {
    expected: JSON.stringify(options[0]),
    actual: JSON.stringify(got),
  });
}

/** Tokens as lists: case and code-unit order matter ('Zulu' < 'alpha' < 'zulu'), some are single characters. */
const TOKENS = ['refund', 'order', 'thanks', 'crash', 'app', 'alpha', 'Zulu', 'zulu', 'é', 'x', '10', '_id', 'αβ'];
const LABELS = ['billing', 'technical', 'account', 'Billing'];
/** 1 to 12 documents with repeated tokens (occurrences differ from documents), 1 to 4 labels, k from 0 to 8, minDf from 0 to 4. */
const generatedDocs = fc
  .record({
    docs: fc.array(fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }), { minLength: 1, maxLength: 12 }),
    classes: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 0, max: 8 }),
    minDf: fc.integer({ min: 0, max: 4 }),
  })
  .chain(({ docs, classes, k, minDf }) => fc.record({ docs: fc.constant(docs), labels: fc.array(fc.constantFrom(...LABELS.slice(0, classes)), { minLength: docs.length, maxLength: docs.length }), k: fc.constant(k), minDf: fc.constant(minDf) }));

/** Words with punctuation, case, other scripts, digits, underscores, one-character and astral letters between them. */
const WORDS = ['Refund', 'refund!!', 'ORDER', 'order,', 'thanks', 'crash', "can't", 'log-in', 'A-1234', 'É', 'café', 'naïve', 'Ж', 'ЖЖ', '中文', 'on_start', 'x', '42', '😀', '𝐀', 'İ', 'Straße', 'app.', 'app'];
const SEPARATORS = [' ', '  ', '\n', ', ', ' - ', '\t', '...'];
const text = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 8 }).map((parts) => parts.map(([w, sep]) => w + sep).join(''));
/** Training texts (1 to 10) with labels, serving texts (0 to 5), k from 0 to 6 and minDf from 0 to 3. */
const generatedSplits = fc
  .record({ train: fc.array(fc.tuple(text, fc.constantFrom(...LABELS.slice(0, 3))), { minLength: 1, maxLength: 10 }), serve: fc.array(text, { maxLength: 5 }), k: fc.integer({ min: 0, max: 6 }), minDf: fc.integer({ min: 0, max: 3 }) })
  .map(({ train, serve, k, minDf }) => ({ trainTexts: train.map(([x]) => x), trainLabels: train.map(([, y]) => y), serveTexts: serve, k, minDf }));
/** A given featurizer (any tokens, idf 0 included) and texts to transform with it. */
const generatedTransform = fc.record({
  vocabulary: fc.shuffledSubarray(['refund', 'order', 'app', 'ЖЖ', 'straße', 'café', '42', 'Refund', 'on_start'], { minLength: 0, maxLength: 6 }),
  idf: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 }).map((x) => x / 100)), { minLength: 6, maxLength: 6 }),
  texts: fc.array(text, { maxLength: 6 }),
});

type SplitsInput = { trainTexts: string[]; trainLabels: string[]; serveTexts: string[]; k: number; minDf: number };

export default defineTests<User>()([
  testCase({
    id: 'tokenizes-ticket-text',
    name: 'lowercases and splits on anything that is not a letter, digit or underscore, dropping one-character tokens',
    visible: true,
    rules: ['tokens'],
    input: { texts: tokenCases },
    run: (user: User, input: { texts: string[] }) => input.texts.map((text) => user.tokenize(text)),
    check: (actual, t) => t.equal(actual, tokenCases.map(tokens), { what: 'tokens of each text' }),
  }),
  testCase({
    id: 'scores-tokens-by-mutual-information',
    name: 'scores every token by the mutual information between its presence in a ticket and the team',
    visible: true,
    rules: ['mutual-information'],
    input: tiny,
    run: (user: User, input: { docs: string[][]; labels: string[] }) => user.mutualInformation(input.docs, input.labels),
    check: (actual, t) => checkScores(actual, tiny.docs, tiny.labels, t, 'mutualInformation(six tickets)'),
  }),
  testCase({
    id: 'selects-informative-tokens',
    name: 'selects the 40 tokens with the highest mutual information among those in at least 5 training tickets',
    visible: true,
    rules: ['selection-order', 'min-df-by-documents'],
    input: { docs: trainDocs, labels: trainLabels, k: K, minDf: MIN_DF },
    run: (user: User, input: { docs: string[][]; labels: string[]; k: number; minDf: number }) => user.selectTokens(input.docs, input.labels, input.k, input.minDf),
    check: (actual, t) => checkSelection(actual, trainDocs, trainLabels, K, MIN_DF, t, 'selectTokens(training tickets, k 40, minDf 5)'),
  }),
  testCase({
    id: 'builds-tfidf-features-for-serving',
    name: 'fits vocabulary and IDF on the training tickets and turns the May tickets into L2-normalised TF-IDF rows',
    visible: true,
    rules: ['smooth-idf', 'tf-idf-rows', 'fit-on-train'],
    input: { trainTexts, trainLabels, serveTexts, k: K, minDf: MIN_DF },
    run: (user: User, input: { trainTexts: string[]; trainLabels: string[]; serveTexts: string[]; k: number; minDf: number }) => {
      const out = user.buildSplits(input.trainTexts, input.trainLabels, input.serveTexts, input.k, input.minDf);
      // The training rows are checked through their first 50; an array, because the harness
      // frees returned tensors at the top level or in arrays.
      const firstTrainRows = out.train.slice([0, 0], [Math.min(50, input.trainTexts.length), -1]);
      out.train.dispose();
      return [out.featurizer, out.serve, firstTrainRows];
    },
    check: (actual, t) => {
      const [featurizer, serve, train] = Array.isArray(actual) ? actual : [];
      checkFeaturizer(featurizer ?? null, trainFeaturizer, trainTexts, trainLabels, t, 'featurizer from buildSplits');
      checkMatrix(serve, trainFeaturizer, serveTexts, t, 'TF-IDF features of the May tickets');
      checkMatrix(train, trainFeaturizer, trainTexts.slice(0, 50), t, 'TF-IDF features of the first 50 training tickets');
    },
  }),
  testCase({
    id: 'drops-rare-tokens',
    name: 'leaves out tokens found in fewer than minDf tickets, however informative',
    visible: false,
    rules: ['min-df-by-documents', 'selection-order'],
    input: { ...rare, k: 10, minDf: 2 },
    run: (user: User, input: { docs: string[][]; labels: string[]; k: number; minDf: number }) => user.selectTokens(input.docs, input.labels, input.k, input.minDf),
    check: (actual, t) => checkSelection(actual, rare.docs, rare.labels, 10, 2, t, 'selectTokens with rare tokens (minDf 2, k larger than the tokens that qualify)'),
  }),
  testCase({
    id: 'breaks-ties-by-token',
    name: 'scores every token 0 when all tickets have one team, and then selects in code-unit order',
    visible: false,
    rules: ['mutual-information', 'selection-order'],
    input: oneClass,
    run: (user: User, input: { docs: string[][]; labels: string[] }) => [user.mutualInformation(input.docs, input.labels), user.selectTokens(input.docs, input.labels, 4, 1)],
    check: (actual, t) => {
      const [scores, selected] = Array.isArray(actual) ? actual : [];
      checkScores(scores ?? null, oneClass.docs, oneClass.labels, t, 'mutualInformation with one team only');
      checkSelection(selected, oneClass.docs, oneClass.labels, 4, 1, t, 'selectTokens with one team only (all scores tie)');
    },
  }),
  testCase({
    id: 'counts-tokens-and-ignores-unknown-ones',
    name: 'counts repeated tokens, ignores tokens outside the vocabulary and gives a ticket with none of them a row of zeros',
    visible: false,
    rules: ['tf-idf-rows'],
    input: { featurizer: fixedFeaturizer, texts: unknownTexts },
    run: (user: User, input: { featurizer: TextFeaturizer; texts: string[] }) => user.transformTexts(input.featurizer, input.texts),
    check: (actual, t) => checkMatrix(actual, fixedFeaturizer, unknownTexts, t, 'TF-IDF features of tickets with repeated and unknown tokens'),
  }),
  testCase({
    id: 'fits-on-training-tickets-only',
    name: 'learns vocabulary and IDF from the training tickets only, however the serving batch looks',
    visible: false,
    rules: ['fit-on-train', 'smooth-idf'],
    input: { trainTexts: februaryTexts, trainLabels: februaryLabels, serveTexts: skewedServe },
    run: (user: User, input: { trainTexts: string[]; trainLabels: string[]; serveTexts: string[] }) => {
      const out = user.buildSplits(input.trainTexts, input.trainLabels, input.serveTexts, 30, 5);
      out.train.dispose();
      return [out.featurizer, out.serve];
    },
    check: (actual, t) => {
      const [featurizer, serve] = Array.isArray(actual) ? actual : [];
      const expected = fit(februaryTexts, februaryLabels, 30, 5);
      checkFeaturizer(featurizer ?? null, expected, februaryTexts, februaryLabels, t, 'featurizer when the serving batch is unusual');
      checkMatrix(serve, expected, skewedServe, t, 'TF-IDF features of an unusual serving batch');
    },
  }),
  testCase({
    id: 'handles-an-empty-batch',
    name: 'returns a [0, k] tensor for no tickets',
    visible: false,
    rules: ['tf-idf-rows'],
    input: { featurizer: fixedFeaturizer },
    run: (user: User, input: { featurizer: TextFeaturizer }) => user.transformTexts(input.featurizer, []),
    check: (actual, t) => {
      t.that(isTensorData(actual), 'transformTexts of no tickets should still return a tf.Tensor2D');
      t.shape(actual, [0, 4], { what: 'TF-IDF features of no tickets' });
    },
  }),
  testCase({
    id: 'does-not-modify-inputs',
    name: 'leaves the documents, labels and featurizer it was given unchanged',
    visible: false,
    rules: ['no-mutation', 'no-leaks'],
    input: { ...tiny, featurizer: fixedFeaturizer },
    run: (user: User, input: { docs: string[][]; labels: string[]; featurizer: TextFeaturizer }, h: HarnessHelpers) => {
      const docs = h.lend(input.docs.map((d) => [...d]));
      const labels = h.lend([...input.labels]);
      const featurizer = h.lend({ vocabulary: [...input.featurizer.vocabulary], idf: [...input.featurizer.idf] });
      user.mutualInformation(docs, labels);
      user.selectTokens(docs, labels, 3, 1);
      user.transformTexts(featurizer, ['refund crash']).dispose();
      return [docs, labels, featurizer];
    },
    check: (actual, t) => {
      const [docs, labels, featurizer] = Array.isArray(actual) ? actual : [];
      t.equal(docs, tiny.docs, { what: 'documents after scoring and selecting (must not be modified or re-ordered)' });
      t.equal(labels, tiny.labels, { what: 'labels after scoring and selecting (must not be modified)' });
      t.equal(featurizer, fixedFeaturizer, { what: 'featurizer after transformTexts (must not be modified)' });
    },
  }),
  generatedCases({
    id: 'tokenizes-generated-text-like-the-reference',
    name: 'tokenizes generated text like the reference (case, punctuation, other scripts, digits, underscores, one-character and astral tokens)',
    rules: ['tokens'],
    input: fc.array(text, { minLength: 1, maxLength: 6 }),
    examples: [['', 'İstanbul 𝐀 x', 'Ж_ж1 é']],
    count: 12,
    run: (user: User, texts: string[]) => texts.map((x) => user.tokenize(x)),
    what: 'tokens of generated text',
    compare: (actual, _expected, t, texts) => t.equal(actual, texts.map(tokens), { what: 'tokens of generated text' }),
  }),
  generatedCases({
    id: 'scores-and-selects-generated-documents-like-the-reference',
    name: 'scores and selects like the reference for generated documents (repeated tokens, 1 to 4 labels, ties, k and minDf at every size)',
    rules: ['mutual-information', 'min-df-by-documents', 'selection-order'],
    input: generatedDocs,
    examples: [
      // "refund" occurs 3 times in one document: its document frequency is 1, below minDf 2.
      { docs: [['refund', 'refund', 'refund'], ['order', 'app'], ['order'], ['app', 'Zulu'], ['alpha', 'Zulu']], labels: ['billing', 'billing', 'technical', 'technical', 'account'], k: 8, minDf: 2 },
      { docs: [['alpha', 'Zulu', 'zulu'], ['alpha', 'Zulu', 'zulu']], labels: ['billing', 'technical'], k: 2, minDf: 2 },
    ],
    count: 24,
    run: (user: User, input: { docs: string[][]; labels: string[]; k: number; minDf: number }) => ({
      scores: user.mutualInformation(input.docs, input.labels),
      selected: user.selectTokens(input.docs, input.labels, input.k, input.minDf),
    }),
    what: 'token selection',
    compare: (actual, expected, t, input) => {
      const got = (actual ?? {}) as { scores?: Plain; selected?: Plain };
      checkScores(got.scores ?? null, input.docs, input.labels, t, 'mutualInformation of generated documents');
      const reference = (expected as { selected?: Plain }).selected ?? null;
      const options = acceptableSelections(input.docs, input.labels, input.k, input.minDf, got.scores as Record<string, number>, reference);
      checkGeneratedSelection(got.selected, options, input.docs, input.minDf, t, 'selectTokens of generated documents');
    },
  }),
  generatedCases({
    id: 'builds-generated-splits-like-the-reference',
    name: 'fits and transforms like the reference for generated tickets (1 to 10 training texts, any serving batch, k and minDf at every size)',
    rules: ['smooth-idf', 'tf-idf-rows', 'fit-on-train', 'selection-order', 'min-df-by-documents', 'no-leaks'],
    input: generatedSplits,
    examples: [{ trainTexts: ['Refund refund', 'crash app', 'refund app'], trainLabels: ['billing', 'technical', 'billing'], serveTexts: ['', 'nothing known here', 'APP app refund'], k: 5, minDf: 1 }],
    count: 20,
    run: (user: User, input: SplitsInput) => {
      const out = user.buildSplits(input.trainTexts, input.trainLabels, input.serveTexts, input.k, input.minDf);
      const scores = user.mutualInformation(input.trainTexts.map((x) => user.tokenize(x)), input.trainLabels);
      return [out.featurizer, out.train, out.serve, scores];
    },
    what: 'TF-IDF features',
    compare: (actual, expected, t, input) => {
      const [featurizer, train, serve, scores] = Array.isArray(actual) ? actual : [];
      const docs = input.trainTexts.map(tokens);
      const f = featurizer as Partial<TextFeaturizer> | null;
      t.that(f !== null && typeof f === 'object' && Array.isArray(f.vocabulary) && Array.isArray(f.idf), 'featurizer of generated tickets: should be an object { vocabulary, idf }');
      const reference = Array.isArray(expected) ? ((expected[0] as { vocabulary?: Plain } | null)?.vocabulary ?? null) : null;
      const options = acceptableSelections(docs, input.trainLabels, input.k, input.minDf, scores as Record<string, number>, reference);
      checkGeneratedSelection(f!.vocabulary, options, docs, input.minDf, t, 'vocabulary of generated tickets (selected from the training tickets only)');
      const counts = df(docs);
      const want: TextFeaturizer = { vocabulary: f!.vocabulary as string[], idf: (f!.vocabulary as string[]).map((token) => Math.log((1 + docs.length) / (1 + counts.get(token)!)) + 1) };
      checkFeaturizer(f, want, input.trainTexts, input.trainLabels, t, 'featurizer of generated tickets');
      checkMatrix(train, want, input.trainTexts, t, 'TF-IDF features of generated training tickets');
      checkMatrix(serve, want, input.serveTexts, t, 'TF-IDF features of generated serving tickets');
    },
  }),
  generatedCases({
    id: 'transforms-with-a-generated-featurizer-like-the-reference',
    name: 'transforms generated texts with a given featurizer like the reference (any vocabulary, idf 0, texts with no vocabulary token, no texts)',
    rules: ['tf-idf-rows', 'no-leaks'],
    input: generatedTransform,
    examples: [{ vocabulary: ['refund', 'app'], idf: [0, 0, 1, 1, 1, 1], texts: ['refund refund', 'app', ''] }],
    count: 16,
    run: (user: User, input: { vocabulary: string[]; idf: number[]; texts: string[] }) =>
      user.transformTexts({ vocabulary: input.vocabulary, idf: input.idf.slice(0, input.vocabulary.length) }, input.texts),
    what: 'TF-IDF features with a given featurizer',
    compare: (actual, _expected, t, input) =>
      checkMatrix(actual, { vocabulary: input.vocabulary, idf: input.idf.slice(0, input.vocabulary.length) }, input.texts, t, 'TF-IDF features of generated texts with a given featurizer'),
  }),
]);
