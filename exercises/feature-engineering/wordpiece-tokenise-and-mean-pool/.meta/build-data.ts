/**
 * Builds data/encoder.json and data/queries.json for the help-centre search encoder.
 *
 * encoder.json: a WordPiece vocabulary and a tiny token encoder (an embedding table and one dense
 * tanh layer applied to every token, 16 dimensions). Generated (no pretrained weights): the
 * vocabulary is written out below the way WordPiece vocabularies look (special tokens, whole
 * words, `##` continuation pieces, single characters so most words can still be spelt); whole
 * words get embeddings near their topic's direction (billing, login, delivery, account) so
 * related words land near each other; the [PAD] embedding is not zero, as in BERT, so padding
 * that leaks into a mean visibly moves it.
 * queries.json: search queries typed into the help centre (written here, no real users).
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/feature-engineering/wordpiece-tokenise-and-mean-pool/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 17_001;
const DIM = 16;
const MAX_CHARS_PER_WORD = 100;

const random = mulberry32(SEED);
function normal(): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const gaussian = (scale: number) => Array.from({ length: DIM }, () => normal() * scale);
const round = (x: number) => Math.round(x * 1e4) / 1e4;

const TOPICS: Record<string, string[]> = {
  billing: ['refund', 'charge', 'invoice', 'payment', 'pay', 'bill', 'price', 'fee', 'money', 'bank', 'vat', 'receipt', 'subscription', 'cancel', 'twice', 'amount', 'credit', 'debit', 'wallet'],
  login: ['login', 'log', 'password', 'reset', 'code', 'sign', 'verify', 'verification', 'two', 'factor', 'sms', 'locked', 'link', 'expired', 'email', 'mail'],
  delivery: ['card', 'delivery', 'deliver', 'parcel', 'package', 'track', 'tracking', 'address', 'courier', 'ship', 'shipping', 'arrive', 'late', 'lost', 'damage', 'post'],
  account: ['account', 'profile', 'name', 'phone', 'number', 'delete', 'close', 'change', 'update', 'data', 'privacy', 'notification', 'newsletter', 'subscribe'],
};
const COMMON = ['the', 'a', 'an', 'my', 'i', 'to', 'is', 'in', 'on', 'of', 'for', 'and', 'not', 'no', 'how', 'why', 'where', 'when', 'what', 'can', 'do', 'does', 'did', 'it', 'me', 'after', 'still', 'get', 'got', 'help', 'new', 'old', 'app', 'order', 'day', 'week', 'again', 'wrong', 'work', 'from', 'with', 'out', 'up', 'at', 'cafe'];
const PREFIXES = ['un', 're', 'pre', 'dis', 'sub', 'over'];
const PIECES = ['##s', '##es', '##ed', '##d', '##ing', '##er', '##ly', '##ment', '##able', '##tion', '##ation', '##ful', '##less', '##al', '##ise', '##ize', '##word', '##card', '##scribe', '##scription', '##charge', '##load', '##t', '##n', '##y'];
const CHARACTERS = [...'abcdefghijklmnopqrstuvwxyz0123456789', ...".,!?'-#$€@/:()&%+"];

/** In this order, each token once (a single character that is also a word, like `a`, keeps its first place). */
const vocab = [
  ...new Set([
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  ...COMMON,
  ...Object.values(TOPICS).flat(),
  ...PREFIXES,
  ...PIECES,
  ...CHARACTERS,
  ...[...'abcdefghijklmnopqrstuvwxyz0123456789'].map((c) => `##${c}`),
  ]),
];

const topicOf = new Map(Object.entries(TOPICS).flatMap(([topic, words]) => words.map((w) => [w, topic] as const)));
const topicDirection = Object.fromEntries(Object.keys(TOPICS).map((topic) => [topic, gaussian(0.7)]));
const embedding = vocab.map((token) => {
  const topic = topicOf.get(token);
  if (token === '[PAD]') return gaussian(0.9).map(round);
  const base = topic ? topicDirection[topic]! : Array.from({ length: DIM }, () => 0);
  return gaussian(topic ? 0.35 : 0.5).map((x, j) => round(x + base[j]!));
});
const kernel = Array.from({ length: DIM }, (_, i) => Array.from({ length: DIM }, (_, j) => round((i === j ? 0.9 : 0) + normal() * 0.2)));
const bias = gaussian(0.05).map(round);

const queries = [
  'refund not received',
  'Refunded twice?!',
  "Can't log in after password reset",
  'card delivery late',
  'Where is my parcel #A-1042',
  'unsubscribe from newsletters',
  'change phone number',
  'Payment failed but money taken',
  'two-factor code never arrives by SMS',
  'Café receipt: VAT missing',
  'delete my account and data',
  'tracking link expired',
  'overcharged €25 for subscription',
  'reset',
  '',
  'Zahlung für Bestellung',
  'my new card got lost in the post 📦',
  'update billing address',
  'prepaid card reloading',
  'why is my account locked',
  `tracking ${'9'.repeat(60)}${'x'.repeat(50)}`,
  'how do i verify my email',
];

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '..', 'data');
const rows = (matrix: number[][]) => matrix.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
fs.writeFileSync(
  path.join(dataDir, 'encoder.json'),
  `{\n  "dim": ${DIM},\n  "maxCharsPerWord": ${MAX_CHARS_PER_WORD},\n  "vocab": ${JSON.stringify(vocab)},\n  "embedding": [\n${rows(embedding)}\n  ],\n  "dense": {\n    "kernel": [\n${rows(kernel)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n    ],\n    "bias": ${JSON.stringify(bias)}\n  }\n}\n`,
);
fs.writeFileSync(path.join(dataDir, 'queries.json'), `${JSON.stringify({ queries }, null, 2)}\n`);
console.log(`wrote ${vocab.length} tokens x ${DIM} dimensions and ${queries.length} queries to ${path.relative(process.cwd(), dataDir)}`);
