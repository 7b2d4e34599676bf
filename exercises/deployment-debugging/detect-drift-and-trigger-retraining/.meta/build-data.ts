/**
 * Generates the feature stream the drift monitor of a card-fraud model reads:
 *   data/reference.csv  2,000 transactions from the model's training window
 *   data/weeks.csv      four production weeks of 500 transactions each (`week` 1-4)
 *   data/outcomes.csv   per week: chargeback labels that arrived and the model's accuracy on them
 *
 * Generated with a seeded mulberry32 (no real card data). Per transaction: `amount` (log-normal,
 * in euros, 2 decimals), `account_age_days` (integer, 3% brand-new accounts at 0), `hour` (integer
 * 0-23, a daily curve). Week 1 is like training. Week 2 brings a sign-up campaign (35% brand-new
 * accounts). Week 3 has the same features as training, but fraudsters changed tactics (accuracy
 * drops). Week 4 adds a new market seven time zones east.
 * Run: npx tsx exercises/deployment-debugging/detect-drift-and-trigger-retraining/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../../lib/seeded-random';

const here = path.dirname(new URL(import.meta.url).pathname);
const dataDir = path.join(here, '..', 'data');
const random = mulberry32(90210);

function normal(): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Hour of day with a daytime peak: a mixture of two normals around 13:00 and 20:00, wrapped. */
function hour(): number {
  const centre = random() < 0.65 ? 13 : 20;
  return (((Math.round(centre + normal() * 3.5) % 24) + 24) % 24);
}

interface Transaction {
  amount: number;
  account_age_days: number;
  hour: number;
}

function transaction(newAccountShare = 0.03, eastShare = 0): Transaction {
  const amount = Math.round(Math.exp(3.2 + 0.9 * normal()) * 100) / 100;
  const account_age_days = random() < newAccountShare ? 0 : Math.min(3650, Math.floor(Math.exp(5 + 1.2 * normal())));
  const h = hour();
  return { amount, account_age_days, hour: random() < eastShare ? (h + 7) % 24 : h };
}

const reference = Array.from({ length: 2000 }, () => transaction());
const weeks = [
  Array.from({ length: 500 }, () => transaction()),
  Array.from({ length: 500 }, () => transaction(0.35)),
  Array.from({ length: 500 }, () => transaction()),
  Array.from({ length: 500 }, () => transaction(0.03, 0.6)),
];

const header = 'amount,account_age_days,hour';
const row = (t: Transaction) => [t.amount.toFixed(2), t.account_age_days, t.hour].join(',');
fs.writeFileSync(path.join(dataDir, 'reference.csv'), `${[header, ...reference.map(row)].join('\n')}\n`);
fs.writeFileSync(path.join(dataDir, 'weeks.csv'), `${['week,' + header, ...weeks.flatMap((w, i) => w.map((t) => `${i + 1},${row(t)}`))].join('\n')}\n`);
// Labels arrive with the chargebacks, weeks later and unevenly; accuracy is measured on them.
const outcomes = [
  { week: 1, newLabels: 1240, accuracy: 0.9056 },
  { week: 2, newLabels: 310, accuracy: 0.8645 },
  { week: 3, newLabels: 1420, accuracy: 0.8317 },
  { week: 4, newLabels: 1105, accuracy: 0.8968 },
];
fs.writeFileSync(path.join(dataDir, 'outcomes.csv'), `${['week,new_labels,accuracy', ...outcomes.map((o) => `${o.week},${o.newLabels},${o.accuracy}`)].join('\n')}\n`);
console.log(`wrote ${reference.length} reference rows and ${weeks.length} weeks`);
