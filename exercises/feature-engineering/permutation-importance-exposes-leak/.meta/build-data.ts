/**
 * Builds data/movies.csv from `vega-datasets` (`data/movies.json`: films with their budgets and
 * grosses, as collected for the Vega examples, known data-quality errors kept; package BSD-3-Clause).
 * Keeps the films released 1990-2010 with a production budget, a worldwide gross and a release
 * date, and labels each one a `hit` when its worldwide gross is at least twice its budget. Then a
 * seeded shuffle (mulberry32, seed 5) picks 600 training and 400 held-out films, written in that
 * order with their split. The columns are the raw fields the greenlight table had (budget, release
 * year and month, MPAA rating, major genre, source, and the US gross joined from the finance
 * table, known only after release) and the eight features the grader hands over, standardised
 * with the training films' mean and population standard deviation. Then it trains the reference
 * model with the prompt's recipe (tfjs cpu backend) and writes .meta/expected.json: its artifacts,
 * the importances, leaks and audits of the hand-written cases. Re-running it must not change the files.
 *
 *   npx tsx exercises/feature-engineering/permutation-importance-exposes-leak/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';
import { auditForLeak, permutationImportance, trainHitModel, type AuditOptions, type Table } from './solution';

const SEED = 5;
const TRAIN = 600;
const HELD_OUT = 400;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Movie {
  Title: string | number | null;
  'US Gross': number | null;
  'Worldwide Gross': number | null;
  'Production Budget': number | null;
  'Release Date': string | null;
  'MPAA Rating': string | null;
  'Major Genre': string | null;
  Source: string | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const source = path.join(root, 'node_modules/vega-datasets/data/movies.json');
const target = path.resolve(here, '../data/movies.csv');

const cell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const films = (JSON.parse(fs.readFileSync(source, 'utf8')) as Movie[]).flatMap((m) => {
  const date = /^([A-Z][a-z]{2}) \d{1,2} (\d{4})$/.exec(m['Release Date'] ?? '');
  const budget = m['Production Budget'];
  const gross = m['Worldwide Gross'];
  if (!date || budget === null || budget <= 0 || gross === null || m['US Gross'] === null) return [];
  const year = Number(date[2]);
  if (year < 1990 || year > 2010) return [];
  return [{
    title: String(m.Title ?? ''),
    budget,
    year,
    month: MONTHS.indexOf(date[1]!) + 1,
    mpaa: m['MPAA Rating'] ?? '',
    genre: m['Major Genre'] ?? '',
    source: m.Source ?? '',
    usGross: m['US Gross'],
    hit: gross >= 2 * budget ? 1 : 0,
  }];
});

const random = mulberry32(SEED);
const order = films.map((_, i) => i);
for (let i = order.length - 1; i > 0; i -= 1) {
  const k = Math.floor(random() * (i + 1));
  [order[i], order[k]] = [order[k]!, order[i]!];
}
const picked = order.slice(0, TRAIN + HELD_OUT).map((i, n) => ({ ...films[i]!, split: n < TRAIN ? 'train' : 'held-out' }));

/** The features of a film before standardisation, in the order the grader hands them over. */
const FEATURES: [string, (f: (typeof picked)[number]) => number][] = [
  ['log_budget', (f) => Math.log10(f.budget)],
  ['release_year', (f) => f.year],
  ['summer_release', (f) => (f.month >= 5 && f.month <= 7 ? 1 : 0)],
  ['holiday_release', (f) => (f.month >= 11 ? 1 : 0)],
  ['rated_r', (f) => (f.mpaa === 'R' ? 1 : 0)],
  ['action_adventure', (f) => (f.genre === 'Action' || f.genre === 'Adventure' ? 1 : 0)],
  ['original_screenplay', (f) => (f.source === 'Original Screenplay' ? 1 : 0)],
  ['us_gross', (f) => Math.log10(1 + f.usGross)],
];
const raw = picked.map((f) => FEATURES.map(([, feature]) => feature(f)));
const trainRaw = raw.slice(0, TRAIN);
const mean = FEATURES.map((_, j) => trainRaw.reduce((sum, row) => sum + row[j]!, 0) / TRAIN);
const std = mean.map((m, j) => Math.sqrt(trainRaw.reduce((sum, row) => sum + (row[j]! - m) ** 2, 0) / TRAIN));
const standardised = raw.map((row) => row.map((v, j) => Number(((v - mean[j]!) / std[j]!).toFixed(6))));

