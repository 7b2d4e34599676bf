/**
 * Builds data/encoder.json, data/pairs.json and data/requests.json for the semantic-cache exercise.
 *
 * encoder.json: a word vocabulary, which words are entities (order numbers, currencies, cities),
 * and a small query encoder: one dense tanh layer over a bag-of-words count vector (16 dimensions).
 * Generated, not pretrained: words of one intent sit near that intent's direction, related intents
 * share words, and entities get small vectors, as in real sentence encoders that barely tell
 * "order 1042" from "order 2210".
 * pairs.json: labelled query pairs (does the cached answer of one answer the other?), split into
 * validation and test pairs. requests.json: a replay of requests in arrival order with the answer
 * the model gave each. Queries are written from templates here; no real users.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/deployment-debugging/semantic-cache-threshold/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 17_401;
const DIM = 16;
const random = mulberry32(SEED);
function normal(): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const gaussian = (scale: number) => Array.from({ length: DIM }, () => normal() * scale);
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;

/** Each intent: its paraphrase templates ({e} is an entity of its kind) and the entity kind. */
const INTENTS: Record<string, { templates: string[]; entity?: string; family: string }> = {
  refundStatus: { family: 'refund', entity: 'order', templates: ['where is my refund for {e}', 'refund status {e}', 'has the refund for {e} been sent', 'when do i get my refund for {e}'] },
  refundPolicy: { family: 'refund', templates: ['how long do refunds take', 'what is the refund policy', 'can i get a refund'] },
  resetPassword: { family: 'password', templates: ['reset my password', 'i forgot my password', 'how do i reset the password'] },
  changePassword: { family: 'password', templates: ['change my password', 'how do i change the password', 'update my password'] },
  exchangeFee: { family: 'fees', entity: 'currency', templates: ['fee for paying in {e}', 'exchange rate for {e}', 'what does paying in {e} cost'] },
  cardDelivery: { family: 'card', entity: 'city', templates: ['card delivery time to {e}', 'when will my card arrive in {e}', 'how long does a card take to {e}'] },
  closeAccount: { family: 'account', templates: ['close my account', 'how do i delete my account', 'delete the account'] },
};
const ENTITIES: Record<string, string[]> = {
  order: ['#1042', '#2210', '#3377', '#4518'],
  currency: ['usd', 'gbp', 'jpy'],
  city: ['london', 'paris', 'berlin'],
};

const words = new Set<string>();
for (const intent of Object.values(INTENTS)) for (const t of intent.templates) for (const w of t.split(' ')) if (w !== '{e}') words.add(w);
const entityWords = Object.values(ENTITIES).flat();
const vocab = [...words, ...entityWords];
const entityIds = entityWords.map((w) => vocab.indexOf(w));

const familyDirection = new Map([...new Set(Object.values(INTENTS).map((i) => i.family))].map((f) => [f, gaussian(0.8)]));
const intentDirection = new Map(Object.keys(INTENTS).map((k) => [k, gaussian(0.35)]));
const FUNCTION_WORDS = new Set(['my', 'i', 'do', 'is', 'the', 'for', 'in', 'to', 'a', 'how', 'what', 'when', 'can', 'get', 'has', 'been', 'will', 'does']);
const kernel = vocab.map((w) => {
  if (entityWords.includes(w) || FUNCTION_WORDS.has(w)) return gaussian(0.05).map(round);
  const owners = Object.entries(INTENTS).filter(([, i]) => i.templates.some((t) => t.split(' ').includes(w)));
  const v = gaussian(0.15);
  for (const [name, i] of owners) {
    const f = familyDirection.get(i.family)!;
    const d = intentDirection.get(name)!;
    v.forEach((_, j) => (v[j]! += (f[j]! + d[j]!) / owners.length));
  }
  return v.map(round);
});
const bias = gaussian(0.05).map(round);

const ids = (text: string) => text.split(' ').map((w) => vocab.indexOf(w));
function query(intent: string, entity?: string): { text: string; intent: string; entity: string | null } {
  const spec = INTENTS[intent]!;
  const e = spec.entity ? (entity ?? pick(ENTITIES[spec.entity]!)) : null;
  return { text: pick(spec.templates).replace('{e}', e ?? ''), intent, entity: e };
}
const intents = Object.keys(INTENTS);
/** A labelled pair: paraphrase (same answer), same intent other entity, related intent, or unrelated. */
function pair() {
  const r = random();
  const intent = pick(intents);
  const a = query(intent);
  let b;
  if (r < 0.4) b = query(intent, a.entity ?? undefined);
  else if (r < 0.6 && a.entity) b = query(intent, pick(ENTITIES[INTENTS[intent]!.entity!]!.filter((e) => e !== a.entity)));
  else if (r < 0.85) b = query(pick(intents.filter((i) => i !== intent && INTENTS[i]!.family === INTENTS[intent]!.family)) ?? pick(intents));
  else b = query(pick(intents.filter((i) => i !== intent)));
  return { left: ids(a.text), right: ids(b.text), sameAnswer: a.intent === b.intent && a.entity === b.entity, text: [a.text, b.text] };
}
const pairs = Array.from({ length: 120 }, pair);
const validation = pairs.slice(0, 60);
const test = pairs.slice(60);

const requests = Array.from({ length: 40 }, () => {
  const q = query(pick(intents));
  return { tokens: ids(q.text), answer: `${q.intent}${q.entity ? `:${q.entity}` : ''}`, text: q.text };
});

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '..', 'data');
const lines = (list: unknown[]) => list.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
fs.writeFileSync(
  path.join(dataDir, 'encoder.json'),
  `{\n  "dim": ${DIM},\n  "vocab": ${JSON.stringify(vocab)},\n  "entityIds": ${JSON.stringify(entityIds)},\n  "dense": {\n    "kernel": [\n${lines(kernel)}\n    ],\n    "bias": ${JSON.stringify(bias)}\n  }\n}\n`,
);
fs.writeFileSync(path.join(dataDir, 'pairs.json'), `{\n  "validation": [\n${lines(validation)}\n  ],\n  "test": [\n${lines(test)}\n  ]\n}\n`);
fs.writeFileSync(path.join(dataDir, 'requests.json'), `{\n  "requests": [\n${lines(requests)}\n  ]\n}\n`);
console.log(`wrote ${vocab.length} words x ${DIM} dimensions, ${validation.length} + ${test.length} pairs and ${requests.length} requests to ${path.relative(process.cwd(), dataDir)}`);
