/**
 * The tabular task of the zoo: which of the nine US census divisions a delivery address is in,
 * from its latitude and longitude. Rows are real US postal codes (GeoNames, CC BY 4.0, shipped in
 * the `vega-datasets` npm package); the 48 contiguous states and DC only. Split once, seeded:
 * 6,000 training, 2,000 validation and 2,000 test rows, disjoint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../seeded-random';

/** US Census Bureau divisions, in the models' output order. */
export const DIVISIONS: Record<string, string[]> = {
  'new-england': ['CT', 'ME', 'MA', 'NH', 'RI', 'VT'],
  'mid-atlantic': ['NJ', 'NY', 'PA'],
  'east-north-central': ['IL', 'IN', 'MI', 'OH', 'WI'],
  'west-north-central': ['IA', 'KS', 'MN', 'MO', 'NE', 'ND', 'SD'],
  'south-atlantic': ['DE', 'DC', 'FL', 'GA', 'MD', 'NC', 'SC', 'VA', 'WV'],
  'east-south-central': ['AL', 'KY', 'MS', 'TN'],
  'west-south-central': ['AR', 'LA', 'OK', 'TX'],
  mountain: ['AZ', 'CO', 'ID', 'MT', 'NV', 'NM', 'UT', 'WY'],
  pacific: ['CA', 'OR', 'WA'],
};
export const DIVISION_LABELS = Object.keys(DIVISIONS);
export const ZIP_FEATURES = ['latitude', 'longitude'] as const;

export const ZIP_SPLIT = { seed: 20_261_128, train: 6_000, validation: 2_000, test: 2_000 };

export interface ZipRow {
  zip: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
  /** Index into DIVISION_LABELS. */
  label: number;
}

export interface ZipSplits {
  train: ZipRow[];
  validation: ZipRow[];
  test: ZipRow[];
}

const SOURCE = 'node_modules/vega-datasets/data/zipcodes.csv';

/** Every contiguous-US postal code with coordinates, in file order. */
export function readZipRows(root = process.cwd()): ZipRow[] {
  const divisionOf = new Map<string, number>();
  DIVISION_LABELS.forEach((division, i) => DIVISIONS[division]!.forEach((state) => divisionOf.set(state, i)));
  const lines = fs.readFileSync(path.join(root, SOURCE), 'utf8').trim().split('\n').slice(1);
  const rows: ZipRow[] = [];
  for (const line of lines) {
    const [zip, latitude, longitude, city, state] = line.split(',');
    const label = divisionOf.get(state ?? '');
    if (label === undefined || !latitude || !longitude) continue;
    rows.push({ zip: zip!, city: city!, state: state!, latitude: Number(latitude), longitude: Number(longitude), label });
  }
  return rows;
}

/** The seeded train / validation / test split every zoo model and exercise uses. */
export function loadZipSplits(root = process.cwd()): ZipSplits {
  const rows = readZipRows(root);
  const random = mulberry32(ZIP_SPLIT.seed);
  const order = rows.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const take = (from: number, count: number) => order.slice(from, from + count).map((i) => rows[i]!);
  const { train, validation, test } = ZIP_SPLIT;
  return { train: take(0, train), validation: take(train, validation), test: take(train + validation, test) };
}

export const zipFeatures = (row: ZipRow): number[] => [row.latitude, row.longitude];
