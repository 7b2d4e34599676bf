import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import { mulberry32 } from '@/lib/seeded-random';
import csv from '../data/penguins-sex.csv';

interface Row {
  id: string;
  features: number[];
  label: string;
  split: string;
}
interface Model {
  predict(rows: Row[]): string[];
}
type Train = (rows: Row[], k: number) => Model;
interface Selection {
  cvAccuracy: number[];
  bestK: number;
  testAccuracy: number | null;
  model: Model;
}
interface User {
  crossValidate(train: Train, rows: Row[], k: number, folds: number): number;
  selectK(train: Train, rows: Row[], candidates: number[], folds: number): Selection;
}

interface DriveInput {
  call: 'crossValidate' | 'selectK';
  rows: Row[];
  k?: number;
  candidates?: number[];
  folds: number;
}

/** What the instrumented pipeline saw: each fit (k, indices of the rows it learned from) and each predict call. */
interface Log {
  fits: { k: number; rows: number[] }[];
  scored: { model: number; rows: number[] }[];
}

/**
 * The driver: gives the submission the team's pipeline (standard scaler + k nearest neighbours,
 * fitted on exactly the rows it is given) and records every fit and every predict call, so the
 * checks can tell which rows each model learned from and which rows it scored.
 */
const drive = (user: User, input: DriveInput, h: HarnessHelpers) => {
  const position = new Map<string, number>();
  input.rows.forEach((row, i) => position.set(row.id, i));
  const fits: { k: number; rows: number[] }[] = [];
  const scored: { model: number; rows: number[] }[] = [];
  const models = new Map<unknown, number>();
  const train = (rows: Row[], k: number): Model => {
    if (!Array.isArray(rows) || rows.length === 0) throw new Error('train(rows, k) needs at least one row to learn from');
    if (!Number.isInteger(k) || k < 1) throw new Error(`train(rows, k) needs a whole number k >= 1, got ${String(k)}`);
    const id = fits.length;
    fits.push({ k, rows: rows.map((row) => position.get(row.id) ?? -1) });
    // In id order, so the fitted pipeline does not depend on the order the rows arrive in.
    const sorted = rows.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const width = sorted[0]!.features.length;
    const mean: number[] = [];
    const std: number[] = [];
    for (let j = 0; j < width; j += 1) {
      const m = sorted.reduce((sum, row) => sum + row.features[j]!, 0) / sorted.length;
      mean.push(m);
      std.push(Math.sqrt(sorted.reduce((sum, row) => sum + (row.features[j]! - m) ** 2, 0) / sorted.length));
    }
    const scale = (features: number[]) => features.map((v, j) => (std[j] === 0 ? 0 : (v - mean[j]!) / std[j]!));
    const points = sorted.map((row) => ({ x: scale(row.features), label: row.label }));
    const model: Model = {
      predict(batch: Row[]): string[] {
        scored.push({ model: id, rows: batch.map((row) => position.get(row.id) ?? -1) });
        return batch.map((row) => {
          const x = scale(row.features);
          // The k nearest, closest first; points are in id order, so equal distances keep the smaller id first.
          const nearest: { d: number; label: string }[] = [];
          for (const p of points) {
            let d = 0;
            for (let j = 0; j < width; j += 1) d += (p.x[j]! - x[j]!) ** 2;
            if (nearest.length === k && d >= nearest[k - 1]!.d) continue;
            let at = nearest.length;
            while (at > 0 && nearest[at - 1]!.d > d) at -= 1;
            nearest.splice(at, 0, { d, label: p.label });
            if (nearest.length > k) nearest.pop();
          }
          const votes = new Map<string, number>();
          for (const n of nearest) votes.set(n.label, (votes.get(n.label) ?? 0) + 1);
          const most = Math.max(...votes.values());
          return nearest.find((n) => votes.get(n.label) === most)!.label;
        });
      },
    };
    models.set(model, id);
    // Lent, not copied: the check needs to recognise the very model selectK hands back.
    return h.lend(model);
  };
  // Lent, not copied: the checks see whether the submission changed the rows it was given.
  const given = h.lend(input.rows.map((row) => ({ ...row, features: row.features.slice() })));
  if (input.call === 'crossValidate') {
    try {
      return { threw: false, accuracy: user.crossValidate(train, given, input.k!, input.folds), fits, scored, rows: given };
    } catch (error) {
      return { threw: true, message: error instanceof Error ? error.message : String(error), fits, scored, rows: given };
    }
  }
  const selection = user.selectK(train, given, input.candidates!, input.folds) ?? ({} as Partial<Selection>);
  return {
    rows: given,
    cvAccuracy: selection.cvAccuracy,
    bestK: selection.bestK,
    testAccuracy: selection.testAccuracy,
    model: selection.model === undefined ? -1 : (models.get(selection.model) ?? -1),
    fits,
    scored,
  };
};

