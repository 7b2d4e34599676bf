/**
 * Builds data/orders.csv: grocery-delivery orders from six cities in 2024, logged the way the
 * order service logs them: an instant in UTC (ISO 8601 with `Z`) and the store's IANA time zone.
 * Generated (no real customer data). Order times follow a daily demand curve in *local* time
 * (a lunch peak around 12:00, a dinner peak around 19:00, almost nothing between 02:00 and 06:00),
 * a little busier at weekends; a few extra orders fall on the days the clocks change in each city.
 *
 * Deterministic (seeded mulberry32 from lib/seeded-random.ts; local times through Intl, so the
 * output depends only on the time-zone rules, which do not change for past dates):
 *   npx tsx exercises/feature-engineering/cyclical-time-features/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../../../lib/seeded-random';

const SEED = 20_240_310;
const ORDERS_PER_CITY = 90;
const CITIES = [
  { city: 'New York', timeZone: 'America/New_York', clockChanges: ['2024-03-10', '2024-11-03'] },
  { city: 'Los Angeles', timeZone: 'America/Los_Angeles', clockChanges: ['2024-03-10', '2024-11-03'] },
  { city: 'London', timeZone: 'Europe/London', clockChanges: ['2024-03-31', '2024-10-27'] },
  { city: 'Sydney', timeZone: 'Australia/Sydney', clockChanges: ['2024-04-07', '2024-10-06'] },
  { city: 'Mumbai', timeZone: 'Asia/Kolkata', clockChanges: [] },
  { city: 'Kathmandu', timeZone: 'Asia/Kathmandu', clockChanges: [] },
];

const random = mulberry32(SEED);
const YEAR_START = Date.UTC(2024, 0, 1);
const YEAR_END = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;

function localHourAndWeekday(instant: number, timeZone: string): { hour: number; weekday: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(new Date(instant));
  return { hour: Number(parts.find((p) => p.type === 'hour')!.value), weekday: parts.find((p) => p.type === 'weekday')!.value };
}

/** Relative demand by local hour: lunch and dinner peaks, quiet nights. */
function demand(hour: number, weekday: string): number {
  const bump = (centre: number, width: number) => Math.exp(-(((hour - centre) / width) ** 2));
  const base = 0.03 + 0.6 * bump(12.5, 1.8) + 1.0 * bump(19, 2.2) + 0.25 * bump(9, 1.5);
  return base * (weekday === 'Sat' || weekday === 'Sun' ? 1.2 : 1);
}

/** A UTC instant in [from, to), accepted with probability proportional to local demand. */
function sampleInstant(from: number, to: number, timeZone: string): number {
  for (;;) {
    const instant = from + Math.floor((random() * (to - from)) / MINUTE) * MINUTE;
    const { hour, weekday } = localHourAndWeekday(instant, timeZone);
    if (random() * 1.25 < demand(hour, weekday)) return instant;
  }
}

const orders: { instant: number; city: string; timeZone: string }[] = [];
for (const { city, timeZone, clockChanges } of CITIES) {
  for (let i = 0; i < ORDERS_PER_CITY; i += 1) orders.push({ instant: sampleInstant(YEAR_START, YEAR_END, timeZone), city, timeZone });
  // Orders in the day around each clock change (the UTC day before and of the change).
  for (const day of clockChanges) {
    const start = Date.parse(`${day}T00:00:00Z`) - 12 * 60 * MINUTE;
    for (let i = 0; i < 3; i += 1) orders.push({ instant: sampleInstant(start, start + 36 * 60 * MINUTE, timeZone), city, timeZone });
  }
}
orders.sort((a, b) => a.instant - b.instant || a.city.localeCompare(b.city, 'en'));

const lines = ['order_id,city,time_zone,placed_at'];
orders.forEach((order, i) => {
  const iso = new Date(order.instant).toISOString().replace('.000Z', 'Z');
  lines.push(`ord-${String(i + 1).padStart(4, '0')},${order.city},${order.timeZone},${iso}`);
});

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'orders.csv');
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${orders.length} orders to ${path.relative(process.cwd(), out)}`);
