/**
 * Builds data/churn-scores.csv: last quarter's customers with the churn model's score and whether
 * they churned. Generated (no real customer data), the way an oversampled model miscalibrates:
 * each customer has a true churn probability from a logistic model (about 14% churn); labels
 * are drawn from it. The model was trained on a 50/50 resample of churners and stayers, so its
 * score is the true log-odds plus noise, stretched by 1.15 and shifted up by 2.0. It ranks
 * customers well and overstates every probability. The scoring service logs scores rounded to
 * 3 decimals, and leaves the score empty when a feature was missing (about 0.5% of customers).
 * Each customer is assigned to the validation or the test split.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/model-selection/check-calibration-and-platt-scale/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 42;
const CUSTOMERS = 4_000;
const MISSING_RATE = 0.005;

const random = mulberry32(SEED);
/** Standard normal (Box-Muller). */
function normal(): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

const lines = ['customer_id,score,churned,split'];
for (let i = 0; i < CUSTOMERS; i += 1) {
  const trueLogOdds = -2.4 + 1.3 * normal();
  const churned = random() < sigmoid(trueLogOdds) ? 1 : 0;
  const score = Math.round(sigmoid(1.15 * (trueLogOdds + 0.35 * normal()) + 2.0) * 1000) / 1000;
  const split = random() < 0.5 ? 'validation' : 'test';
  const missing = random() < MISSING_RATE;
  lines.push(`cus-${String(i + 1).padStart(5, '0')},${missing ? '' : score.toFixed(3)},${churned},${split}`);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'churn-scores.csv');
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${CUSTOMERS} rows to ${path.relative(process.cwd(), out)}`);
