/**
 * Builds data/encoder.json and data/corpus.json for the help-centre retrieval exercise.
 *
 * encoder.json: a word vocabulary and a tiny token encoder (an embedding table and one dense tanh
 * layer applied to every token, 16 dimensions). Generated, not pretrained: each topic word's
 * embedding sits near its topic's direction plus its sub-topic's, so words about the same thing
 * land near each other; filler words get small undirected vectors; [PAD] is not zero, so padding
 * that leaks into a mean visibly moves it.
 * corpus.json: help-centre articles as token ids (written from the sentences below, with three
 * near-copies of the refund policy, as wikis have), the chunking and retrieval settings, and
 * search queries with their judged facts: each fact is the token spans where an article states it.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/feature-engineering/chunk-with-overlap-and-mmr/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 17_301;
const DIM = 16;
const random = mulberry32(SEED);
function normal(): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const gaussian = (scale: number) => Array.from({ length: DIM }, () => normal() * scale);
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Topic → sub-topic → words. */
const TOPICS: Record<string, Record<string, string[]>> = {
  billing: {
    refund: ['refund', 'refunds', 'returned', 'original', 'method', 'reverse'],
    duplicate: ['charged', 'twice', 'duplicate', 'charge', 'pending', 'hold'],
    fees: ['fee', 'foreign', 'exchange', 'rate', 'abroad', 'currency'],
  },
  cards: {
    delivery: ['delivery', 'arrives', 'post', 'envelope', 'address', 'new'],
    lost: ['lost', 'stolen', 'freeze', 'block', 'replace', 'card'],
  },
  security: {
    reset: ['password', 'reset', 'link', 'expired', 'email', 'hour'],
    verify: ['sms', 'code', 'verify', 'device', 'authenticator', 'phone'],
  },
  account: {
    close: ['close', 'account', 'export', 'data', 'delete', 'statement'],
  },
};
const FILLER = ['the', 'a', 'to', 'your', 'is', 'in', 'we', 'within', 'after', 'of', 'and', 'for', 'you', 'it', 'be', 'can', 'before', 'app', 'days', 'ten', 'seven', 'one', 'our', 'if', 'not', 'will', 'please', 'this'];

const subtopicOf = new Map<string, [string, string]>();
for (const [topic, subs] of Object.entries(TOPICS)) for (const [sub, words] of Object.entries(subs)) for (const w of words) subtopicOf.set(w, [topic, sub]);
const vocab = ['[PAD]', ...FILLER, ...subtopicOf.keys()];
const idOf = new Map(vocab.map((w, i) => [w, i]));

const topicDirection = new Map(Object.keys(TOPICS).map((t) => [t, gaussian(0.4)]));
const subDirection = new Map(Object.values(TOPICS).flatMap((subs) => Object.keys(subs)).map((s) => [s, gaussian(0.8)]));
const embedding = vocab.map((word) => {
  if (word === '[PAD]') return gaussian(0.9).map(round);
  const place = subtopicOf.get(word);
  if (!place) return gaussian(0.1).map(round);
  const [t, s] = place;
  return gaussian(0.2).map((x, j) => round(x + topicDirection.get(t)![j]! + subDirection.get(s)![j]!));
});
const kernel = Array.from({ length: DIM }, (_, i) => Array.from({ length: DIM }, (_, j) => round((i === j ? 0.8 : 0) + normal() * 0.15)));
const bias = gaussian(0.05).map(round);

/** The facts the judges look for, each a phrase an article states word for word. */
const FACTS: Record<string, string> = {
  refundTime: 'refunds returned within ten days',
  refundMethod: 'refund to original method',
  duplicateHold: 'duplicate charge is pending hold',
  fee: 'foreign exchange fee abroad',
  cardArrives: 'new card arrives within seven days',
  freeze: 'freeze lost card in app',
  resetLink: 'reset link expired after one hour',
  smsCode: 'sms code to verify device',
  exportData: 'export data before close account',
};

/** A sentence of filler and the article's own words, 5 to 8 words. */
function filler(words: string[]): string {
  const n = 5 + Math.floor(random() * 4);
  return Array.from({ length: n }, () => {
    const from = random() < 0.2 ? words : FILLER;
    return from[Math.floor(random() * from.length)]!;
  }).join(' ');
}
function sentenceWords(sub: string): string[] {
  for (const subs of Object.values(TOPICS)) if (subs[sub]) return subs[sub]!;
  throw new Error(sub);
}
/** An article: filler sentences about `sub` with its facts placed among them. */
function article(sub: string, facts: string[], fillers: number): string[] {
  const words = sentenceWords(sub);
  const sentences = Array.from({ length: fillers }, () => filler(words));
  facts.forEach((f, i) => sentences.splice(Math.min(sentences.length, 1 + i * 2), 0, FACTS[f]!));
  return sentences.join(' ').split(' ');
}
/** A near-copy: the same article with a few filler words swapped (a revision or a pasted copy). */
function nearCopy(words: string[], swaps: number): string[] {
  const copy = [...words];
  const factWords = new Set(Object.values(FACTS).join(' ').split(' '));
  for (let i = 0; i < swaps; i += 1) {
    const at = Math.floor(random() * copy.length);
    if (!factWords.has(copy[at]!)) copy[at] = FILLER[Math.floor(random() * FILLER.length)]!;
  }
  return copy;
}

