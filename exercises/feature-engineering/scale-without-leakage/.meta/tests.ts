import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import csv from '../data/penguins.csv';

interface Scaler {
  mean: number[];
  std: number[];
}

interface User {
  fitScaler(rows: number[][]): Scaler;
  transform(scaler: Scaler, rows: number[][]): number[][];
  scaleSplits(train: number[][], test: number[][]): { scaler: Scaler; train: number[][]; test: number[][] };
}

const COLUMNS = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'] as const;

// Missing measurements (empty cells) become NaN, as the prompt says.
const penguins = parseCsv(csv);
const toRow = (record: Record<string, unknown>) => COLUMNS.map((c) => (typeof record[c] === 'number' ? (record[c] as number) : NaN));
const trainRows = penguins.filter((p) => p.split === 'train').map(toRow);
const testRows = penguins.filter((p) => p.split === 'test').map(toRow);

// Reference statistics, computed here on the host in float64.
function columnStats(rows: number[][], j: number): { mean: number; std: number } {
  const values = rows.map((row) => row[j]!).filter((x) => !Number.isNaN(x));
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
function fit(rows: number[][]): Scaler {
  const stats = (rows[0] ?? []).map((_, j) => columnStats(rows, j));
  return { mean: stats.map((s) => s.mean), std: stats.map((s) => s.std) };
}
function scale(scaler: Scaler, rows: number[][]): number[][] {
  return rows.map((row) => row.map((x, j) => (Number.isNaN(x) ? NaN : scaler.std[j] === 0 ? 0 : (x - scaler.mean[j]!) / scaler.std[j]!)));
}
const trainScaler = fit(trainRows);

/** Statistics are compared with a relative tolerance, so float32 (tfjs) arithmetic passes too. */
const relative = (x: number) => Number((1e-5 * Math.max(1, Math.abs(x))).toPrecision(2));

function checkScaler(actual: Plain, expected: Scaler, t: Checker, names: readonly string[], source: string): void {
  const scaler = actual as unknown as Partial<Scaler> | null;
  t.that(scaler !== null && typeof scaler === 'object' && Array.isArray(scaler.mean) && Array.isArray(scaler.std), `${source} should be an object { mean: number[]; std: number[] }`);
  t.equal(scaler!.mean!.length, expected.mean.length, { what: `${source}: number of columns in mean` });
  t.equal(scaler!.std!.length, expected.std.length, { what: `${source}: number of columns in std` });
  expected.mean.forEach((m, j) => {
    t.closeTo(scaler!.mean![j], m, { what: `${source}: mean of ${names[j]}`, tolerance: relative(m) });
  });
  expected.std.forEach((s, j) => {
    t.closeTo(scaler!.std![j], s, { what: `${source}: std of ${names[j]} (population std: divide by the count)`, tolerance: relative(s) });
  });
}

const SMALL = ['column 0', 'column 1'] as const;

/**
 * Splits of any width (1 to 6 columns) and size (1 to 12 training rows, 0 to 6 test rows), on
 * any scale, with missing values (every training column keeps at least one), constant columns
 * and repeated values; and a second scaler (with a zero std) for transform to use as given.
 */
const column = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('spread' as const), centre: fc.integer({ min: -500, max: 5000 }), spread: fc.integer({ min: 1, max: 800 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('constant' as const), centre: fc.integer({ min: -50, max: 300 }), spread: fc.constant(0) }) },
);
const generatedSplits = fc
  .record({ columns: fc.array(column, { minLength: 1, maxLength: 6 }), trainCount: fc.integer({ min: 1, max: 12 }), testCount: fc.integer({ min: 0, max: 6 }) })
  .chain(({ columns, trainCount, testCount }) => {
    const cell = (c: (typeof columns)[number]) =>
      fc.oneof(
        { weight: 8, arbitrary: c.kind === 'constant' ? fc.constant(c.centre) : fc.integer({ min: -10 * c.spread, max: 10 * c.spread }).map((d) => c.centre + d / 10) },
        { weight: 1, arbitrary: fc.constant(Number.NaN) },
      );
    const row = fc.tuple(...columns.map(cell));
    return fc.record({
      train: fc.array(row, { minLength: trainCount, maxLength: trainCount }).map((rows) =>
        // Every training column keeps at least one value: the first row is complete.
        rows.map((r, i) => (i === 0 ? r.map((x, j) => (Number.isNaN(x) ? columns[j]!.centre : x)) : r)),
      ),
      test: fc.array(row, { minLength: testCount, maxLength: testCount }),
      other: fc.record({
        mean: fc.tuple(...columns.map(() => fc.integer({ min: -100, max: 100 }))),
        std: fc.tuple(...columns.map(() => fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })))),
      }),
    });
  });

