/**
 * Generates data/minutes.csv: one day of per-minute traffic for the card-fraud model's serving
 * endpoint, as the metrics pipeline exports it (minute of the day, requests, fallbacks: requests
 * the model failed to score in time, answered by the rule-based fallback instead).
 *
 * Generated, seeded with mulberry32: requests per minute are Poisson around a daily curve
 * (about 4 a minute at night, about 300 in the afternoon). Each request falls back with a
 * probability of 1.5%, except during a real incident (14:10-14:35, 11%) and an evening of
 * degraded capacity (19:00-19:45, 5%, right at the alert threshold). The metrics collector
 * restarted at 10:00, so minutes 600-607 have no row.
 * Run: npx tsx exercises/deployment-debugging/stop-the-flapping-alert/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../../lib/seeded-random';

const here = path.dirname(new URL(import.meta.url).pathname);
const target = path.join(here, '..', 'data', 'minutes.csv');
const random = mulberry32(31337);

/** Poisson draw (Knuth for small means, a rounded normal approximation for large ones). */
function poisson(mean: number): number {
  if (mean > 60) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= random();
  } while (p > limit);
  return k - 1;
}

/** Expected requests per minute at minute t of the day. */
function traffic(t: number): number {
  const hour = t / 60;
  if (hour < 6) return 4;
  if (hour < 9) return 4 + ((hour - 6) / 3) * 296;
  if (hour < 18) return 300;
  if (hour < 24) return 300 - ((hour - 18) / 6) * 285;
  return 15;
}

/** Probability that one request falls back at minute t. */
function fallbackRate(t: number): number {
  if (t >= 850 && t < 875) return 0.11; // 14:10-14:35: a feature store timeout (the real incident)
  if (t >= 1140 && t < 1185) return 0.05; // 19:00-19:45: degraded capacity, right at the threshold
  return 0.015;
}

const lines = ['minute,time,requests,fallbacks'];
for (let t = 0; t < 1440; t += 1) {
  const requests = poisson(traffic(t));
  let fallbacks = 0;
  for (let i = 0; i < requests; i += 1) if (random() < fallbackRate(t)) fallbacks += 1;
  if (t >= 600 && t < 608) continue; // the collector restarted: no rows for these minutes
  const time = `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  lines.push([t, time, requests, fallbacks].join(','));
}
fs.writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length - 1} minutes`);