// ---- Host-side reference: the same pipeline and protocol in plain code. ----

function fitReference(rows: Row[], k: number): (row: Row) => string {
  const sorted = rows.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const width = sorted[0]!.features.length;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < width; j += 1) {
    const m = sorted.reduce((sum, row) => sum + row.features[j]!, 0) / sorted.length;
    mean.push(m);
    std.push(Math.sqrt(sorted.reduce((sum, row) => sum + (row.features[j]! - m) ** 2, 0) / sorted.length));
  }
  const scale = (features: number[]) => features.map((v, j) => (std[j] === 0 ? 0 : (v - mean[j]!) / std[j]!));
  const points = sorted.map((row) => ({ x: scale(row.features), label: row.label }));
  return (row) => {
    const x = scale(row.features);
    // The k nearest by distance; a later point (larger id) replaces one only when strictly closer.
    const nearest: { d: number; label: string }[] = [];
    for (const p of points) {
      let d = 0;
      for (let j = 0; j < width; j += 1) d += (p.x[j]! - x[j]!) ** 2;
      if (nearest.length === k && d >= nearest[k - 1]!.d) continue;
      let at = nearest.length;
      while (at > 0 && nearest[at - 1]!.d > d) at -= 1;
      nearest.splice(at, 0, { d, label: p.label });
      if (nearest.length > k) nearest.pop();
    }
    const votes = new Map<string, number>();
    for (const n of nearest) votes.set(n.label, (votes.get(n.label) ?? 0) + 1);
    const most = Math.max(...votes.values());
    return nearest.find((n) => votes.get(n.label) === most)!.label;
  };
}

function cvReference(rows: Row[], k: number, folds: number): number {
  let correct = 0;
  for (let fold = 0; fold < folds; fold += 1) {
    const predict = fitReference(
      rows.filter((_, i) => i % folds !== fold),
      k,
    );
    correct += rows.filter((row, i) => i % folds === fold && predict(row) === row.label).length;
  }
  return correct / rows.length;
}

const isDevelopment = (row: Row) => row.split === 'train' || row.split === 'validation';

function selectionReference(rows: Row[], candidates: number[], folds: number) {
  const development = rows.filter(isDevelopment);
  const test = rows.filter((row) => row.split === 'test');
  const cvAccuracy = candidates.map((k) => cvReference(development, k, folds));
  let best = 0;
  cvAccuracy.forEach((a, i) => {
    if (a > cvAccuracy[best]! || (a === cvAccuracy[best]! && candidates[i]! > candidates[best]!)) best = i;
  });
  const bestK = candidates[best]!;
  const predict = fitReference(development, bestK);
  const testAccuracy = test.length === 0 ? null : test.filter((row) => predict(row) === row.label).length / test.length;
  return { cvAccuracy, bestK, testAccuracy };
}

// ---- Checks ----

const readLog = (actual: Plain): Log => {
  const out = (actual ?? {}) as Partial<Log>;
  return { fits: Array.isArray(out.fits) ? out.fits : [], scored: Array.isArray(out.scored) ? out.scored : [] };
};

/** No predict call may score a row its own model was trained on. */
function checkNoFoldLeak(log: Log, t: Checker, where: string): void {
  for (const batch of log.scored) {
    const learned = new Set(log.fits[batch.model]?.rows ?? []);
    const seen = batch.rows.filter((r) => learned.has(r)).length;
    const rule = 'each fold must be predicted by a model fitted on the other folds only';
    t.that(seen === 0, `rows were scored by a model that was trained on them (fold leakage): ${rule} (${where})`, {
      visibleProperty: `${seen} rows were scored by a model that was trained on them (fold leakage): ${rule} (${where})`,
    });
  }
}

