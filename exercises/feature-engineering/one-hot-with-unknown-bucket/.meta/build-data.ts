/**
 * Builds data/strikes.csv from the FAA wildlife strike records in vega-datasets
 * (`data/birdstrikes.csv`, 10,000 reports 1990-2002; a U.S. Government dataset; package
 * BSD-3-Clause). Keeps the flight date, the operator, the phase of flight, the wildlife size, the
 * time of day and a `damaged` label (1 when the reported damage is anything but "None"), and adds
 * a time-based `split`: strikes before 2000 are `train`, 2000 onwards `serve` (what the model saw
 * in production). No randomness; re-running the script must not change the file.
 *
 *   npx tsx exercises/feature-engineering/one-hot-with-unknown-bucket/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const source = path.join(root, 'node_modules/vega-datasets/data/birdstrikes.csv');
const target = path.resolve(here, '../data/strikes.csv');

const FIRST_SERVING_DATE = '2000-01-01';

const raw = Papa.parse<Record<string, string>>(fs.readFileSync(source, 'utf8'), { header: true, skipEmptyLines: true }).data;
const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const lines = ['flight_date,operator,phase_of_flight,wildlife_size,time_of_day,damaged,split'];
for (const r of raw) {
  const date = r['Flight Date']!;
  lines.push(
    [
      date,
      quote(r['Aircraft Airline Operator']!),
      quote(r['Phase of flight']!),
      quote(r['Wildlife Size']!),
      quote(r['Time of day']!),
      r['Effect Amount of damage'] === 'None' ? 0 : 1,
      date < FIRST_SERVING_DATE ? 'train' : 'serve',
    ].join(','),
  );
}
fs.writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`wrote ${path.relative(root, target)}: ${raw.length} strikes`);
