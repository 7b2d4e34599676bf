/**
 * Builds data/seattle-weather.csv from the daily Seattle observations in vega-datasets
 * (`data/seattle-weather.csv`, 2012-2015, NOAA Climate Data Online via the package's scripts; a
 * U.S. Government dataset; package BSD-3-Clause). Each day keeps its observed columns and gains
 * the label the forecasting team predicts: `wet_next_3` is 1 when the precipitation of the next
 * three days totals at least 5 mm. The label of a day reads the three days after it, so the last
 * three days (whose label would read past the end of the record) are left out. The script checks
 * that the days are consecutive calendar days. Then it scores the hand-written cases' folds with
 * the reference solution (tfjs cpu backend) and writes .meta/expected.json: each case's options,
 * folds or rows, recipe and reference scores. No randomness; re-running it must not change the files.
 *
 *   npx tsx exercises/feature-engineering/purged-walk-forward-validation/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { scoreFold, validateWalkForward, walkForwardFolds, type Days, type Fold, type FoldOptions, type Recipe } from './solution';

const HORIZON = 3;
const WET_MM = 5;
const DAY_MS = 86_400_000;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const source = path.join(root, 'node_modules/vega-datasets/data/seattle-weather.csv');
const target = path.resolve(here, '../data/seattle-weather.csv');

const lines = fs.readFileSync(source, 'utf8').trim().split('\n');
if (lines[0] !== 'date,precipitation,temp_max,temp_min,wind,weather') throw new Error(`unexpected header: ${lines[0]}`);
const days = lines.slice(1).map((line) => {
  const [date, precipitation, tempMax, tempMin, wind] = line.split(',');
  return { date: date!, precipitation: precipitation!, tempMax: tempMax!, tempMin: tempMin!, wind: wind! };
});
days.forEach((day, i) => {
  if (i > 0 && Date.parse(`${day.date}T00:00:00Z`) - Date.parse(`${days[i - 1]!.date}T00:00:00Z`) !== DAY_MS) throw new Error(`${day.date} does not follow ${days[i - 1]!.date}`);
});

const out = ['date,precipitation,temp_max,temp_min,wind,wet_next_3'];
for (let i = 0; i + HORIZON < days.length; i += 1) {
  const ahead = days.slice(i + 1, i + 1 + HORIZON).reduce((sum, day) => sum + Number(day.precipitation), 0);
  const day = days[i]!;
  out.push(`${day.date},${day.precipitation},${day.tempMax},${day.tempMin},${day.wind},${ahead >= WET_MM - 1e-9 ? 1 : 0}`);
}
fs.writeFileSync(target, `${out.join('\n')}\n`);
console.log(`wrote ${path.relative(root, target)}: ${out.length - 1} days`);

// ---- The reference scores of the hand-written cases ----

const rows = out.slice(1).map((line) => line.split(',').map(Number));
const all: Days = { features: rows.map((r) => [r[1]!, r[2]!, r[3]!, r[4]!]), labels: rows.map((r) => r[5]!) };
const firstDays = (count: number): Days => ({ features: all.features.slice(0, count), labels: all.labels.slice(0, count) });
const round = (value: number) => Number(value.toPrecision(12));

const GRADER_OPTIONS: FoldOptions = { horizon: 3, firstTest: 730, testSize: 182, gap: 1, window: null };
const GRADER_RECIPE: Recipe = { epochs: 20, learningRate: 0.2 };
const ROLLING_DAYS = 700;
const ROLLING_OPTIONS: FoldOptions = { horizon: 5, firstTest: 300, testSize: 100, gap: 3, window: 200 };
const ROLLING_RECIPE: Recipe = { epochs: 8, learningRate: 0.3 };

/** A fold whose training rows are the first 60 dry days (precipitation has standard deviation 0) and whose test rows are summer days. */
const dryTrain = all.features.flatMap((row, i) => (row[0] === 0 ? [i] : [])).slice(0, 60);
const dryFold: Fold = { train: dryTrain, test: Array.from({ length: 60 }, (_, i) => 180 + i) };
/** Winter training days scored on summer days: a scaler fitted on any test row moves every score. */
const winterFold: Fold = { train: Array.from({ length: 90 }, (_, i) => i), test: Array.from({ length: 62 }, (_, i) => 181 + i) };
const SMALL_RECIPE: Recipe = { epochs: 10, learningRate: 0.25 };

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const grader = await validateWalkForward(all, GRADER_OPTIONS, GRADER_RECIPE);
  const firstFold = walkForwardFolds(all.labels.length, GRADER_OPTIONS)[0]!;
  const rolling = await validateWalkForward(firstDays(ROLLING_DAYS), ROLLING_OPTIONS, ROLLING_RECIPE);
  const expected = {
    grader: { options: GRADER_OPTIONS, recipe: GRADER_RECIPE, folds: grader.folds.map((f) => ({ ...f, logLoss: round(f.logLoss) })), meanLogLoss: round(grader.meanLogLoss!) },
    firstFold: { logLoss: round(await scoreFold(all, firstFold, GRADER_RECIPE)) },
    rolling: { days: ROLLING_DAYS, options: ROLLING_OPTIONS, recipe: ROLLING_RECIPE, folds: rolling.folds.map((f) => ({ ...f, logLoss: round(f.logLoss) })), meanLogLoss: round(rolling.meanLogLoss!) },
    dry: { fold: dryFold, recipe: SMALL_RECIPE, logLoss: round(await scoreFold(all, dryFold, SMALL_RECIPE)) },
    winter: { fold: winterFold, recipe: SMALL_RECIPE, logLoss: round(await scoreFold(all, winterFold, SMALL_RECIPE)) },
  };
  const expectedPath = path.join(here, 'expected.json');
  fs.writeFileSync(expectedPath, `${JSON.stringify(expected)}\n`);
  console.log(`wrote ${path.relative(root, expectedPath)}: mean log-loss ${expected.grader.meanLogLoss}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
