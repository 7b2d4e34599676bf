/**
 * Builds data/cars.csv from the cars data set in vega-datasets (StatLib, 1983 ASA Data Exposition;
 * "distributed in 1982 for educational and scientific purposes"; package BSD-3-Clause).
 * Keeps name, origin, cylinders, horsepower (empty where it was never recorded) and the model
 * year, and adds a time-based `split`: model years up to 1979 are `train`, 1980 onwards `test`
 * (the model is trained on older cars and scores newer ones). No randomness is needed; the
 * script is still deterministic and re-running it must not change the file.
 *
 *   npx tsx exercises/feature-engineering/impute-by-group-from-train/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface RawCar {
  Name: string;
  Cylinders: number;
  Horsepower: number | null;
  Year: string;
  Origin: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const source = path.join(root, 'node_modules/vega-datasets/data/cars.json');
const target = path.resolve(here, '../data/cars.csv');

const LAST_TRAINING_YEAR = 1979;

const cars = JSON.parse(fs.readFileSync(source, 'utf8')) as RawCar[];
const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const lines = ['name,origin,cylinders,horsepower,model_year,split'];
for (const car of cars) {
  const year = Number(car.Year.slice(0, 4));
  const split = year <= LAST_TRAINING_YEAR ? 'train' : 'test';
  lines.push([quote(car.Name), car.Origin, car.Cylinders, car.Horsepower ?? '', year, split].join(','));
}
fs.writeFileSync(target, `${lines.join('\n')}\n`);
const missing = cars.filter((c) => c.Horsepower === null).length;
console.log(`wrote ${path.relative(root, target)}: ${cars.length} cars, ${missing} without horsepower`);
