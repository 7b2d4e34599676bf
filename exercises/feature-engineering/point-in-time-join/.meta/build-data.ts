/**
 * Builds data/orders.csv and data/customer_snapshots.csv for an online shop's refund model.
 * Generated (no real customers): 150 customers sign up between June 2023 and June 2024, order at
 * their own rate and ask for refunds at their own propensity (a refund request arrives 1-10 days
 * after the order).
 *
 * The feature job runs weekly: each snapshot describes a customer as of Monday 00:00 UTC (orders
 * and refund requests before that instant) and lands in the feature store some hours later
 * (`available_at`). One run failed (as of 2024-03-25, never published), and a few snapshots were
 * re-published days later with corrected counts (same `as_of`, later `available_at`).
 * `orders.csv` holds the orders placed in the first half of 2024, with the label
 * `refund_requested`.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts):
 *   npx tsx exercises/feature-engineering/point-in-time-join/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 20_240_401;
const CUSTOMERS = 150;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_START = Date.UTC(2023, 9, 1); // orders simulated from here, so early snapshots have history
const WINDOW_START = Date.UTC(2024, 0, 1);
const WINDOW_END = Date.UTC(2024, 6, 1);
const FAILED_RUN = Date.UTC(2024, 2, 25);

const random = mulberry32(SEED);
const between = (a: number, b: number) => a + random() * (b - a);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface SimOrder {
  id: string;
  customer: string;
  placedAt: number;
  amount: number;
  refundAt: number | null;
}

const customers = Array.from({ length: CUSTOMERS }, (_, i) => {
  const risky = random() < 0.15;
  return {
    id: `cus-${String(i + 1).padStart(4, '0')}`,
    signup: Math.floor(between(Date.UTC(2023, 5, 1), Date.UTC(2024, 5, 1)) / HOUR) * HOUR,
    weeklyRate: between(0.15, 1.2),
    refundPropensity: risky ? between(0.25, 0.5) : between(0.01, 0.08),
  };
});

const simulated: SimOrder[] = [];
for (const c of customers) {
  for (let day = Math.max(c.signup, HISTORY_START); day < WINDOW_END; day += DAY) {
    if (random() >= c.weeklyRate / 7) continue;
    const placedAt = Math.floor((day + between(0, DAY)) / 60_000) * 60_000;
    const refunded = random() < c.refundPropensity;
    simulated.push({
      id: '',
      customer: c.id,
      placedAt,
      amount: Math.round(between(8, 180) * 100) / 100,
      refundAt: refunded ? placedAt + Math.floor(between(1, 10) * DAY) : null,
    });
  }
}
simulated.sort((a, b) => a.placedAt - b.placedAt || a.customer.localeCompare(b.customer, 'en'));
simulated.forEach((o, i) => (o.id = `ord-${String(i + 1).padStart(5, '0')}`));

const snapshotLines = ['customer_id,as_of,available_at,orders_90d,refund_rate_90d,account_age_days'];
const ordersByCustomer = new Map<string, SimOrder[]>();
for (const o of simulated) ordersByCustomer.set(o.customer, [...(ordersByCustomer.get(o.customer) ?? []), o]);
for (let asOf = WINDOW_START; asOf < WINDOW_END; asOf += 7 * DAY) {
  const publishedAt = asOf + Math.floor(between(3, 23) * 60) * 60_000; // the run lands 3-23 hours after midnight
  for (const c of customers) {
    if (c.signup >= asOf) continue;
    const recent = (ordersByCustomer.get(c.id) ?? []).filter((o) => o.placedAt < asOf && o.placedAt >= asOf - 90 * DAY);
    const refunds = recent.filter((o) => o.refundAt !== null && o.refundAt < asOf).length;
    const rate = recent.length === 0 ? '' : (refunds / recent.length).toFixed(3);
    const age = Math.floor((asOf - c.signup) / DAY);
    const republish = random() < 0.03;
    if (asOf === FAILED_RUN) continue;
    snapshotLines.push([c.id, iso(asOf), iso(publishedAt), recent.length, rate, age].join(','));
    if (republish) {
      // A correction: late-arriving orders counted, re-published a few days later.
      const corrected = recent.length + 1;
      const correctedRate = (refunds / corrected).toFixed(3);
      snapshotLines.push([c.id, iso(asOf), iso(publishedAt + Math.floor(between(2, 5) * DAY)), corrected, correctedRate, age].join(','));
    }
  }
}

const orderLines = ['order_id,customer_id,placed_at,amount,refund_requested'];
for (const o of simulated) {
  if (o.placedAt < WINDOW_START) continue;
  orderLines.push([o.id, o.customer, iso(o.placedAt), o.amount.toFixed(2), o.refundAt === null ? 0 : 1].join(','));
}

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '..', 'data');
fs.writeFileSync(path.join(dataDir, 'orders.csv'), `${orderLines.join('\n')}\n`);
fs.writeFileSync(path.join(dataDir, 'customer_snapshots.csv'), `${snapshotLines.join('\n')}\n`);
console.log(`wrote ${orderLines.length - 1} orders and ${snapshotLines.length - 1} snapshots to ${path.relative(process.cwd(), dataDir)}`);
