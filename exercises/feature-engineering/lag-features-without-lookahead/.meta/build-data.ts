/**
 * Builds data/weather.csv from the daily weather observations in vega-datasets
 * (`data/weather.csv`: Seattle and New York, 2012-2015, NOAA Climate Data Online via the
 * package's scripts/weather.py; a U.S. Government dataset; package BSD-3-Clause). The rows are
 * copied unchanged (the same columns, the same order: all of Seattle, then all of New York); the
 * script checks there is exactly one row per location and day, so the file stays a faithful copy.
 * No randomness; re-running it must not change the file.
 *
 *   npx tsx exercises/feature-engineering/lag-features-without-lookahead/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const source = path.join(root, 'node_modules/vega-datasets/data/weather.csv');
const target = path.resolve(here, '../data/weather.csv');

const lines = fs.readFileSync(source, 'utf8').trim().split('\n');
if (lines[0] !== 'location,date,precipitation,temp_max,temp_min,wind,weather') throw new Error(`unexpected header: ${lines[0]}`);
const seen = new Set<string>();
for (const line of lines.slice(1)) {
  const [location, date] = line.split(',');
  const key = `${location}|${date}`;
  if (seen.has(key)) throw new Error(`duplicate row ${key}`);
  seen.add(key);
}
fs.writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`wrote ${path.relative(root, target)}: ${lines.length - 1} days`);
