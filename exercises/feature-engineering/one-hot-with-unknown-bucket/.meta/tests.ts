import fc from 'fast-check';
import { defineTests, generatedCases, isTensorData, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import csv from '../data/strikes.csv';

type Row = Record<string, string | null | undefined>;
interface ColumnVocabulary {
  name: string;
  categories: string[];
}
interface OneHotEncoder {
  columns: ColumnVocabulary[];
}
interface User {
  fitEncoder(rows: Row[], columns: string[], minCount: number): OneHotEncoder;
  featureNames(encoder: OneHotEncoder): string[];
  encode(encoder: OneHotEncoder, rows: Row[]): tfjs.Tensor2D;
}

const COLUMNS = ['operator', 'phase_of_flight', 'wildlife_size', 'time_of_day'];
const MIN_COUNT = 10;
const UNKNOWN = '__unknown__';

// ---- Data: FAA strike reports, trained on 1990-1999, served 2000-2002. ----

const toRow = (r: Record<string, unknown>): Row => Object.fromEntries(COLUMNS.map((c) => [c, r[c] === null ? null : String(r[c])]));
const records = parseCsv(csv);
const trainRows = records.filter((r) => r.split === 'train').map(toRow);
const serveRows = records.filter((r) => r.split === 'serve').map(toRow);

// ---- Host-side reference. ----

const missing = (v: string | null | undefined) => v === null || v === undefined || v === '';
function fit(rows: Row[], columns: string[], minCount: number): OneHotEncoder {
  return {
    columns: columns.map((name) => {
      const counts = new Map<string, number>();
      for (const row of rows) if (!missing(row[name])) counts.set(row[name]!, (counts.get(row[name]!) ?? 0) + 1);
      const categories = [...counts].filter(([, n]) => n >= minCount).map(([c]) => c);
      return { name, categories: categories.sort() };
    }),
  };
}
const names = (encoder: OneHotEncoder) => encoder.columns.flatMap((c) => [...c.categories.map((k) => `${c.name}=${k}`), `${c.name}=${UNKNOWN}`]);
/** For each row, the slot of each column (index within the column's block). */
const slots = (encoder: OneHotEncoder, rows: Row[]) =>
  rows.map((row) =>
    encoder.columns.map((c) => {
      const v = row[c.name];
      const i = missing(v) ? -1 : c.categories.indexOf(v!);
      return i === -1 ? c.categories.length : i;
    }),
  );
const widthOf = (encoder: OneHotEncoder) => encoder.columns.reduce((w, c) => w + c.categories.length + 1, 0);

const trainEncoder = fit(trainRows, COLUMNS, MIN_COUNT);

// ---- Checks. ----

function checkEncoder(actual: Plain | unknown, expected: OneHotEncoder, t: Checker, source: string): void {
  const encoder = actual as Partial<OneHotEncoder> | null;
  t.that(encoder !== null && typeof encoder === 'object' && Array.isArray(encoder.columns), `${source} should be an object { columns: [{ name, categories }] }`);
  t.equal(
    encoder!.columns!.map((c) => c?.name),
    expected.columns.map((c) => c.name),
    { what: `${source}: column names (in the order of the columns argument)` },
  );
  expected.columns.forEach((column, j) => {
    const got = encoder!.columns![j]!.categories;
    // A hidden test says "a column"; which one is shown for visible tests only.
    const said = (property: string) => ({ visibleProperty: `${source}: categories of ${column.name} ${property}` });
    t.that(Array.isArray(got), `${source}: categories of a column should be an array of strings`, said('should be an array of strings'));
    const have = new Set(got);
    const want = new Set(column.categories);
    const extra = got.filter((c) => !want.has(c));
    const lacking = column.categories.filter((c) => !have.has(c));
    if (extra.some((c) => missing(c) || c === 'null' || c === 'undefined')) {
      const rule = 'include a missing value; missing values are never a category (they go to the unknown slot)';
      t.that(false, `${source}: categories of a column ${rule}`, said(rule));
    }
    t.that(
      extra.length === 0,
      `${source}: categories of a column keep a category seen fewer than minCount times in training (it belongs in the unknown slot)`,
      {
        ...said('keep a category seen fewer than minCount times in training (it belongs in the unknown slot)'),
        expected: `only categories seen at least minCount times`,
        actual: `also ${JSON.stringify(extra.slice(0, 3))}`,
      },
    );
    t.that(lacking.length === 0, `${source}: categories of a column are missing a category seen at least minCount times`, {
      ...said('are missing a category seen at least minCount times'),
      expected: JSON.stringify(lacking.slice(0, 3)),
      actual: 'not in the vocabulary',
    });
    t.equal(got, column.categories, {
      what: `${source}: categories of a column (sorted by code units, not by count or first appearance)`,
      visibleWhat: `${source}: categories of ${column.name} (sorted by code units, not by count or first appearance)`,
    });
  });
}

/** Checks the one-hot tensor: shape, dtype, and the position of the single 1 in every block of every row. */
function checkOneHot(actual: Plain | unknown, encoder: OneHotEncoder, rows: Row[], t: Checker, what: string): void {
  t.that(isTensorData(actual), `${what}: encode should return a tf.Tensor2D`);
  const width = widthOf(encoder);
  t.shape(actual, [rows.length, width], { what: `${what} (width set by the training vocabulary: every category plus one unknown slot per column)` });
  t.dtype(actual, 'float32', { what });
  const values = (actual as { values: number[][] }).values;
  const expected = slots(encoder, rows);
  for (let i = 0; i < rows.length; i += 1) {
    let start = 0;
    for (let j = 0; j < encoder.columns.length; j += 1) {
      const column = encoder.columns[j]!;
      const size = column.categories.length + 1;
      const block = values[i]!.slice(start, start + size);
      const want = expected[i]![j]!;
      const ones = block.flatMap((v, k) => (v === 1 ? [k] : []));
      const clean = block.every((v) => v === 0 || v === 1) && ones.length === 1;
      const label = (k: number | undefined) => (k === undefined ? 'no slot' : k === column.categories.length ? `${column.name}=${UNKNOWN}` : `${column.name}=${column.categories[k]}`);
      if (!clean || ones[0] !== want) {
        const unknownExpected = want === column.categories.length;
        const property = unknownExpected
          ? `a value that is not in the training vocabulary (unseen, rare or missing) must set the ${UNKNOWN} slot`
          : 'the 1 is not in the slot of its category';
        t.that(false, `${what}: ${property}`, {
          visibleProperty: `${what}: row ${i}, ${column.name}: ${property}`,
          expected: `one 1, at ${label(want)}`,
          actual: clean ? `one 1, at ${label(ones[0])}` : `[${block.join(', ')}]`,
        });
      }
      start += size;
    }
  }
}

// ---- Hand-made cases. ----

const shipped: OneHotEncoder = {
  columns: [
    { name: 'operator', categories: ['AMERICAN AIRLINES', 'DELTA AIR LINES', 'MILITARY', 'UNKNOWN'] },
    { name: 'phase_of_flight', categories: ['Approach', 'Climb', 'Landing Roll', 'Take-off run'] },
    { name: 'time_of_day', categories: ['Day', 'Night'] },
  ],
};
const oneStrike: Row[] = [{ operator: 'DELTA AIR LINES', phase_of_flight: 'Climb', time_of_day: 'Night' }];
const unseen: Row[] = [
  { operator: 'JETBLUE AIRWAYS', phase_of_flight: 'Approach', time_of_day: 'Day' },
  { operator: 'UNKNOWN', phase_of_flight: 'Go-around', time_of_day: 'Dusk' },
  { operator: 'MILITARY', phase_of_flight: 'climb', time_of_day: 'Night' },
];
const withMissing: Row[] = [
  { operator: null, phase_of_flight: 'Approach', time_of_day: '' },
  { phase_of_flight: 'Climb', time_of_day: 'Day' },
  { operator: 'MILITARY', phase_of_flight: null, time_of_day: 'Night', runway: '27L' },
];
const rareRows: Row[] = [
  ...Array.from({ length: 4 }, () => ({ operator: 'SOUTHWEST AIRLINES', wildlife_size: 'Small' })),
  ...Array.from({ length: 3 }, () => ({ operator: 'UNITED AIRLINES', wildlife_size: 'Medium' })),
  { operator: 'SPIRIT AIRLINES', wildlife_size: 'Medium' },
  { operator: 'SPIRIT AIRLINES', wildlife_size: 'Large' },
  { operator: null, wildlife_size: '' },
  { operator: null, wildlife_size: null },
  { operator: null, wildlife_size: null },
];
const rareServe: Row[] = [
  { operator: 'SPIRIT AIRLINES', wildlife_size: 'Large' },
  { operator: 'UNITED AIRLINES', wildlife_size: 'Medium' },
  { operator: null, wildlife_size: 'Small' },
];
const mixedCase: Row[] = [
  { carrier: 'alpha air' },
  { carrier: 'Zulu Air' },
  { carrier: 'ÉTOILE' },
  { carrier: 'Beta Air' },
  { carrier: 'alpha air' },
  { carrier: 'Zulu Air' },
  { carrier: 'Beta Air' },
  { carrier: 'ÉTOILE' },
];

/**
 * Any number of columns (1 to 4, in any order), training rows of any count (0 to 14) and any
 * minCount (1 to 3), categories that differ only in case or accents, every way of being missing
 * (null, '', an absent key, undefined), keys the encoder does not know, and serving rows with
 * unseen and rare categories, one row or several.
 */
const COLUMN_NAMES = ['operator', 'phase', 'time_of_day', 'sky', 'region'];
const category = fc.constantFrom<string | null | undefined>('Climb', 'climb', 'Beta', 'Zulu', 'alpha', 'Étoile', 'Day', 'Night', 'MILITARY', '', null, undefined, 'absent');
const generatedRows = (columns: string[], maxLength: number, minLength = 0) =>
  fc.array(fc.tuple(fc.tuple(...columns.map(() => category)), fc.constantFrom<Row>({}, { note: 'x' }, { airport: 'KJFK' })), { minLength, maxLength }).map((rows) =>
    rows.map(([values, extra]) => {
      const row: Row = { ...extra };
      columns.forEach((c, j) => {
        if (values[j] !== 'absent') row[c] = values[j];
      });
      return row;
    }),
  );
const generatedVocabulary = fc.shuffledSubarray(COLUMN_NAMES, { minLength: 1, maxLength: 4 }).chain((columns) =>
  fc.record({ columns: fc.constant(columns), minCount: fc.integer({ min: 1, max: 3 }), train: generatedRows(columns, 14), serve: generatedRows(columns, 5, 1) }),
);

export default defineTests<User>()([
  testCase({
    id: 'fits-vocabulary-on-training-strikes',
    name: 'keeps, per column, the training categories seen at least minCount times, sorted by code units',
    visible: true,
    rules: ['vocabulary', 'missing-values'],
    input: { rows: trainRows, columns: COLUMNS, minCount: MIN_COUNT },
    run: (user: User, input: { rows: Row[]; columns: string[]; minCount: number }) => user.fitEncoder(input.rows, input.columns, input.minCount),
    check: (actual, t) => checkEncoder(actual, trainEncoder, t, 'fitEncoder(training strikes, minCount 10)'),
  }),
  testCase({
    id: 'names-features-in-a-stable-order',
    name: "names every feature column: each column's categories in order, then its unknown slot",
    visible: true,
    rules: ['layout', 'code-unit-order'],
    input: { encoder: shipped },
    run: (user: User, input: { encoder: OneHotEncoder }) => user.featureNames(input.encoder),
    check: (actual, t) => t.equal(actual, names(shipped), { what: `feature names (each column's categories, then its ${UNKNOWN} slot)` }),
  }),
  testCase({
    id: 'encodes-serving-strikes-with-training-vocabulary',
    name: 'encodes the 2000-2002 strikes with the training vocabulary, new operators in the unknown slot',
    visible: true,
    rules: ['encode-one-per-block'],
    input: { encoder: trainEncoder, rows: serveRows },
    run: (user: User, input: { encoder: OneHotEncoder; rows: Row[] }) => user.encode(input.encoder, input.rows),
    check: (actual, t) => checkOneHot(actual, trainEncoder, serveRows, t, 'one-hot features of the 2000-2002 strikes'),
  }),
  testCase({
    id: 'encodes-one-strike-at-full-width',
    name: 'encodes a single strike at the full width the model was trained on',
    visible: true,
    rules: ['encode-learns-nothing'],
    input: { encoder: shipped, rows: oneStrike },
    run: (user: User, input: { encoder: OneHotEncoder; rows: Row[] }) => user.encode(input.encoder, input.rows),
    check: (actual, t) => checkOneHot(actual, shipped, oneStrike, t, 'one-hot features of a single strike'),
  }),
  testCase({
    id: 'routes-unseen-categories-to-unknown',
    name: 'puts categories never seen in training (a new operator, a new phase, a different spelling) in the unknown slot',
    visible: false,
    rules: ['encode-one-per-block'],
    input: { encoder: shipped, rows: unseen },
    run: (user: User, input: { encoder: OneHotEncoder; rows: Row[] }) => user.encode(input.encoder, input.rows),
    check: (actual, t) => checkOneHot(actual, shipped, unseen, t, 'one-hot features of strikes with unseen categories'),
  }),
  testCase({
    id: 'routes-missing-values-to-unknown',
    name: "puts null, '' and absent values in the unknown slot and ignores columns the encoder does not know",
    visible: false,
    rules: ['missing-values'],
    input: { encoder: shipped, rows: withMissing },
    run: (user: User, input: { encoder: OneHotEncoder; rows: Row[] }) => user.encode(input.encoder, input.rows),
    check: (actual, t) => checkOneHot(actual, shipped, withMissing, t, 'one-hot features of strikes with missing values'),
  }),
  testCase({
    id: 'routes-rare-categories-to-unknown',
    name: 'leaves categories seen fewer than minCount times and missing values out of the vocabulary, and encodes them as unknown',
    visible: false,
    rules: ['vocabulary'],
    input: { rows: rareRows, serve: rareServe },
    run: (user: User, input: { rows: Row[]; serve: Row[] }) => {
      // Returned in an array: the harness frees tensors returned at the top level or in arrays.
      const encoder = user.fitEncoder(input.rows, ['operator', 'wildlife_size'], 3);
      return [encoder, user.encode(encoder, input.serve)];
    },
    check: (actual, t) => {
      const [encoder, features] = Array.isArray(actual) ? actual : [];
      const expected = fit(rareRows, ['operator', 'wildlife_size'], 3);
      checkEncoder(encoder ?? null, expected, t, 'fitEncoder with rare categories and missing values (minCount 3)');
      checkOneHot(features, expected, rareServe, t, 'one-hot features of rare categories');
    },
  }),
  testCase({
    id: 'sorts-categories-by-code-units',
    name: 'orders categories by code units whatever the row order (uppercase before lowercase, no locale)',
    visible: false,
    rules: ['code-unit-order'],
    input: { rows: mixedCase },
    run: (user: User, input: { rows: Row[] }) => ({
      forward: user.fitEncoder(input.rows, ['carrier'], 1),
      reversed: user.fitEncoder([...input.rows].reverse(), ['carrier'], 1),
    }),
    check: (actual, t) => {
      const out = (actual ?? {}) as { forward?: Plain; reversed?: Plain };
      const expected = fit(mixedCase, ['carrier'], 1);
      checkEncoder(out.forward ?? null, expected, t, 'fitEncoder on mixed-case names');
      checkEncoder(out.reversed ?? null, expected, t, 'fitEncoder on the same rows in reverse order');
    },
  }),
  testCase({
    id: 'handles-empty-inputs',
    name: 'encodes an empty batch as a [0, width] tensor and fits no rows as unknown-only columns',
    visible: false,
    rules: ['empty-input'],
    input: { encoder: shipped },
    run: (user: User, input: { encoder: OneHotEncoder }) => {
      const empty = user.fitEncoder([], ['operator', 'time_of_day'], 1);
      return [user.encode(input.encoder, []), empty, user.featureNames(empty), user.encode(empty, [{ operator: 'MILITARY' }])];
    },
    check: (actual, t) => {
      const [batch, emptyEncoder, emptyNames, emptyFeatures] = Array.isArray(actual) ? actual : [];
      t.that(isTensorData(batch), 'encode of an empty batch should still return a tf.Tensor2D');
      t.shape(batch, [0, widthOf(shipped)], { what: 'one-hot features of an empty batch (width set by the training vocabulary)' });
      const empty = fit([], ['operator', 'time_of_day'], 1);
      checkEncoder(emptyEncoder ?? null, empty, t, 'fitEncoder of no rows');
      t.equal(emptyNames, names(empty), { what: 'feature names of an encoder fitted on no rows (only unknown slots)' });
      checkOneHot(emptyFeatures, empty, [{ operator: 'MILITARY' }], t, 'one-hot features from an encoder fitted on no rows');
    },
  }),
  testCase({
    id: 'serves-many-batches-without-leaking',
    name: 'encodes 30 batches in a row, disposing each result, without leaving tensors behind',
    visible: false,
    rules: ['no-leaks', 'encode-learns-nothing'],
    input: { encoder: trainEncoder, rows: serveRows.slice(0, 50) },
    run: (user: User, input: { encoder: OneHotEncoder; rows: Row[] }) => {
      let last: number[][] = [];
      for (let n = 0; n < 30; n += 1) {
        const features = user.encode(input.encoder, input.rows);
        last = features.arraySync() as number[][];
        features.dispose();
      }
      return last;
    },
    check: (actual, t) => t.closeTo(actual, slots(trainEncoder, serveRows.slice(0, 50)).map((s) => {
      const row = new Array<number>(widthOf(trainEncoder)).fill(0);
      let start = 0;
      s.forEach((k, j) => {
        row[start + k] = 1;
        start += trainEncoder.columns[j]!.categories.length + 1;
      });
      return row;
    }), { what: 'one-hot features of the 30th batch' }),
  }),
  testCase({
    id: 'does-not-modify-inputs',
    name: 'leaves the rows and the encoder it was given unchanged',
    visible: false,
    rules: ['no-mutation'],
    input: { encoder: shipped, rows: unseen },
    run: (user: User, input: { encoder: OneHotEncoder; rows: Row[] }, h: HarnessHelpers) => {
      const encoder = h.lend({ columns: input.encoder.columns.map((c) => ({ name: c.name, categories: [...c.categories] })) });
      const rows = h.lend(input.rows.map((r) => ({ ...r })));
      user.encode(encoder, rows).dispose();
      user.featureNames(encoder);
      user.fitEncoder(rows, ['operator', 'time_of_day'], 1);
      return { encoder, rows };
    },
    check: (actual, t) => {
      const out = (actual ?? {}) as { encoder?: Plain; rows?: Plain };
      t.equal(out.encoder, shipped, { what: 'encoder after encoding (must not be modified)' });
      t.equal(out.rows, unseen, { what: 'rows after encoding and fitting (must not be modified)' });
    },
  }),
  generatedCases({
    id: 'encodes-generated-columns-like-the-reference',
    name: 'fits, names and encodes like the reference for generated columns (any count and order, minCount, case and accents, every kind of missing, unseen keys and categories)',
    rules: ['missing-values', 'vocabulary', 'code-unit-order', 'layout', 'encode-one-per-block', 'encode-learns-nothing', 'empty-input'],
    input: generatedVocabulary,
    examples: [
      { columns: ['operator'], minCount: 1, train: [], serve: [{ operator: 'MILITARY' }] },
      { columns: ['sky', 'phase'], minCount: 2, train: [{ sky: '', phase: 'Climb' }, { sky: '', phase: 'climb' }, { phase: 'Climb' }], serve: [{ sky: '', phase: 'Climb' }] },
    ],
    count: 30,
    run: (user: User, input: { columns: string[]; minCount: number; train: Row[]; serve: Row[] }) => {
      const encoder = user.fitEncoder(input.train, input.columns, input.minCount);
      return { encoder, names: user.featureNames(encoder), encoded: user.encode(encoder, input.serve) };
    },
    what: 'one-hot encoding',
  }),
]);