/** crossValidate: fold i % folds, one model per fold trained on the other folds, every row predicted once. */
function checkCrossValidation(actual: Plain, rows: Row[], k: number, folds: number, t: Checker, where: string): void {
  const out = (actual ?? {}) as { threw?: boolean; message?: string; accuracy?: unknown };
  t.that(out.threw !== true, `crossValidate threw an error (${where})`, { visibleProperty: `crossValidate threw "${out.message ?? ''}" (${where})` });
  const log = readLog(actual);
  t.that(log.fits.length > 0, `crossValidate should call train(rows, k) once per fold (${where})`);
  checkNoFoldLeak(log, t, where);
  t.that(
    log.fits.every((fit) => fit.k === k),
    `every fold's model should be trained with the k being evaluated (${where})`,
    { visibleProperty: `every fold's model should be trained with the k being evaluated (k=${k}) (${where})` },
  );
  const predicted = new Array<number>(rows.length).fill(0);
  for (const batch of log.scored) for (const r of batch.rows) if (r >= 0) predicted[r]! += 1;
  t.that(
    predicted.every((n) => n === 1),
    `every row should be predicted exactly once, by the model of its fold (${where})`,
  );
  t.that(log.fits.length === folds, `crossValidate should train one model per fold (${where})`, {
    visibleProperty: `crossValidate should train ${folds} models, one per fold, but trained ${log.fits.length} (${where})`,
  });
  for (const batch of log.scored) {
    const fold = batch.rows[0]! % folds;
    const expectedFold = rows.flatMap((_, i) => (i % folds === fold ? [i] : []));
    t.that(
      batch.rows.length === expectedFold.length && batch.rows.every((r) => r % folds === fold),
      `fold f should hold the rows at positions i with i % folds === f, and be predicted together (${where})`,
      { visibleProperty: `fold ${fold} should hold the rows at positions i with i % ${folds} === ${fold}, and be predicted together (${where})` },
    );
    const learned = log.fits[batch.model]?.rows ?? [];
    t.that(
      learned.length === rows.length - expectedFold.length,
      `the model that scores a fold should be trained on all the rows of the other folds (${where})`,
      { visibleProperty: `the model that scores fold ${fold} should be trained on all ${rows.length - expectedFold.length} rows of the other folds, not ${learned.length} (${where})` },
    );
  }
  t.closeTo(out.accuracy, cvReference(rows, k, folds), { what: `cross-validated accuracy (correct out-of-fold predictions / rows) (${where})` });
  checkRowsUnchanged(actual, rows, t, where);
}

function checkRowsUnchanged(actual: Plain, rows: Row[], t: Checker, where: string): void {
  t.equal((actual as { rows?: Plain } | null)?.rows, rows, { what: `the rows after the call (must not be changed) (${where})` });
}