/** Means and stds within a relative 1e-5, scaled values within the exercise's 1e-4. */
function compareScaling(actual: Plain, expected: Plain, t: Checker): void {
  const got = (actual ?? {}) as { split?: { scaler?: Plain; train?: Plain; test?: Plain }; fitted?: Plain; scaled?: Plain };
  const want = expected as unknown as { split: { scaler: Scaler; train: number[][]; test: number[][] }; fitted: Scaler; scaled: number[][] };
  const names = want.fitted.mean.map((_, j) => `column ${j}`);
  checkScaler(got.fitted as Plain, want.fitted, t, names, 'fitScaler on generated rows');
  checkScaler(got.split?.scaler as Plain, want.split.scaler, t, names, 'the scaler scaleSplits returns for generated splits');
  t.closeTo(got.split?.train, want.split.train, { what: 'scaled training rows of generated splits' });
  t.closeTo(got.split?.test, want.split.test, { what: 'scaled test rows of generated splits (with the training scaler)' });
  t.closeTo(got.scaled, want.scaled, { what: 'rows transformed with a given scaler (its statistics only; std 0 gives 0)' });
}

export default defineTests<User>()([
  testCase({
    id: 'fits-training-penguins',
    name: 'learns the mean and population std of each column from the training penguins',
    visible: true,
    rules: ['population-std', 'missing-values'],
    input: { rows: trainRows },
    run: (user: User, input: { rows: number[][] }) => user.fitScaler(input.rows),
    check: (actual, t) => checkScaler(actual, trainScaler, t, COLUMNS, 'fitScaler(train rows)'),
  }),
  testCase({
    id: 'transform-uses-the-given-scaler',
    name: "scales a batch with the scaler's statistics, not the batch's own",
    visible: true,
    rules: ['given-scaler-only'],
    input: { scaler: { mean: [44, 4200], std: [5, 800] }, rows: [[49, 5000], [54, 5800]] },
    run: (user: User, input: { scaler: Scaler; rows: number[][] }) => user.transform(input.scaler, input.rows),
    check: (actual, t) => t.closeTo(actual, [[1, 1], [2, 2]], { what: 'rows scaled with the given scaler' }),
  }),
  testCase({
    id: 'transform-scales-a-single-row',
    name: 'scales a batch of one row (one bird at serving time) with the training statistics',
    visible: true,
    rules: ['given-scaler-only'],
    input: { scaler: { mean: [44, 4200], std: [5, 800] }, rows: [[41.5, 3800]] },
    run: (user: User, input: { scaler: Scaler; rows: number[][] }) => user.transform(input.scaler, input.rows),
    check: (actual, t) => t.closeTo(actual, [[-0.5, -0.5]], { what: 'single row scaled with the given scaler' }),
  }),
  testCase({
    id: 'scale-splits-fits-on-train-only',
    name: 'fits the scaler on the training split only and scales the test split with it',
    visible: true,
    rules: ['fit-on-train'],
    input: { train: [[38, 3600], [42, 4400]], test: [[50, 5200], [40, 4000]] },
    run: (user: User, input: { train: number[][]; test: number[][] }) => user.scaleSplits(input.train, input.test),
    check: (actual, t) => {
      const result = actual as { scaler?: Plain; train?: Plain; test?: Plain } | null;
      t.that(result !== null && typeof result === 'object', 'scaleSplits should return { scaler, train, test }');
      checkScaler(result!.scaler ?? null, { mean: [40, 4000], std: [2, 400] }, t, SMALL, 'scaleSplits scaler (statistics of the training rows only)');
      t.closeTo(result!.train, [[-1, -1], [1, 1]], { what: 'scaleSplits train rows' });
      t.closeTo(result!.test, [[5, 3], [0, 0]], { what: 'scaleSplits test rows (scaled with the training statistics)' });
    },
  }),
  testCase({
    id: 'scale-splits-penguins',
    name: 'keeps the test penguins out of the statistics used to scale both splits',
    visible: true,
    rules: ['fit-on-train'],
    input: { train: trainRows, test: testRows },
    run: (user: User, input: { train: number[][]; test: number[][] }) => user.scaleSplits(input.train, input.test),
    check: (actual, t) => {
      const result = actual as { scaler?: Plain; train?: Plain; test?: Plain } | null;
      t.that(result !== null && typeof result === 'object', 'scaleSplits should return { scaler, train, test }');
      checkScaler(result!.scaler ?? null, trainScaler, t, COLUMNS, 'scaleSplits scaler (statistics of the training rows only)');
      t.closeTo(result!.train, scale(trainScaler, trainRows), { what: 'scaleSplits train rows' });
      t.closeTo(result!.test, scale(trainScaler, testRows), { what: 'scaleSplits test rows (scaled with the training statistics)' });
    },
  }),
  testCase({
    id: 'scaled-train-is-standardised',
    name: 'gives every scaled training column mean 0 and population std 1',
    visible: true,
    rules: ['population-std'],
    input: { rows: trainRows },
    run: (user: User, input: { rows: number[][] }) => user.transform(user.fitScaler(input.rows), input.rows),
    check: (actual, t) => {
      t.shape(actual, [trainRows.length, COLUMNS.length], { what: 'scaled training rows' });
      const rows = actual as unknown[];
      t.that(rows.every((row) => Array.isArray(row) && row.length === COLUMNS.length), 'scaled training rows: every row should have one value per column');
      COLUMNS.forEach((name, j) => {
        const { mean, std } = columnStats(rows as number[][], j);
        t.closeTo(mean, 0, { what: `mean of scaled training column ${name}` });
        t.closeTo(std, 1, { what: `population std of scaled training column ${name}` });
      });
    },
  }),
  testCase({
    id: 'constant-column-scales-to-zero',
    name: 'scales a column that was constant in training to 0, never NaN or Infinity',
    visible: false,
    rules: ['constant-column'],
    input: { train: [[1, 5], [3, 5], [5, 5]], test: [[7, 5], [3, 6]] },
    run: (user: User, input: { train: number[][]; test: number[][] }) => user.scaleSplits(input.train, input.test),
    check: (actual, t) => {
      const result = actual as { scaler?: Scaler; train?: Plain; test?: Plain } | null;
      t.that(result !== null && typeof result === 'object', 'scaleSplits should return { scaler, train, test }');
      t.closeTo(result!.scaler?.std, [Math.sqrt(8 / 3), 0], { what: 'std of a constant column' });
      const s = Math.sqrt(8 / 3);
      t.closeTo(result!.train, [[-2 / s, 0], [0, 0], [2 / s, 0]], { what: 'scaled constant column (std 0 gives 0) in the train rows' });
      t.closeTo(result!.test, [[4 / s, 0], [0, 0]], { what: 'scaled constant column (std 0 gives 0) in the test rows' });
    },
  }),
  testCase({
    id: 'single-training-row',
    name: 'fits one training row as std 0 and scales it to 0',
    visible: false,
    rules: ['constant-column'],
    input: { rows: [[2, -3]] },
    run: (user: User, input: { rows: number[][] }) => {
      const scaler = user.fitScaler(input.rows);
      return { scaler, scaled: user.transform(scaler, input.rows) };
    },
    check: (actual, t) => {
      const result = actual as { scaler?: Plain; scaled?: Plain };
      checkScaler(result.scaler ?? null, { mean: [2, -3], std: [0, 0] }, t, SMALL, 'fitScaler of a single row');
      t.closeTo(result.scaled, [[0, 0]], { what: 'scaled constant column (std 0 gives 0) for a single row' });
    },
  }),
  testCase({
    id: 'ignores-missing-values-when-fitting',
    name: 'skips missing values (NaN) when computing the statistics',
    visible: false,
    rules: ['missing-values'],
    input: { rows: [[1, NaN], [NaN, 4], [3, 8]] },
    run: (user: User, input: { rows: number[][] }) => user.fitScaler(input.rows),
    check: (actual, t) => checkScaler(actual, { mean: [2, 6], std: [1, 2] }, t, SMALL, 'statistics ignoring missing values'),
  }),
  testCase({
    id: 'keeps-missing-values-missing',
    name: 'leaves a missing value (NaN) missing after scaling and scales the rest of the row',
    visible: false,
    rules: ['missing-values'],
    input: { scaler: { mean: [2, 6], std: [1, 2] }, rows: [[NaN, 10], [4, NaN]] },
    run: (user: User, input: { scaler: Scaler; rows: number[][] }) => user.transform(input.scaler, input.rows),
    check: (actual, t) => t.closeTo(actual, [[NaN, 2], [2, NaN]], { what: 'scaled rows with a missing value' }),
  }),
  testCase({
    id: 'handles-empty-inputs',
    name: 'returns [] for no rows to scale and empty statistics for no rows to fit',
    visible: false,
    rules: ['empty-input'],
    input: { train: [[1, 2], [3, 4]] },
    run: (user: User, input: { train: number[][] }) => ({
      fitted: user.fitScaler([]),
      transformed: user.transform({ mean: [0, 0], std: [1, 1] }, []),
      splits: user.scaleSplits(input.train, []),
    }),
    check: (actual, t) => {
      const result = actual as { fitted?: Scaler; transformed?: Plain; splits?: { test?: Plain; train?: Plain } };
      t.equal(result.transformed, [], { what: 'transform of no rows' });
      t.equal(result.splits?.test, [], { what: 'scaleSplits test rows for an empty test split' });
      t.closeTo(result.splits?.train, [[-1, -1], [1, 1]], { what: 'scaleSplits train rows when the test split is empty' });
      t.equal(result.fitted, { mean: [], std: [] }, { what: 'fitScaler of no rows' });
    },
  }),
  testCase({
    id: 'does-not-modify-inputs',
    name: 'leaves the rows and the scaler it was given unchanged',
    visible: false,
    rules: ['no-mutation'],
    input: { train: [[38, 3600], [42, 4400]], test: [[50, 5200], [40, 4000]] },
    run: (user: User, input: { train: number[][]; test: number[][] }, h: HarnessHelpers) => {
      const train = h.lend(input.train.map((row) => row.slice()));
      const test = h.lend(input.test.map((row) => row.slice()));
      const { scaler } = user.scaleSplits(train, test);
      const frozen = { mean: scaler.mean.slice(), std: scaler.std.slice() };
      const again = h.lend(test.map((row) => row.slice()));
      user.transform(h.lend(scaler), again);
      return { train, test, again, scaler: { mean: scaler.mean, std: scaler.std }, frozen };
    },
    check: (actual, t) => {
      const result = actual as { train: Plain; test: Plain; again: Plain; scaler: Plain; frozen: Plain };
      t.equal(result.train, [[38, 3600], [42, 4400]], { what: 'train rows after scaleSplits (must not be modified)' });
      t.equal(result.test, [[50, 5200], [40, 4000]], { what: 'test rows after scaleSplits (must not be modified)' });
      t.equal(result.again, [[50, 5200], [40, 4000]], { what: 'input rows after transform (must not be modified)' });
      t.equal(result.scaler, result.frozen, { what: 'scaler after transform (must not be modified)' });
    },
  }),
  generatedCases({
    id: 'scales-generated-splits-like-the-reference',
    name: 'fits and scales like the reference for generated splits (any width and size, missing values, constant columns, a given scaler)',
    rules: ['population-std', 'missing-values', 'constant-column', 'given-scaler-only', 'fit-on-train', 'empty-input'],
    input: generatedSplits,
    examples: [
      { train: [[5, 1]], test: [], other: { mean: [0, 0], std: [0, 1] } },
      { train: [[2, Number.NaN], [4, 7], [6, 7]], test: [[Number.NaN, 7], [3, 8]], other: { mean: [1, 7], std: [2, 0] } },
    ],
    count: 30,
    run: (user: User, input: { train: number[][]; test: number[][]; other: Scaler }) => ({
      split: user.scaleSplits(input.train, input.test),
      fitted: user.fitScaler(input.train),
      scaled: user.transform(input.other, input.test.length > 0 ? input.test : input.train),
    }),
    what: 'scaling',
    compare: compareScaling,
  }),
]);
