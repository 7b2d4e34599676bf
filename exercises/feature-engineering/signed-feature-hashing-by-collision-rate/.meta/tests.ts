import fc from 'fast-check';
import { auc, defineTests, generatedCases, parseCsv, testCase, type Checker, type HarnessHelpers, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import transactionsCsv from '../data/transactions.csv';
import expected from './expected.json';

interface HashedToken {
  index: number;
  sign: 1 | -1;
}
interface Transactions {
  rows: string[][];
  fraud: (0 | 1 | null)[];
  split: ('train' | 'test')[];
}
interface TrainingOptions {
  targetRate: number;
  maxBits: number;
  seed: number;
  epochs: number;
  learningRate: number;
}
interface User {
  murmurhash3_32(key: string, seed: number): number;
  hashToken(token: string, size: number, seed: number): HashedToken;
  collisionRate(vocabulary: string[], size: number, seed: number): number;
  chooseHashSize(vocabulary: string[], targetRate: number, maxBits: number, seed: number): number;
  hashRows(rows: string[][], size: number, seed: number): tfjs.Tensor2D;
  trainFraudModel(data: Transactions, options: TrainingOptions): Promise<{ size: number; model: tfjs.LayersModel }>;
}

// ---- Data ----

const records = parseCsv(transactionsCsv);
const allRows = records.map((r) => String(r.tokens).split(' '));
const split = records.map((r) => (r.split === 'train' ? 'train' : 'test') as 'train' | 'test');
const testRows = allRows.filter((_, i) => split[i] === 'test');
/** Test outcomes are held back: the submission sees null, the checks score against the real ones. */
const transactions: Transactions = { rows: allRows, fraud: records.map((r, i) => (split[i] === 'train' ? (Number(r.fraud) as 0 | 1) : null)), split };
/** Next month's test traffic: every test transaction also carries a device token never seen in training (for the leak test). */
const shiftedTransactions: Transactions = { ...transactions, rows: allRows.map((row, i) => (split[i] === 'test' ? [...row, `device=d${String(i).padStart(5, '0')}`] : row)) };
const options = expected.options as TrainingOptions;
const { cases } = expected;

const AUC_TOLERANCE = 0.01;
const MIN_GAIN = 0.05;
const PREDICTION_TOLERANCE = 1e-3;

// ---- Drivers (run in the sandbox; self-contained) ----

const bucketsRun = (user: User, input: { tokens: string[]; sizes: number[]; seed: number }) => input.sizes.map((size) => input.tokens.map((t) => user.hashToken(t, size, input.seed)));
const rateRun = (user: User, input: { vocabulary: string[]; sizes: number[]; seed: number }) => input.sizes.map((size) => user.collisionRate(input.vocabulary, size, input.seed));
const sizeRun = (user: User, input: { vocabulary: string[]; targetRate: number; maxBits: number; seed: number }) => user.chooseHashSize(input.vocabulary, input.targetRate, input.maxBits, input.seed);
const rowsRun = (user: User, input: { rows: string[][]; size: number; seed: number }) => user.hashRows(input.rows, input.size, input.seed);

/** Lets the submission size and train, then scores its model on the test rows hashed by its own hashRows, with the harness's copy of the model. */
const trainRun = async (user: User, input: { transactions: Transactions; testRows: string[][]; options: TrainingOptions }, h: HarnessHelpers) => {
  const report = await user.trainFraudModel(input.transactions, input.options);
  const model = await h.model(report.model);
  const inputWidth = model.inputs[0]!.shape[1];
  const summary = { size: report.size, inputWidth, parameters: h.modelSize(model).parameters };
  // A model trained on another width than the size it reports cannot score the hashed test rows: the width check says so.
  if (report.size !== inputWidth) return { ...summary, predictions: [] };
  const x = user.hashRows(input.testRows, report.size, input.options.seed);
  const predictions = h.tf.tidy(() => Array.from((model.predict(x) as tfjs.Tensor).dataSync()));
  return { ...summary, predictions };
};

// ---- Checks (run on the host) ----

function checkTraining(actual: Plain, t: Checker, where: string): void {
  const got = actual as unknown as { size: number; inputWidth: number; parameters: number; predictions: number[] };
  t.equal(got.size, expected.size, { what: `table size: the smallest power of two within the target on the training vocabulary (${where})` });
  t.equal(got.inputWidth, expected.size, { what: 'model input width: one column per bucket' });
  t.equal(got.parameters, expected.size + 1, { what: 'model parameters: one dense unit over the buckets' });
  const predictions = got.predictions.length === expected.testFraud.length && got.predictions.every(Number.isFinite) ? got.predictions : null;
  t.that(predictions !== null, 'the model gives a finite probability for every test transaction');
  const testAuc = auc(expected.testFraud, predictions ?? []);
  t.atLeast(testAuc, expected.baselineAuc + MIN_GAIN, { what: `test AUC of the model on signed hashed features, measured by the grader (unsigned hashing into 64 buckets scores ${expected.baselineAuc.toFixed(3)})` });
  t.closeTo(testAuc, expected.referenceAuc, { what: `test AUC of the recipe in the prompt, measured by the grader (${where})`, tolerance: AUC_TOLERANCE });
  const gap = (predictions ?? []).reduce((worst, p, i) => Math.max(worst, Math.abs(p - expected.referencePredictions[i]!)), 0);
  t.atMost(gap, PREDICTION_TOLERANCE, { what: `largest difference from the recipe's test predictions: signed features, zero initialisers, full-batch unshuffled epochs (${where})` });
}

// ---- Generated inputs ----

/** ASCII tokens of every length 0-13 (so every tail length of the hash's 4-byte blocks), from a small alphabet so some repeat. */
const token = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcxyz019=_-'), minLength: 0, maxLength: 13 }),
  fc.tuple(fc.constantFrom('merchant', 'bin', 'country', 'channel', 'device'), fc.integer({ min: 0, max: 99999 })).map(([field, v]) => `${field}=${v}`),
);
const seed = fc.oneof(fc.constantFrom(0, 42, 2 ** 32 - 1), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const sizes = fc.array(fc.integer({ min: 0, max: 31 }).map((b) => 2 ** b), { minLength: 1, maxLength: 4 });

const bucketsInput = fc.record({ tokens: fc.array(token, { minLength: 1, maxLength: 10 }), sizes, seed });
const vocabulary = fc.array(token, { minLength: 0, maxLength: 40 }).chain((ts) => (ts.length === 0 ? fc.constant(ts) : fc.array(fc.constantFrom(...ts), { maxLength: 10 }).map((repeats) => [...ts, ...repeats])));
const rateInput = fc.record({ vocabulary, sizes: fc.array(fc.integer({ min: 0, max: 10 }).map((b) => 2 ** b), { minLength: 1, maxLength: 4 }), seed });
const sizeInput = fc.record({
  vocabulary,
  targetRate: fc.constantFrom(0, 0.05, 0.1, 0.25, 0.5, 1),
  maxBits: fc.integer({ min: 0, max: 14 }),
  seed,
});
/** Rows of tokens drawn from a small pool (so tokens collide and repeat), 0-6 rows, tables of 1-64 buckets. */
const rowsInput = fc.array(token, { minLength: 1, maxLength: 8 }).chain((pool) =>
  fc.record({
    rows: fc.array(fc.array(fc.constantFrom(...pool), { maxLength: 6 }), { maxLength: 6 }),
    size: fc.integer({ min: 0, max: 6 }).map((b) => 2 ** b),
    seed,
  }),
);

export default defineTests<User>()([
  testCase({
    id: 'prompt-example-buckets',
    name: 'puts the prompt’s tokens in their buckets of 16 with their signs: low bits for the bucket, bit 31 for the sign',
    visible: true,
    rules: ['bucket-and-sign'],
    input: { tokens: cases.prompt.vocabulary, sizes: [16], seed: options.seed },
    run: bucketsRun,
    check: (actual, t) => t.equal(actual, [cases.prompt.buckets], { what: 'buckets and signs of the prompt’s tokens' }),
  }),
  testCase({
    id: 'prompt-example-collisions',
    name: 'measures the prompt’s collision rates and picks its table size',
    visible: true,
    rules: ['collision-rate', 'smallest-power-of-two'],
    input: { vocabulary: cases.prompt.vocabulary, seed: options.seed },
    run: (user: User, input: { vocabulary: string[]; seed: number }) => ({
      rates: [8, 16].map((size) => user.collisionRate(input.vocabulary, size, input.seed)),
      size: user.chooseHashSize(input.vocabulary, 0.25, 16, input.seed),
    }),
    check: (actual, t) => {
      const got = actual as unknown as { rates: number[]; size: number };
      t.closeTo(got.rates, [cases.prompt.rates[8], cases.prompt.rates[16]], { what: 'collision rates of the prompt’s vocabulary at 8 and 16 buckets' });
      t.equal(got.size, cases.prompt.size, { what: 'table size chosen for the prompt’s vocabulary' });
    },
  }),
  testCase({
    id: 'prompt-example-features',
    name: 'hashes the prompt’s rows into a float32 tensor whose colliding tokens add their signs',
    visible: true,
    rules: ['signed-sums'],
    input: { rows: cases.prompt.rows, size: 8, seed: options.seed },
    run: rowsRun,
    check: (actual, t) => {
      const got = actual as unknown as { values: number[][] };
      t.shape(actual, [2, 8], { what: 'hashed features of the prompt’s rows' });
      t.dtype(actual, 'float32', { what: 'hashed features of the prompt’s rows' });
      t.closeTo(got.values, cases.prompt.features, { what: 'hashed features of the prompt’s rows' });
    },
  }),
  testCase({
    id: 'beats-the-unsigned-64-bucket-model',
    name: 'sizes the table on the training tokens and trains a logistic regression that beats the unsigned 64-bucket one on the test rows',
    visible: true,
    rules: ['size-on-training-vocabulary', 'training-recipe', 'signed-sums'],
    timeoutMs: 6_000,
    input: { transactions, testRows, options },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, t, 'the 400 transactions'),
  }),
  testCase({
    id: 'sign-from-the-top-bit',
    name: 'takes the sign from bit 31 at any size, even when the bucket uses 31 bits or none',
    visible: false,
    rules: ['bucket-and-sign'],
    input: { tokens: cases.topBit.tokens, sizes: cases.topBit.sizes, seed: cases.topBit.seed },
    run: bucketsRun,
    check: (actual, t) => t.equal(actual, cases.topBit.buckets, { what: 'buckets and signs in tables of 1 and 2^31 buckets' }),
  }),
  testCase({
    id: 'repeated-tokens-count-once',
    name: 'counts a token listed several times in the vocabulary once when measuring collisions',
    visible: false,
    rules: ['collision-rate'],
    input: { vocabulary: cases.duplicates.vocabulary, sizes: [cases.duplicates.size], seed: options.seed },
    run: rateRun,
    check: (actual, t) => t.closeTo(actual, [cases.duplicates.rate], { what: 'collision rate of a vocabulary with repeated tokens' }),
  }),
  testCase({
    id: 'target-is-inclusive-and-capped',
    name: 'accepts a size whose rate equals the target, and returns 2^maxBits when no size qualifies',
    visible: false,
    rules: ['smallest-power-of-two'],
    input: { exact: cases.exactTarget, none: cases.noneQualifies.vocabulary, seed: options.seed },
    run: (user: User, input: { exact: { vocabulary: string[]; target: number }; none: string[]; seed: number }) => [
      user.chooseHashSize(input.exact.vocabulary, input.exact.target, 16, input.seed),
      user.chooseHashSize(input.none, 0, 3, input.seed),
      user.chooseHashSize(input.none, 0, 0, input.seed),
    ],
    check: (actual, t) => t.equal(actual, [cases.exactTarget.size, ...cases.noneQualifies.sizes], { what: 'table sizes at an exactly met target and when no size meets it' }),
  }),
  testCase({
    id: 'collisions-cancel-and-repeats-add',
    name: 'adds the signs of colliding tokens (opposite signs cancel) and counts a repeated token twice; an empty row is zeros',
    visible: false,
    rules: ['signed-sums'],
    input: { rows: cases.cancel.rows, size: cases.cancel.size, seed: options.seed },
    run: rowsRun,
    check: (actual, t) => {
      t.shape(actual, [3, 4], { what: 'hashed features of colliding and repeated tokens' });
      t.closeTo((actual as unknown as { values: number[][] }).values, cases.cancel.features, { what: 'hashed features of colliding and repeated tokens' });
    },
  }),
  testCase({
    id: 'no-rows',
    name: 'gives an empty [0, size] tensor for no rows',
    visible: false,
    rules: ['signed-sums', 'no-leaks'],
    input: { rows: [] as string[][], size: 32, seed: options.seed },
    run: rowsRun,
    check: (actual, t) => t.shape(actual, [0, 32], { what: 'hashed features of no rows' }),
  }),
  testCase({
    id: 'ignores-the-test-tokens',
    name: 'chooses the same size and model when the test rows bring new tokens: collisions are measured on training tokens only',
    visible: false,
    rules: ['size-on-training-vocabulary', 'training-recipe', 'no-leaks'],
    timeoutMs: 6_000,
    input: { transactions: shiftedTransactions, testRows, options },
    run: trainRun,
    check: (actual, t) => checkTraining(actual, t, 'with new tokens in the test rows'),
  }),
  generatedCases({
    id: 'buckets-of-generated-tokens',
    name: 'puts generated tokens (every length, any seed) in the reference’s buckets with its signs, at sizes 2^0 to 2^31',
    rules: ['bucket-and-sign'],
    input: bucketsInput,
    examples: [{ tokens: ['', 'a', 'ab', 'abc', 'abcd', 'abcde'], sizes: [1, 2 ** 31], seed: 0 }],
    count: 7,
    run: bucketsRun,
    what: 'buckets and signs',
  }),
  generatedCases({
    id: 'rates-of-generated-vocabularies',
    name: 'measures the reference’s collision rates on generated vocabularies (empty, repeated tokens, 1 to 1,024 buckets)',
    rules: ['collision-rate'],
    input: rateInput,
    examples: [
      { vocabulary: [], sizes: [1, 8], seed: 42 },
      { vocabulary: ['only'], sizes: [1], seed: 42 },
    ],
    count: 10,
    run: rateRun,
    what: 'collision rates',
  }),
  generatedCases({
    id: 'sizes-for-generated-vocabularies',
    name: 'chooses the reference’s table size for generated vocabularies, targets and limits',
    rules: ['smallest-power-of-two', 'collision-rate'],
    input: sizeInput,
    examples: [
      { vocabulary: [], targetRate: 0, maxBits: 10, seed: 1 },
      { vocabulary: ['a', 'b'], targetRate: 1, maxBits: 10, seed: 1 },
    ],
    count: 10,
    run: sizeRun,
    what: 'table size',
  }),
  generatedCases({
    id: 'features-of-generated-rows',
    name: 'hashes generated rows (empty rows, repeated and colliding tokens, 1-64 buckets) into the reference’s tensor',
    rules: ['signed-sums', 'no-leaks'],
    input: rowsInput,
    examples: [{ rows: [['x', 'x', 'y'], []], size: 1, seed: 3 }],
    count: 7,
    run: rowsRun,
    what: 'hashed features',
  }),
]);