function checkSelection(actual: Plain, rows: Row[], candidates: number[], folds: number, t: Checker, where: string): void {
  const expected = selectionReference(rows, candidates, folds);
  const out = (actual ?? {}) as { cvAccuracy?: unknown; bestK?: unknown; testAccuracy?: unknown; model?: number };
  const log = readLog(actual);
  const testRows = new Set(rows.flatMap((row, i) => (row.split === 'test' ? [i] : [])));
  const trainRows = rows.flatMap((row, i) => (row.split === 'train' ? [i] : []));
  const developmentCount = rows.filter(isDevelopment).length;

  const fitsOnTest = log.fits.filter((fit) => fit.rows.some((r) => testRows.has(r))).length;
  const testRule = 'cross-validate and refit on the train and validation rows only';
  t.that(fitsOnTest === 0, `test rows were used to train a model: ${testRule} (${where})`, {
    visibleProperty: `test rows were used to train ${fitsOnTest} model(s): ${testRule} (${where})`,
  });
  checkNoFoldLeak(log, t, where);

  const testScorers = new Set(log.scored.filter((batch) => batch.rows.some((r) => testRows.has(r))).map((batch) => batch.model));
  t.that(
    testScorers.size <= 1,
    `the test split was scored by more than one model: choose k without it, then score it once, with the final model (${where})`,
    { visibleProperty: `the test split was scored by ${testScorers.size} different models: choose k without it, then score it once, with the final model (${where})` },
  );
  t.that(typeof out.model === 'number' && out.model >= 0, `selection.model should be the model returned by train(...) for the final fit (${where})`);
  const final = log.fits[out.model!]!;
  const scoredTest = log.scored.flatMap((batch) => batch.rows.filter((r) => testRows.has(r)));
  if (testRows.size > 0) {
    t.that(
      testScorers.size === 1 && testScorers.has(out.model!),
      `the test split should be scored by the returned (final) model (${where})`,
    );
    t.that(scoredTest.length === testRows.size && new Set(scoredTest).size === testRows.size, `each test row should be scored exactly once (${where})`);
  } else {
    t.that(scoredTest.length === 0, `there are no test rows to score (${where})`);
  }

  const onlyTrain = trainRows.length < developmentCount && final.rows.length === trainRows.length && trainRows.every((r) => final.rows.includes(r));
  t.that(!onlyTrain, `the returned model was trained on the train rows only: refit it on train and validation together with bestK (${where})`);
  t.that(
    final.rows.length === developmentCount && new Set(final.rows).size === developmentCount,
    `the returned model was not trained on exactly the train+validation rows: refit on all of them with bestK (${where})`,
    { visibleProperty: `the returned model was trained on ${final.rows.length} rows, not the ${developmentCount} train+validation rows: refit on all of them with bestK (${where})` },
  );

  t.that(Array.isArray(out.cvAccuracy), `cvAccuracy should be an array with one accuracy per candidate (${where})`);
  t.closeTo(out.cvAccuracy, expected.cvAccuracy, { what: `cross-validated accuracy per candidate k, in the order given (${where})` });
  if (out.bestK !== expected.bestK) {
    const top = Math.max(...expected.cvAccuracy);
    const tied = candidates.filter((_, i) => expected.cvAccuracy[i] === top);
    t.that(
      !(tied.length > 1 && tied.includes(out.bestK as number)),
      `bestK: candidates tie on cross-validated accuracy; take the largest k on a tie (${where})`,
      { visibleProperty: `bestK: k=${tied.join(', k=')} tie on cross-validated accuracy; take the largest k on a tie (${where})` },
    );
  }
  t.equal(out.bestK, expected.bestK, { what: `bestK (the candidate with the highest cross-validated accuracy) (${where})` });
  t.that(final.k === expected.bestK, `the returned model was not trained with bestK (${where})`, {
    visibleProperty: `the returned model was trained with k=${final.k}, not bestK=${expected.bestK} (${where})`,
  });
  if (expected.testAccuracy === null) t.that(out.testAccuracy === null, `testAccuracy should be null when there are no test rows (${where})`);
  else t.closeTo(out.testAccuracy, expected.testAccuracy, { what: `test accuracy of the final model (${where})` });
  checkRowsUnchanged(actual, rows, t, where);
}

// ---- Data ----

const rows: Row[] = parseCsv(csv).map((r) => ({
  id: String(r.id),
  features: [Number(r.bill_length_mm), Number(r.bill_depth_mm), Number(r.flipper_length_mm), Number(r.body_mass_g)],
  label: String(r.sex),
  split: String(r.split),
}));
const development = rows.filter(isDevelopment);
const CANDIDATES = [1, 3, 5, 7, 9, 15, 25];

/**
 * 36 made-up birds whose measurements say nothing about sex (seeded noise), 2 in 3 female. Every k
 * of at least a training fold's size votes over the whole fold, predicts 'female' and ties.
 */
const noise = mulberry32(7);
const noisy: Row[] = Array.from({ length: 36 }, (_, i) => ({
  id: `noise-${String(i).padStart(2, '0')}`,
  features: [35 + noise() * 20, 14 + noise() * 7, 180 + noise() * 50, 3000 + noise() * 3000],
  label: i % 3 === 2 ? 'male' : 'female',
  split: i < 30 ? (i % 5 === 0 ? 'validation' : 'train') : 'test',
}));

