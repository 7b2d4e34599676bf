/**
 * Builds data/transactions.csv: one row per card transaction the fraud model scored last month.
 * Generated (no real card data): 2,000 transactions, about 8% fraud. Scores come from overlapping
 * beta distributions: most legitimate transactions score low, a small minority of unusual but
 * legitimate ones (travel, large one-off purchases) score in the middle, and fraud mostly scores
 * high. Scores are rounded to 3 decimals the way the scoring service logs them, so ties occur.
 * Each row is assigned to the validation or the test split.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/model-selection/threshold-for-precision-target/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 20_240_917;
const ROWS = 2_000;
const FRAUD_RATE = 0.08;
/** Share of legitimate transactions that look unusual (travel, large one-off purchases). */
const UNUSUAL_RATE = 0.04;

const random = mulberry32(SEED);

/** Gamma(k, 1) for a whole-number shape k: a sum of k standard exponentials. */
function gamma(k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i += 1) sum -= Math.log(1 - random());
  return sum;
}

/** Beta(a, b) for whole-number a and b. */
function beta(a: number, b: number): number {
  const x = gamma(a);
  return x / (x + gamma(b));
}

const lines = ['id,score,label,split'];
for (let i = 0; i < ROWS; i += 1) {
  const fraud = random() < FRAUD_RATE;
  const unusual = !fraud && random() < UNUSUAL_RATE;
  const raw = fraud ? beta(7, 2) : unusual ? beta(3, 3) : beta(2, 9);
  const score = Math.round(raw * 1000) / 1000;
  const split = random() < 0.5 ? 'validation' : 'test';
  lines.push(`txn-${String(i + 1).padStart(5, '0')},${score.toFixed(3)},${fraud ? 1 : 0},${split}`);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'transactions.csv');
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${ROWS} rows to ${path.relative(process.cwd(), out)}`);
