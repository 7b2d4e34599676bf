/**
 * Builds data/applications.csv: 1,500 synthetic loan applications (no real applicant data can be
 * shipped), drawn with mulberry32(2026) from the model written below, the first 1,000 `train` and
 * the last 500 `test`. A missing value is an empty cell. Then trains the prompt's recipe (cpu
 * backend) twice and writes .meta/expected.json: on the raw columns (standardised with training
 * statistics, missing filled with the training mean: the baseline to beat) and on the WOE features
 * fitted on the training rows (the reference), with the reference table and test predictions the
 * tests compare against.
 *
 *   npx tsx exercises/feature-engineering/quantile-bins-and-weight-of-evidence/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { auc } from '../../../../lib/grading/metrics';
import { mulberry32 } from '../../../../lib/seeded-random';
import { encodeRows, fitFeatureBins, type Value } from './solution';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRAIN = 1000;
const TEST = 500;
const COLUMNS = ['income', 'utilisation', 'monthsSinceDelinquency', 'inquiries', 'accountAgeMonths'];
const OPTIONS = { bins: 5, smoothing: 0.5, epochs: 40, learningRate: 0.1 };

/** Small hand-made columns for the prompt's example and the hidden edge cases. */
const PROMPT_VALUES: Value[] = [12, 7, null, 7, 30, 18, 7, 25, null, 40, 18, 7];
const PROMPT_LABELS = [0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1];
const ONE_CLASS_VALUES: Value[] = [3, 1, 4, 1, 5, 9, 2, 6, null, 5];
const NEVER_MISSING_VALUES: Value[] = [0.2, 0.9, 0.4, 0.4, 0.7, 0.1, 0.8, 0.3];
const NEVER_MISSING_LABELS = [0, 1, 0, 0, 1, 0, 1, 0];

const random = mulberry32(2026);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const poisson = (mean: number) => {
  let k = 0;
  for (let p = random(); p > Math.exp(-mean); p *= random()) k += 1;
  return k;
};
const maybe = (share: number, value: () => number): Value => (random() < share ? null : value());

/** One application and its default, from a risk model with a U-shaped utilisation and informative missing values. */
function application(): { row: Value[]; defaulted: 0 | 1 } {
  const income = maybe(0.08, () => Math.round(Math.exp(Math.log(55) + 0.45 * normal())));
  const utilisation = random() < 0.12 ? 0 : Math.round(Math.min(1.5, 1.2 * random() ** 0.8) * 100) / 100;
  const delinquency = maybe(0.6, () => Math.floor(84 * random() ** 1.5));
  const inquiries = Math.min(10, poisson(0.9));
  const accountAge = maybe(0.03, () => Math.floor(240 * random() ** 0.7) + 1);
  const logit =
    -2.3 +
    (income === null ? 0.9 : -0.8 * Math.log(income / 55)) +
    (utilisation === 0 ? 0.9 : 3 * (utilisation - 0.3) ** 2 - 0.2) +
    (delinquency === null ? -0.6 : 1.4 * Math.exp(-delinquency / 18) + 0.3) +
    0.25 * Math.min(inquiries, 6) +
    (accountAge === null ? 0.5 : -0.5 * Math.log(accountAge / 60));
  return { row: [income, utilisation, delinquency, inquiries, accountAge], defaulted: random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0 };
}