const someRows = rows.slice(0, 180);
const withoutTest = rows.filter((row) => row.split !== 'test').slice(0, 120);


// ---- Generated cases ----

/**
 * Birds with small whole-number measurements (many equal distances and tied accuracies), males
 * shifted on the first two: anything from separable to noise. Splits in any order and number.
 */
const generatedBirds = (min: number, max: number, splits: string[]) =>
  fc
    .array(
      fc.record({
        male: fc.boolean(),
        split: fc.constantFrom(...splits),
        shift: fc.integer({ min: 0, max: 3 }),
        features: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }),
      }),
      { minLength: min, maxLength: max },
    )
    .map((birds) =>
      birds.map(
        (b, i): Row => ({
          id: `bird-${i}`,
          features: b.features.map((v, j) => (b.male && j < 2 ? v + b.shift : v)),
          label: b.male ? 'male' : 'female',
          split: b.split,
        }),
      ),
    );

/** 1 to 30 rows; folds from 2 to the number of rows (both limits included), or impossible (0, 1, one too many, not whole). */
const generatedCrossValidation: fc.Arbitrary<DriveInput> = generatedBirds(1, 30, ['train', 'validation', 'test']).chain((rows) =>
  fc.record({
    call: fc.constant('crossValidate' as const),
    rows: fc.constant(rows),
    k: fc.integer({ min: 1, max: rows.length + 3 }),
    folds: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 2, max: Math.max(2, rows.length) }) },
      { weight: 2, arbitrary: fc.constantFrom(2, rows.length) },
      { weight: 2, arbitrary: fc.constantFrom(0, 1, rows.length + 1, 2.5) },
    ),
  }),
);

/** 2 to 30 development rows in any order with 0 to 8 test rows among them; 1 to 5 candidates (larger than a fold, repeated, unsorted); folds from 2 to the development rows. */
const generatedSelection: fc.Arbitrary<DriveInput> = fc
  .tuple(generatedBirds(2, 30, ['train', 'train', 'validation']), generatedBirds(0, 8, ['test']), fc.array(fc.nat(), { maxLength: 8 }))
  .chain(([development, test, at]) => {
    // Test rows slipped in between the development rows, ids kept unique.
    const all = development.map((row) => ({ ...row }));
    test.forEach((row, i) => all.splice(Math.min(all.length, at[i] ?? all.length), 0, { ...row, id: `test-${i}` }));
    return fc.record({
      call: fc.constant('selectK' as const),
      rows: fc.constant(all),
      candidates: fc.array(fc.integer({ min: 1, max: development.length + 2 }), { minLength: 1, maxLength: 5 }),
      folds: fc.oneof(fc.integer({ min: 2, max: development.length }), fc.constantFrom(2, development.length)),
    });
  });

const bird = (id: string, features: number[], label: string, split: string): Row => ({ id, features, label, split });

function compareCrossValidation(actual: Plain, expected: Plain, t: Checker, input: DriveInput): void {
  const want = expected as { threw: boolean };
  const got = (actual ?? {}) as { threw?: boolean; message?: string; accuracy?: Plain };
  if (want.threw) {
    t.that(got.threw === true && /folds/.test(got.message ?? ''), 'crossValidate should throw an Error whose message names folds unless 2 <= folds <= rows.length, a whole number');
    return;
  }
  checkCrossValidation(actual, input.rows, input.k!, input.folds, t, 'generated birds');
  t.closeTo(got.accuracy, (expected as { accuracy: number }).accuracy, { what: 'cross-validated accuracy (generated birds)' });
}

function compareSelection(actual: Plain, expected: Plain, t: Checker, input: DriveInput): void {
  checkSelection(actual, input.rows, input.candidates!, input.folds, t, 'generated birds');
  const want = expected as { cvAccuracy: number[]; bestK: number; testAccuracy: number | null };
  const got = (actual ?? {}) as { cvAccuracy?: Plain; bestK?: Plain; testAccuracy?: Plain };
  t.closeTo({ cvAccuracy: got.cvAccuracy, bestK: got.bestK, testAccuracy: got.testAccuracy }, { cvAccuracy: want.cvAccuracy, bestK: want.bestK, testAccuracy: want.testAccuracy }, {
    what: 'cvAccuracy, bestK and testAccuracy (generated birds)',
  });
}