const refundPolicy = article('refund', ['refundTime', 'refundMethod'], 5);
const articles: { title: string; words: string[] }[] = [
  { title: 'Refund policy', words: refundPolicy },
  { title: 'Refund policy (2024 revision)', words: nearCopy(refundPolicy, 6) },
  { title: 'Refund policy (copy in the agent wiki)', words: nearCopy(refundPolicy, 6) },
  { title: 'Charged twice for one payment', words: article('duplicate', ['duplicateHold'], 4) },
  { title: 'Paying abroad', words: article('fees', ['fee'], 4) },
  { title: 'Where is my new card', words: article('delivery', ['cardArrives'], 4) },
  { title: 'Lost or stolen card', words: article('lost', ['freeze'], 3) },
  { title: 'Reset your password', words: article('reset', ['resetLink'], 4) },
  { title: 'Two-step verification', words: article('verify', ['smsCode'], 3) },
  { title: 'Close your account', words: article('close', ['exportData'], 4) },
  { title: 'Card delivery (old article)', words: nearCopy(article('delivery', ['cardArrives'], 3), 2) },
];

/** Every place an article states a fact: [doc, start, end) token spans. */
function spansOf(fact: string) {
  const phrase = FACTS[fact]!.split(' ');
  const spans: { doc: number; start: number; end: number }[] = [];
  articles.forEach(({ words }, doc) => {
    for (let s = 0; s + phrase.length <= words.length; s += 1) if (phrase.every((w, j) => words[s + j] === w)) spans.push({ doc, start: s, end: s + phrase.length });
  });
  return spans;
}
const QUERIES: { text: string; facts: string[] }[] = [
  { text: 'refunds returned for a duplicate charge', facts: ['refundTime', 'duplicateHold'] },
  { text: 'lost card when will the new card arrive', facts: ['freeze', 'cardArrives'] },
  { text: 'sms code and reset link expired', facts: ['resetLink', 'smsCode'] },
  { text: 'refund returned of the foreign exchange fee', facts: ['refundTime', 'fee'] },
  { text: 'close account and export statement', facts: ['exportData'] },
];

const ids = (words: string[]) =>
  words.map((w) => {
    const id = idOf.get(w);
    if (id === undefined) throw new Error(`word not in the vocabulary: ${w}`);
    return id;
  });
const corpus = {
  settings: { chunkSize: 14, overlap: 6, k: 3, fetchK: 12, lambda: 0.6 },
  documents: articles.map(({ title, words }) => ({ title, tokens: ids(words) })),
  queries: QUERIES.map(({ text, facts }) => ({
    text,
    tokens: ids(text.split(' ').filter((w) => idOf.has(w))),
    facts: facts.map((f) => {
      const spans = spansOf(f);
      if (spans.length === 0) throw new Error(`no article states ${f}`);
      return { fact: FACTS[f]!, spans };
    }),
  })),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '..', 'data');
const rows = (matrix: number[][]) => matrix.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
fs.writeFileSync(
  path.join(dataDir, 'encoder.json'),
  `{\n  "dim": ${DIM},\n  "padId": 0,\n  "vocab": ${JSON.stringify(vocab)},\n  "embedding": [\n${rows(embedding)}\n  ],\n  "dense": {\n    "kernel": [\n${rows(kernel)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n    ],\n    "bias": ${JSON.stringify(bias)}\n  }\n}\n`,
);
const docLines = corpus.documents.map((d) => `    ${JSON.stringify(d)}`).join(',\n');
const queryLines = corpus.queries.map((q) => `    ${JSON.stringify(q)}`).join(',\n');
fs.writeFileSync(
  path.join(dataDir, 'corpus.json'),
  `{\n  "settings": ${JSON.stringify(corpus.settings)},\n  "documents": [\n${docLines}\n  ],\n  "queries": [\n${queryLines}\n  ]\n}\n`,
);
console.log(`wrote ${vocab.length} tokens x ${DIM} dimensions, ${articles.length} articles and ${QUERIES.length} queries to ${path.relative(process.cwd(), dataDir)}`);
