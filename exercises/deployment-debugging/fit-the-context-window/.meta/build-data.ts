/**
 * Builds data/encoder.json and data/request.json for the help-centre assistant's prompt builder.
 *
 * encoder.json: a WordPiece vocabulary and a small token encoder (an embedding table and one
 * dense tanh layer applied to every token, 16 dimensions), the same shape as the search encoder of
 * wordpiece-tokenise-and-mean-pool. Generated, no pretrained weights: the vocabulary holds the
 * special tokens, the whole words of the help articles except a few left out on purpose (they
 * are spelt in pieces, as rare words are), `##` suffixes and single characters; words of one
 * topic get embeddings near that topic's direction, so chunks about the same thing land near each
 * other; [PAD]'s embedding is far from zero, so padding that leaks into a mean shows.
 * request.json: one request as the assistant's server received it: the system prompt, the
 * conversation so far, the user's new message and the ten chunks retrieval returned, written here
 * (no real users); the chunks are put in a seeded random order (mulberry32), as a retrieval index
 * returns them before any re-ranking. And the serving settings: the model's context window, the
 * tokens reserved for the answer, and the smallest truncated chunk worth sending.
 *
 * Deterministic: npx tsx exercises/deployment-debugging/fit-the-context-window/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 4245;
const DIM = 16;
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '..', 'data');

const system =
  'You are the help assistant of a payment app. Answer only from the help articles. ' +
  'If they do not say, say that you do not know. Never ask for a card number, a password or a code.';

const history = [
  { role: 'user', text: 'my card got a charge twice for one order' },
  { role: 'assistant', text: 'Sorry! What was the amount, and on what day was the charge?' },
  { role: 'user', text: '25 euro on Monday, order A-1042' },
  { role: 'assistant', text: 'Thank you. A charge taken twice is often a pending payment that the bank drops.' },
];

const query = 'it is still on my bank account after a week, when do i get my money back?';

const chunks = [
  'Refund for a charge taken twice: the refund is paid to the card that got the charge, and the money is in your bank account 5 to 10 working days after.',
  'Pending payment: the bank holds the amount for up to 7 days, then the money is back on your account. Still there after a week? Send us the order number.',
  'Card delivery: a new card arrives by post in 5 days. If the delivery is late, check the address in your profile.',
  'Password reset: the reset link is in the email we send. The link expired? Ask for a new link.',
  'Delete your account: we close the account and delete your data after 30 days. A pending refund is still paid.',
  'Cancel a subscription: no new payment is taken after you cancel. No refund for the current month.',
  'Bank processing: some banks take longer to show a refund on the account. After 10 working days, ask your bank for the refund reference.',
  'VAT receipts: every invoice shows the VAT. Get a receipt from the order page in the app.',
  'Refund of a charge taken twice (2024 update): the money is back in your bank account in 5 to 10 working days.',
  'Two factor codes: the verification code comes by SMS. The code does not arrive? Check the phone number in your profile.',
];

const random = mulberry32(SEED);
function normal(): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const gaussian = (scale: number) => Array.from({ length: DIM }, () => normal() * scale);
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Words of a topic: their embeddings lie near the topic's direction. */
const TOPICS: Record<string, string[]> = {
  money: ['refund', 'money', 'bank', 'charge', 'paid', 'back', 'payment', 'amount', 'pending', 'holds', 'banks', 'taken', 'twice', 'processing'],
  time: ['week', 'days', 'day', 'working', 'after', 'still', 'when', 'longer', 'then', 'up'],
  documents: ['vat', 'invoice', 'receipts', 'receipt', 'page', 'shows'],
  delivery: ['delivery', 'post', 'arrives', 'late', 'address', 'new'],
  login: ['password', 'reset', 'link', 'email', 'code', 'codes', 'sms', 'phone', 'expired', 'factor', 'two', 'comes', 'arrive'],
  account: ['delete', 'close', 'data', 'profile', 'cancel', 'subscription', 'month', 'current'],
};
/** Left out of the vocabulary: spelt in pieces, as a tokenizer spells rare words. */
const RARE = new Set(['monday', 'euro', 'assistant', 'articles', 'verification', 'reference', 'sorry', '2024', '1042', '25']);
const SUFFIXES = ['##s', '##es', '##ed', '##ing', '##er', '##ly', '##tion'];
const CHARACTERS = [...'abcdefghijklmnopqrstuvwxyz0123456789', ...".,!?'-:()"];

const texts = [system, ...history.map((turn) => turn.text), query, ...chunks];
const words = [...new Set(texts.flatMap((text) => text.toLowerCase().match(/[a-z0-9]+/g) ?? []))].filter((word) => !RARE.has(word) && !/^[0-9]+$/.test(word)).sort();
const vocab = [...new Set(['[PAD]', '[UNK]', '[CLS]', '[SEP]', ...Object.values(TOPICS).flat(), ...words, ...SUFFIXES, ...CHARACTERS, ...[...'abcdefghijklmnopqrstuvwxyz0123456789'].map((c) => `##${c}`)])];

const topicOf = new Map(Object.entries(TOPICS).flatMap(([topic, list]) => list.map((w) => [w, topic] as const)));
const topicDirection = Object.fromEntries(Object.keys(TOPICS).map((topic) => [topic, gaussian(0.8)]));
const embedding = vocab.map((token) => {
  if (token === '[PAD]') return gaussian(0.9).map(round);
  const topic = topicOf.get(token);
  const base = topic ? topicDirection[topic]! : new Array<number>(DIM).fill(0);
  return gaussian(topic ? 0.3 : 0.25).map((x, j) => round(x + base[j]!));
});
const kernel = Array.from({ length: DIM }, (_, i) => Array.from({ length: DIM }, (_, j) => round((i === j ? 0.9 : 0) + normal() * 0.2)));
const bias = gaussian(0.05).map(round);
const rows = (matrix: number[][]) => matrix.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
fs.writeFileSync(
  path.join(dataDir, 'encoder.json'),
  `{\n  "dim": ${DIM},\n  "maxCharsPerWord": 100,\n  "vocab": ${JSON.stringify(vocab)},\n  "embedding": [\n${rows(embedding)}\n  ],\n  "dense": {\n    "kernel": [\n${rows(kernel)}\n    ],\n    "bias": ${JSON.stringify(bias)}\n  }\n}\n`,
);

const order = chunks.map((_, i) => i);
for (let i = order.length - 1; i > 0; i -= 1) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j]!, order[i]!];
}

const request = {
  settings: { contextWindow: 256, answerReserve: 48, minChunkTokens: 8 },
  system,
  history,
  query,
  chunks: order.map((i) => chunks[i]!),
};
fs.writeFileSync(path.join(dataDir, 'request.json'), `${JSON.stringify(request, null, 2)}\n`);
console.log(`wrote a ${vocab.length}-token encoder and a request with ${history.length} turns and ${chunks.length} chunks to ${path.relative(process.cwd(), dataDir)}`);