export default defineTests<User>()([
  testCase({
    id: 'cv-scores-each-fold-with-a-model-that-never-saw-it',
    name: 'crossValidate trains one model per fold on the other folds and predicts every row exactly once',
    visible: true,
    rules: ['fold-by-position', 'train-on-other-folds', 'pooled-accuracy'],
    input: { call: 'crossValidate', rows: development.slice(0, 12), k: 3, folds: 3 },
    run: drive,
    check: (actual, t) => checkCrossValidation(actual, development.slice(0, 12), 3, 3, t, '12 birds, k=3, 3 folds'),
  }),
  testCase({
    id: 'cv-accuracy-on-development-rows',
    name: 'crossValidate gives the pooled out-of-fold accuracy of k=5 on the 266 train and validation birds',
    visible: true,
    rules: ['pooled-accuracy', 'train-on-other-folds'],
    input: { call: 'crossValidate', rows: development, k: 5, folds: 5 },
    run: drive,
    check: (actual, t) => checkCrossValidation(actual, development, 5, 5, t, 'train+validation birds, k=5, 5 folds'),
  }),
  testCase({
    id: 'selects-k-by-cross-validation',
    name: 'selectK picks the k with the best 5-fold cross-validated accuracy without touching the test birds',
    visible: true,
    rules: ['development-rows', 'cv-per-candidate', 'test-never-trained'],
    input: { call: 'selectK', rows, candidates: CANDIDATES, folds: 5 },
    run: drive,
    check: (actual, t) => checkSelection(actual, rows, CANDIDATES, 5, t, 'all birds, 5 folds'),
  }),
  testCase({
    id: 'refits-and-scores-test-once',
    name: 'selectK refits bestK on train+validation and scores the test split once, with that model',
    visible: true,
    rules: ['refit-on-development', 'score-test-once'],
    input: { call: 'selectK', rows, candidates: [3, 9], folds: 5 },
    run: drive,
    check: (actual, t) => checkSelection(actual, rows, [3, 9], 5, t, 'all birds, k in [3, 9], 5 folds'),
  }),
  testCase({
    id: 'cv-with-uneven-folds',
    name: 'crossValidate handles folds of unequal size (23 rows in 4 folds)',
    visible: false,
    rules: ['fold-by-position', 'train-on-other-folds', 'pooled-accuracy', 'no-mutation'],
    input: { call: 'crossValidate', rows: development.slice(40, 63), k: 3, folds: 4 },
    run: drive,
    check: (actual, t) => checkCrossValidation(actual, development.slice(40, 63), 3, 4, t, 'folds of unequal size'),
  }),
  testCase({
    id: 'cv-leave-one-out',
    name: 'crossValidate with as many folds as rows is leave-one-out',
    visible: false,
    rules: ['fold-by-position', 'pooled-accuracy', 'valid-folds'],
    input: { call: 'crossValidate', rows: development.slice(100, 120), k: 1, folds: 20 },
    run: drive,
    check: (actual, t) => checkCrossValidation(actual, development.slice(100, 120), 1, 20, t, 'leave-one-out'),
  }),
  testCase({
    id: 'cv-rejects-impossible-fold-counts',
    name: 'crossValidate throws an Error naming folds for 1 fold or more folds than rows',
    visible: false,
    rules: ['valid-folds'],
    input: { rows: development.slice(0, 6) },
    run: (user: User, input: { rows: Row[] }) => {
      const train: Train = () => ({ predict: (batch: Row[]) => batch.map(() => 'female') });
      const attempt = (folds: number) => {
        try {
          const value = user.crossValidate(train, input.rows, 1, folds);
          return { threw: false, message: String(value) };
        } catch (error) {
          return { threw: true, message: error instanceof Error ? error.message : String(error) };
        }
      };
      return [attempt(1), attempt(7)];
    },
    check: (actual, t) => {
      const [one, tooMany] = (Array.isArray(actual) ? actual : []) as { threw?: boolean; message?: string }[];
      t.that(one?.threw === true && /folds/.test(one.message ?? ''), 'crossValidate with folds = 1 should throw an Error whose message names folds (nothing would be held out)');
      t.that(tooMany?.threw === true && /folds/.test(tooMany.message ?? ''), 'crossValidate with more folds than rows should throw an Error whose message names folds (a fold would be empty)');
    },
  }),
  testCase({
    id: 'ties-go-to-the-larger-k',
    name: 'selectK takes the largest k when several candidates tie on cross-validated accuracy',
    visible: false,
    rules: ['ties-to-larger-k', 'refit-on-development'],
    input: { call: 'selectK', rows: noisy, candidates: [30, 1, 50, 40], folds: 5 },
    run: drive,
    check: (actual, t) => checkSelection(actual, noisy, [30, 1, 50, 40], 5, t, 'candidates that tie'),
  }),
  testCase({
    id: 'ten-folds-on-real-data',
    name: 'selectK with 10 folds cross-validates on train+validation and reports test once',
    visible: false,
    rules: ['cv-per-candidate', 'development-rows', 'test-never-trained', 'score-test-once', 'refit-on-development', 'no-mutation'],
    input: { call: 'selectK', rows, candidates: [3, 7, 15], folds: 10 },
    run: drive,
    check: (actual, t) => checkSelection(actual, rows, [3, 7, 15], 10, t, 'all birds, more folds'),
  }),
  testCase({
    id: 'keeps-candidate-order',
    name: 'selectK reports cvAccuracy in the order the candidates were given',
    visible: false,
    rules: ['cv-per-candidate'],
    input: { call: 'selectK', rows: someRows, candidates: [25, 1, 9, 3], folds: 5 },
    run: drive,
    check: (actual, t) => checkSelection(actual, someRows, [25, 1, 9, 3], 5, t, 'unsorted candidates'),
  }),
  testCase({
    id: 'no-test-rows',
    name: 'selectK without test rows still refits bestK and reports testAccuracy null',
    visible: false,
    rules: ['score-test-once', 'refit-on-development'],
    input: { call: 'selectK', rows: withoutTest, candidates: [1, 5, 9], folds: 4 },
    run: drive,
    check: (actual, t) => checkSelection(actual, withoutTest, [1, 5, 9], 4, t, 'no test rows'),
  }),
  generatedCases({
    id: 'cross-validates-generated-birds-like-the-reference',
    name: 'crossValidate folds, trains, predicts and counts like the reference on generated birds (1 to 30 rows, folds at both limits, impossible fold counts, k above the fold size)',
    rules: ['fold-by-position', 'train-on-other-folds', 'pooled-accuracy', 'valid-folds', 'no-mutation'],
    input: generatedCrossValidation,
    examples: [
      { call: 'crossValidate', rows: [bird('a', [1, 1, 1, 1], 'female', 'train'), bird('b', [4, 4, 1, 1], 'male', 'test')], k: 1, folds: 2 },
      { call: 'crossValidate', rows: [bird('a', [1, 1, 1, 1], 'female', 'train'), bird('b', [4, 4, 1, 1], 'male', 'test')], k: 1, folds: 3 },
      { call: 'crossValidate', rows: [bird('a', [1, 1, 1, 1], 'female', 'train')], k: 1, folds: 1 },
    ],
    count: 25,
    run: drive,
    what: 'cross-validation',
    compare: compareCrossValidation,
  }),
  generatedCases({
    id: 'selects-k-on-generated-birds-like-the-reference',
    name: 'selectK cross-validates on train+validation, breaks ties to the larger k, refits and scores test once like the reference on generated birds',
    rules: ['development-rows', 'cv-per-candidate', 'ties-to-larger-k', 'refit-on-development', 'score-test-once', 'test-never-trained', 'no-mutation'],
    input: generatedSelection,
    examples: [
      {
        call: 'selectK',
        rows: [bird('t0', [5, 5, 0, 0], 'male', 'test'), bird('a', [1, 1, 1, 1], 'female', 'validation'), bird('b', [4, 4, 1, 1], 'male', 'train'), bird('c', [1, 2, 1, 1], 'female', 'train')],
        candidates: [1, 1, 2],
        folds: 3,
      },
    ],
    count: 27,
    run: drive,
    what: 'selection',
    compare: compareSelection,
  }),
]);
