/**
 * Builds data/transactions.csv: card payments at an online marketplace, with a `chargeback` label.
 * Generated (no real card data). 1,200 cards make 1-12 payments each at 250 merchants (a few big
 * merchants, a long tail of small ones). About 3% of the cards are stolen: they make 3-10 payments,
 * mostly at one small merchant (half of them at one of a handful of known "card-testing" merchants,
 * the other half at some small shop of their own), and most of those payments end in a chargeback.
 * Legitimate payments end in a chargeback rarely ("friendly fraud"). About 1% of payments carry no
 * merchant id (in-app top-ups). Cards are split 75/25 into `train` and `test`: a card's payments are
 * all in the same split.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/feature-engineering/grouped-target-encoding/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 20_240_515;
const CARDS = 1200;
const MERCHANTS = 250;
const TESTING_MERCHANTS = [37, 88, 141, 173, 202, 233]; // small merchants fraudsters use to test cards

const random = mulberry32(SEED);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;

// Zipf-like popularity: merchant r (1-based) has weight 1 / r^1.1.
const weights = Array.from({ length: MERCHANTS }, (_, r) => 1 / (r + 1) ** 1.1);
const total = weights.reduce((a, b) => a + b, 0);
function popularMerchant(): number {
  let u = random() * total;
  for (let r = 0; r < MERCHANTS; r += 1) {
    u -= weights[r]!;
    if (u <= 0) return r + 1;
  }
  return MERCHANTS;
}
const merchantId = (r: number) => `m-${String(r).padStart(4, '0')}`;

const lines = ['txn_id,card_id,merchant_id,amount,chargeback,split'];
let txn = 0;
for (let c = 1; c <= CARDS; c += 1) {
  const card = `card-${String(c).padStart(4, '0')}`;
  const stolen = random() < 0.03;
  const split = random() < 0.75 ? 'train' : 'test';
  const payments = stolen ? 3 + Math.floor(random() * 8) : 1 + Math.min(11, Math.floor(-Math.log(1 - random()) * 3.5));
  // Half the stolen cards go to the known card-testing merchants; the others to some small shop of their own.
  const favourite = stolen ? (random() < 0.5 ? pick(TESTING_MERCHANTS) : 120 + Math.floor(random() * 130)) : popularMerchant();
  for (let p = 0; p < payments; p += 1) {
    txn += 1;
    const merchant = stolen ? (random() < 0.8 ? favourite : pick(TESTING_MERCHANTS)) : random() < 0.35 ? favourite : popularMerchant();
    const noMerchant = !stolen && random() < 0.01;
    const chargeback = stolen ? random() < 0.8 : random() < 0.006;
    const amount = stolen ? 1 + random() * 30 : 5 + -Math.log(1 - random()) * 40;
    lines.push([`txn-${String(txn).padStart(5, '0')}`, card, noMerchant ? '' : merchantId(merchant), amount.toFixed(2), chargeback ? 1 : 0, split].join(','));
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'transactions.csv');
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${txn} payments to ${path.relative(process.cwd(), out)}`);
