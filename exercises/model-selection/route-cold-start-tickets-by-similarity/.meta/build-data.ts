/**
 * Builds data/tickets.json: support-ticket embeddings for routing by nearest neighbours.
 * Generated (no real tickets): vectors that behave like a sentence encoder's mean-pooled output.
 * Each queue has a topic direction in 32 dimensions. A ticket is its topic direction plus
 * per-ticket noise, scaled by a length factor: the vectors are not normalised and longer tickets
 * have longer vectors (billing tickets, with their invoice numbers and amounts, are the longest).
 * 'wallet' is the new product: its topic sits close to billing and it has only six labelled
 * examples. Queries are this week's tickets: some from every queue, more for wallet, and a few
 * off-topic ones (press, job applications) that no queue should take.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/model-selection/route-cold-start-tickets-by-similarity/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 7_301;
const DIM = 32;
const NOISE = 0.75;

const random = mulberry32(SEED);
function normal(): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const gaussian = () => Array.from({ length: DIM }, normal);
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const mix = (a: number[], b: number[], wa: number, wb: number) => unit(a.map((x, i) => wa * x + wb * b[i]!));

const billing = unit(gaussian());
const topics: Record<string, number[]> = {
  billing,
  login: unit(gaussian()),
  delivery: unit(gaussian()),
  refunds: mix(billing, gaussian(), 0.45, 0.9),
  wallet: mix(billing, gaussian(), 0.6, 0.8),
};
/** Typical vector length per queue (how long its tickets tend to be). */
const LENGTH: Record<string, number> = { billing: 3.2, login: 1.4, delivery: 1.8, refunds: 2.2, wallet: 1.3 };

function ticket(queue: string | null): number[] {
  const direction = queue === null ? unit(gaussian()) : mix(topics[queue]!, unit(gaussian()), 1, NOISE);
  const length = (queue === null ? 1.6 : LENGTH[queue]!) * Math.exp(0.25 * normal());
  return direction.map((x) => Math.round(x * length * 1e4) / 1e4);
}

const examples: { id: string; queue: string; embedding: number[] }[] = [];
const support: [string, number][] = [
  ['billing', 40],
  ['login', 40],
  ['delivery', 40],
  ['refunds', 40],
  ['wallet', 6],
];
for (const [queue, count] of support) for (let i = 0; i < count; i += 1) examples.push({ id: '', queue, embedding: ticket(queue) });
// Labelled examples arrive in no particular order.
for (let i = examples.length - 1; i > 0; i -= 1) {
  const j = Math.floor(random() * (i + 1));
  [examples[i], examples[j]] = [examples[j]!, examples[i]!];
}
examples.forEach((e, i) => (e.id = `ex-${String(i + 1).padStart(3, '0')}`));

const plan: [string | null, number][] = [
  ['billing', 6],
  ['login', 6],
  ['delivery', 6],
  ['refunds', 6],
  ['wallet', 12],
  [null, 6],
];
const queries: { id: string; queue: string | null; embedding: number[] }[] = [];
for (const [queue, count] of plan) for (let i = 0; i < count; i += 1) queries.push({ id: '', queue, embedding: ticket(queue) });
for (let i = queries.length - 1; i > 0; i -= 1) {
  const j = Math.floor(random() * (i + 1));
  [queries[i], queries[j]] = [queries[j]!, queries[i]!];
}
queries.forEach((q, i) => (q.id = `tkt-${4101 + i}`));

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'tickets.json');
const line = (o: object) => `    ${JSON.stringify(o)}`;
fs.writeFileSync(
  out,
  `{\n  "dim": ${DIM},\n  "examples": [\n${examples.map(line).join(',\n')}\n  ],\n  "queries": [\n${queries.map(line).join(',\n')}\n  ]\n}\n`,
);
console.log(`wrote ${examples.length} examples and ${queries.length} queries to ${path.relative(process.cwd(), out)}`);