/** The prompt's recipe: one sigmoid unit, zero kernel and bias, Adam, binary cross-entropy, full-batch epochs; test scores. */
async function testScores(trainX: number[][], trainY: number[], testX: number[][]): Promise<number[]> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [trainX[0]!.length], activation: 'sigmoid', kernelInitializer: 'zeros', biasInitializer: 'zeros' })] });
  const optimizer = tf.train.adam(OPTIONS.learningRate);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const [x, y, xTest] = [tf.tensor2d(trainX), tf.tensor2d(trainY, [trainY.length, 1]), tf.tensor2d(testX)];
  await model.fit(x, y, { epochs: OPTIONS.epochs, batchSize: trainY.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  const scores = Array.from((model.predict(xTest) as tf.Tensor).dataSync());
  tf.dispose([x, y, xTest]);
  model.dispose();
  optimizer.dispose();
  return scores;
}

/** Raw columns standardised with the training rows' mean and population std; a missing value becomes the mean (0). */
function rawFeatures(train: Value[][], rows: Value[][]): number[][] {
  const stats = COLUMNS.map((_, j) => {
    const seen = train.map((r) => r[j]!).filter((v): v is number => v !== null);
    const mean = seen.reduce((s, v) => s + v, 0) / seen.length;
    return { mean, std: Math.sqrt(seen.reduce((s, v) => s + (v - mean) ** 2, 0) / seen.length) };
  });
  return rows.map((r) => r.map((v, j) => (v === null ? 0 : (v - stats[j]!.mean) / stats[j]!.std)));
}

const round = (v: number) => Number(v.toPrecision(12));
const roundDeep = (value: unknown): unknown => (Array.isArray(value) ? value.map(roundDeep) : typeof value === 'number' ? round(value) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)])) : value);

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const applications = Array.from({ length: TRAIN + TEST }, application);
  const split = applications.map((_, i) => (i < TRAIN ? 'train' : 'test'));
  const csv = [['id', ...COLUMNS, 'defaulted', 'split'].join(','), ...applications.map((a, i) => [`A${String(i + 1).padStart(4, '0')}`, ...a.row.map((v) => (v === null ? '' : String(v))), a.defaulted, split[i]].join(','))];
  fs.writeFileSync(path.join(here, '../data/applications.csv'), `${csv.join('\n')}\n`);

  const train = applications.slice(0, TRAIN);
  const test = applications.slice(TRAIN);
  const trainY = train.map((a) => a.defaulted);
  const testY = test.map((a) => a.defaulted);
  const table = COLUMNS.map((_, j) => fitFeatureBins(train.map((a) => a.row[j]!), trainY, OPTIONS));
  const trainRows = train.map((a) => a.row);
  const testRows = test.map((a) => a.row);
  const referencePredictions = await testScores(encodeRows(table, trainRows), trainY, encodeRows(table, testRows));
  const referenceAuc = auc(testY, referencePredictions);
  const rawAuc = auc(testY, await testScores(rawFeatures(trainRows, trainRows), trainY, rawFeatures(trainRows, testRows)));
  const cases = {
    prompt: { values: PROMPT_VALUES, labels: PROMPT_LABELS, options: { bins: 4, smoothing: 0.5 }, bins: fitFeatureBins(PROMPT_VALUES, PROMPT_LABELS, { bins: 4, smoothing: 0.5 }) },
    oneClass: { values: ONE_CLASS_VALUES, labels: ONE_CLASS_VALUES.map(() => 0), options: { bins: 3, smoothing: 0.25 }, bins: fitFeatureBins(ONE_CLASS_VALUES, ONE_CLASS_VALUES.map(() => 0), { bins: 3, smoothing: 0.25 }) },
    neverMissing: { values: NEVER_MISSING_VALUES, labels: NEVER_MISSING_LABELS, options: { bins: 3, smoothing: 1 }, bins: fitFeatureBins(NEVER_MISSING_VALUES, NEVER_MISSING_LABELS, { bins: 3, smoothing: 1 }) },
  };
  const expected = { options: OPTIONS, cases, table, testFeatures: encodeRows(table, testRows), testDefaulted: testY, rawAuc, referenceAuc, referencePredictions };
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(roundDeep(expected))}\n`);
  console.log({ defaultRate: trainY.reduce((s: number, y) => s + y, 0) / TRAIN, rawAuc, referenceAuc, iv: table.map((f) => f.iv), edges: table.map((f) => f.edges) });
}

void main();
