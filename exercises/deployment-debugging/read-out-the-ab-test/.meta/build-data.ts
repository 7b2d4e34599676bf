/**
 * Generates the daily counts of four A/B tests an e-commerce ML team ran, and their plans:
 *   data/experiments.csv  one row per experiment and day: visitors and conversions of each arm
 *   data/plans.json       each experiment's pre-registered plan
 *
 * Generated with mulberry32 (no real customer data). Every visitor is assigned to the treatment
 * with the planned probability (except in one-click-checkout, where a bot filter silently drops
 * 6% of the treatment's visitors) and converts with its arm's true rate:
 *   ranking-v2          4.00% vs 4.10% (a real but tiny effect, far below the planned 0.5 pp)
 *   one-click-checkout  4.00% vs 4.60%, with the sample ratio mismatch
 *   price-anchoring     4.00% vs 3.40% (the treatment hurts)
 *   new-onboarding      planned 80/20, 10.0% vs 10.4%
 * ranking-v2 uses the first seed from 1 up for which the day-3 totals are "significant"
 * (p < 0.05, treatment ahead) and the day-14 totals are not: the dashboard a PM saw.
 * Run: npx tsx exercises/deployment-debugging/read-out-the-ab-test/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../../lib/seeded-random';

const here = path.dirname(new URL(import.meta.url).pathname);
const dataDir = path.join(here, '..', 'data');

interface Day {
  day: number;
  control: { visitors: number; conversions: number };
  treatment: { visitors: number; conversions: number };
}

function simulate(seed: number, days: number, visitorsPerDay: number, treatmentShare: number, rates: [number, number], treatmentLoss = 0): Day[] {
  const random = mulberry32(seed);
  return Array.from({ length: days }, (_, d) => {
    const day: Day = { day: d + 1, control: { visitors: 0, conversions: 0 }, treatment: { visitors: 0, conversions: 0 } };
    const traffic = Math.round(visitorsPerDay * (0.85 + 0.3 * random()));
    for (let v = 0; v < traffic; v += 1) {
      const treated = random() < treatmentShare;
      if (treated && random() < treatmentLoss) continue; // filtered out before it was logged
      const arm = treated ? day.treatment : day.control;
      arm.visitors += 1;
      if (random() < rates[treated ? 1 : 0]) arm.conversions += 1;
    }
    return day;
  });
}

/** Pooled two-proportion z-test on cumulative totals up to `upTo` days (same formula as the exercise). */
function pValue(days: Day[], upTo: number): { lift: number; p: number } {
  const c = { visitors: 0, conversions: 0 };
  const t = { visitors: 0, conversions: 0 };
  for (const d of days.slice(0, upTo)) {
    c.visitors += d.control.visitors;
    c.conversions += d.control.conversions;
    t.visitors += d.treatment.visitors;
    t.conversions += d.treatment.conversions;
  }
  const lift = t.conversions / t.visitors - c.conversions / c.visitors;
  const pooled = (c.conversions + t.conversions) / (c.visitors + t.visitors);
  const z = lift / Math.sqrt(pooled * (1 - pooled) * (1 / c.visitors + 1 / t.visitors));
  // erfc-based two-sided p-value (Abramowitz-Stegun 7.1.26, good to ~1e-7).
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const erfc = k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429)))) * Math.exp(-x * x);
  return { lift, p: erfc };
}

let seed = 1;
while (true) {
  const days = simulate(seed, 14, 3800, 0.5, [0.04, 0.041]);
  const early = pValue(days, 3);
  if (early.p < 0.05 && early.lift > 0 && pValue(days, 14).p >= 0.05) break;
  seed += 1;
}

const experiments: Record<string, Day[]> = {
  'ranking-v2': simulate(seed, 14, 3800, 0.5, [0.04, 0.041]),
  'one-click-checkout': simulate(4242, 14, 3800, 0.5, [0.04, 0.046], 0.06),
  'price-anchoring': simulate(777, 14, 3800, 0.5, [0.04, 0.034]),
  'new-onboarding': simulate(2026, 14, 3000, 0.2, [0.1, 0.104]),
};
const plan = (treatmentShare: number, baselineRate = 0.04, minDetectableLift = 0.005) => ({ baselineRate, minDetectableLift, alpha: 0.05, power: 0.8, treatmentShare });
const plans = {
  'ranking-v2': plan(0.5),
  'one-click-checkout': plan(0.5),
  'price-anchoring': plan(0.5),
  'new-onboarding': plan(0.2, 0.1, 0.02),
};

const lines = ['experiment,day,control_visitors,control_conversions,treatment_visitors,treatment_conversions'];
for (const [name, days] of Object.entries(experiments)) {
  for (const d of days) lines.push([name, d.day, d.control.visitors, d.control.conversions, d.treatment.visitors, d.treatment.conversions].join(','));
}
fs.writeFileSync(path.join(dataDir, 'experiments.csv'), `${lines.join('\n')}\n`);
fs.writeFileSync(path.join(dataDir, 'plans.json'), `${JSON.stringify(plans, null, 2)}\n`);
for (const [name, days] of Object.entries(experiments)) {
  console.log(name, [3, 7, 14].map((n) => `day ${n}: lift ${pValue(days, n).lift.toFixed(5)} p ${pValue(days, n).p.toFixed(4)}`).join(' | '));
}
console.log(`ranking-v2 seed ${seed}`);

// The peeking problem in numbers: 2,000 A/A tests (no real difference) of 14 days, 1,900
// visitors per arm per day at 4%, daily conversions drawn from the normal approximation.
const aa = mulberry32(1);
const gauss = () => Math.sqrt(-2 * Math.log(Math.max(aa(), 1e-12))) * Math.cos(2 * Math.PI * aa());
let anyLook = 0;
let atTheEnd = 0;
for (let test = 0; test < 2000; test += 1) {
  const days: Day[] = Array.from({ length: 14 }, (_, d) => {
    const arm = () => ({ visitors: 1900, conversions: Math.round(1900 * 0.04 + Math.sqrt(1900 * 0.04 * 0.96) * gauss()) });
    return { day: d + 1, control: arm(), treatment: arm() };
  });
  const looks = days.map((_, d) => pValue(days, d + 1).p);
  if (looks.some((p) => p < 0.05)) anyLook += 1;
  if (looks[13]! < 0.05) atTheEnd += 1;
}
console.log(`A/A tests: ${((anyLook / 20) | 0)}% reach p < 0.05 at some daily look, ${((atTheEnd / 20) | 0)}% at the planned end`);