const header = ['title', 'split', 'budget', 'year', 'month', 'mpaa', 'genre', 'source', 'us_gross_usd', 'hit', ...FEATURES.map(([name]) => name)].join(',');
const lines = picked.map((f, i) => [f.title, f.split, f.budget, f.year, f.month, f.mpaa, f.genre, f.source, f.usGross, f.hit, ...standardised[i]!].map(cell).join(','));
fs.writeFileSync(target, `${[header, ...lines].join('\n')}\n`);
console.log(`wrote ${path.relative(root, target)}: ${TRAIN} training and ${HELD_OUT} held-out films of ${films.length}`);

// ---- The reference model and the expected values of the hand-written cases ----

const names = FEATURES.map(([name]) => name);
const tableOf = (from: number, to: number): Table => ({ names, x: standardised.slice(from, to), y: picked.slice(from, to).map((f) => f.hit) });
const select = (table: Table, keep: string[], rows = table.x.length): Table => {
  const columns = keep.map((name) => table.names.indexOf(name));
  return { names: keep, x: table.x.slice(0, rows).map((row) => columns.map((c) => row[c]!)), y: table.y.slice(0, rows) };
};
const round = (value: number) => Number(value.toPrecision(12));
const roundDeep = (value: unknown): unknown => (typeof value === 'number' ? round(value) : Array.isArray(value) ? value.map(roundDeep) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)])) : value);

const OPTIONS: AuditOptions = { epochs: 15, learningRate: 0.3, repeats: 3, seed: 11, dominance: 2.5 };
const OTHER_FEATURES = ['log_budget', 'summer_release', 'rated_r', 'us_gross', 'release_year'];
const OTHER: AuditOptions = { epochs: 10, learningRate: 0.4, repeats: 4, seed: 4, dominance: 2 };
const OTHER_ROWS = 150;

async function artifactsOf(model: tf.LayersModel) {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const data = tf.io.CompositeArrayBuffer.join(saved!.weightData!);
  return { modelTopology: saved!.modelTopology, weightSpecs: saved!.weightSpecs, weightData: Array.from(new Float32Array(data)) };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const train = tableOf(0, TRAIN);
  const heldOut = tableOf(TRAIN, TRAIN + HELD_OUT);
  const model = await trainHitModel(train, OPTIONS);
  const otherTrain = select(train, OTHER_FEATURES, OTHER_ROWS);
  const otherHeldOut = select(heldOut, OTHER_FEATURES, OTHER_ROWS);
  const otherModel = await trainHitModel(otherTrain, OTHER);
  const audit = await auditForLeak(train, heldOut, OPTIONS);
  const expected = {
    options: OPTIONS,
    model: await artifactsOf(model),
    importances: permutationImportance(model, heldOut, OPTIONS),
    audit,
    other: {
      features: OTHER_FEATURES,
      rows: OTHER_ROWS,
      options: OTHER,
      model: await artifactsOf(otherModel),
      importances: permutationImportance(otherModel, otherHeldOut, OTHER),
      audit: await auditForLeak(otherTrain, otherHeldOut, OTHER),
    },
  };
  model.dispose();
  otherModel.dispose();
  const expectedPath = path.join(here, 'expected.json');
  fs.writeFileSync(expectedPath, `${JSON.stringify(roundDeep(expected))}\n`);
  const baseRate = train.y.reduce((sum, y) => sum + y, 0) / train.y.length;
  const baseRateLogLoss = -heldOut.y.reduce((sum, y) => sum + (y === 1 ? Math.log(baseRate) : Math.log(1 - baseRate)), 0) / heldOut.y.length;
  console.log(`audit: baseline ${audit.baselineLogLoss.toFixed(4)}, leak ${audit.leak}, honest ${audit.honestLogLoss.toFixed(4)}; the training base rate ${baseRate.toFixed(4)} scores ${baseRateLogLoss.toFixed(4)} held out`);
  console.log(audit.importances.map((i) => `${i.feature} ${i.mean.toFixed(4)} ± ${i.std.toFixed(4)}`).join('\n'));
  console.log(`other: leak ${expected.other.audit.leak}, baseline ${expected.other.audit.baselineLogLoss.toFixed(4)}`);
  console.log(expected.other.audit.importances.map((i) => `${i.feature} ${i.mean.toFixed(4)} ± ${i.std.toFixed(4)}`).join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
