import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import csv from '../data/cars.csv';

interface Car {
  name: string;
  origin: string;
  cylinders: number;
  horsepower: number | null;
}
interface ImputedCar {
  name: string;
  origin: string;
  cylinders: number;
  horsepower: number;
  horsepowerWasMissing: boolean;
}
interface HorsepowerImputer {
  byOriginAndCylinders: Record<string, number>;
  byCylinders: Record<string, number>;
  overall: number;
}
interface User {
  fitImputer(train: Car[]): HorsepowerImputer;
  imputeHorsepower(imputer: HorsepowerImputer, cars: Car[]): ImputedCar[];
  prepareSplits(train: Car[], test: Car[]): { imputer: HorsepowerImputer; train: ImputedCar[]; test: ImputedCar[] };
}

// ---- Data: the real cars, split by model year (up to 1979 train, 1980 on test). ----

const records = parseCsv(csv);
const toCar = (r: Record<string, unknown>): Car => ({
  name: String(r.name),
  origin: String(r.origin),
  cylinders: Number(r.cylinders),
  horsepower: typeof r.horsepower === 'number' ? r.horsepower : null,
});
const trainCars = records.filter((r) => r.split === 'train').map(toCar);
const testCars = records.filter((r) => r.split === 'test').map(toCar);

// ---- Host-side reference. ----

const missing = (v: number | null) => v === null || Number.isNaN(v);
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
function mediansBy(cars: Car[], key: (c: Car) => string): Record<string, number> {
  const groups: Record<string, number[]> = {};
  for (const c of cars) if (!missing(c.horsepower)) (groups[key(c)] ??= []).push(c.horsepower!);
  return Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, median(v)]));
}
function fit(train: Car[]): HorsepowerImputer {
  const observed = train.filter((c) => !missing(c.horsepower)).map((c) => c.horsepower!);
  return {
    byOriginAndCylinders: mediansBy(train, (c) => `${c.origin}|${c.cylinders}`),
    byCylinders: mediansBy(train, (c) => String(c.cylinders)),
    overall: observed.length > 0 ? median(observed) : NaN,
  };
}
function fill(imputer: HorsepowerImputer, cars: Car[]): ImputedCar[] {
  return cars.map((c) => {
    const wasMissing = missing(c.horsepower);
    const value = wasMissing ? (imputer.byOriginAndCylinders[`${c.origin}|${c.cylinders}`] ?? imputer.byCylinders[String(c.cylinders)] ?? imputer.overall) : c.horsepower!;
    return { name: c.name, origin: c.origin, cylinders: c.cylinders, horsepower: value, horsepowerWasMissing: wasMissing };
  });
}
const trainImputer = fit(trainCars);

// ---- Checks. ----

function checkImputer(actual: Plain | unknown, expected: HorsepowerImputer, t: Checker, source: string): void {
  const imputer = actual as Partial<HorsepowerImputer> | null;
  t.that(
    imputer !== null && typeof imputer === 'object' && typeof imputer.byOriginAndCylinders === 'object' && imputer.byOriginAndCylinders !== null && typeof imputer.byCylinders === 'object' && imputer.byCylinders !== null,
    `${source} should be an object { byOriginAndCylinders, byCylinders, overall }`,
  );
  t.equal(Object.keys(imputer!.byOriginAndCylinders!).sort(), Object.keys(expected.byOriginAndCylinders).sort(), {
    what: `${source}: the groups in byOriginAndCylinders (one key "origin|cylinders" per group with at least one recorded training horsepower)`,
  });
  t.equal(Object.keys(imputer!.byCylinders!).sort(), Object.keys(expected.byCylinders).sort(), {
    what: `${source}: the groups in byCylinders (one key per cylinder count with at least one recorded training horsepower)`,
  });
  t.closeTo(imputer!.byOriginAndCylinders, expected.byOriginAndCylinders, { what: `${source}: median horsepower by origin and cylinders` });
  t.closeTo(imputer!.byCylinders, expected.byCylinders, { what: `${source}: median horsepower by cylinders` });
  t.closeTo(imputer!.overall, expected.overall, { what: `${source}: overall median horsepower` });
}

function checkCars(actual: Plain | unknown, expected: ImputedCar[], t: Checker, what: string): void {
  t.that(Array.isArray(actual), `${what} should be an array with one car per input car`);
  const cars = actual as Partial<ImputedCar>[];
  t.equal(cars.length, expected.length, { what: `${what}: number of cars` });
  t.equal(
    cars.map((c) => c?.name),
    expected.map((c) => c.name),
    { what: `${what}: car names, in input order` },
  );
  t.equal(
    cars.map((c) => c?.horsepowerWasMissing),
    expected.map((c) => c.horsepowerWasMissing),
    { what: `${what}: horsepowerWasMissing (true exactly for the cars whose horsepower was filled in)` },
  );
  t.closeTo(
    cars.map((c) => c?.horsepower),
    expected.map((c) => c.horsepower),
    { what: `${what}: horsepower` },
  );
  t.equal(
    cars.map((c) => [c?.origin, c?.cylinders]),
    expected.map((c) => [c.origin, c.cylinders]),
    { what: `${what}: origin and cylinders (copied unchanged)` },
  );
}

/** An imputer as it was shipped with last month's model (hand-written: the tests pass it in). */
const shipped: HorsepowerImputer = {
  byOriginAndCylinders: { 'USA|8': 150, 'USA|6': 100, 'USA|4': 80, 'Europe|4': 78, 'Japan|4': 75, 'Japan|6': 108 },
  byCylinders: { '4': 80, '6': 100, '8': 150 },
  overall: 100,
};

const car = (name: string, origin: string, cylinders: number, horsepower: number | null): Car => ({ name, origin, cylinders, horsepower });

const mixedBatch = [car('datsun 310', 'Japan', 4, 65), car('toyota tercel', 'Japan', 4, null), car('ford fairmont', 'USA', 6, null), car('dodge aspen', 'USA', 6, 110)];
const unseenOrigin = [car('hyundai excel', 'Korea', 4, null), car('hyundai sonata', 'Korea', 6, null), car('hyundai pony', 'Korea', 4, 70)];
const unseenCylinders = [car('jaguar xj12', 'Europe', 12, null), car('subaru justy', 'Japan', 3, null)];
const allMissingGroup = {
  train: [car('volvo 264gl', 'Europe', 6, null), car('peugeot 604sl', 'Europe', 6, null), car('ford granada', 'USA', 6, 98), car('amc hornet', 'USA', 6, 90), car('buick century', 'USA', 6, 110), car('vw rabbit', 'Europe', 4, 70)],
  serve: [car('volvo 264gl', 'Europe', 6, null)],
};
const evenGroups = {
  train: [car('a', 'Japan', 4, 70), car('b', 'Japan', 4, 90), car('c', 'Japan', 4, 60), car('d', 'Japan', 4, 88), car('e', 'USA', 4, 85), car('f', 'USA', 4, 95)],
  serve: [car('g', 'Japan', 4, null), car('h', 'USA', 4, null)],
};
const withNaN = {
  train: [car('a', 'USA', 8, 140), car('b', 'USA', 8, NaN), car('c', 'USA', 8, 160), car('d', 'USA', 8, 150)],
  serve: [car('e', 'USA', 8, NaN), car('f', 'USA', 8, 175)],
};

type ImputeInput = { imputer: HorsepowerImputer; cars: Car[] };
type FitFillInput = { train: Car[]; serve: Car[] };
const fitThenFill = (user: User, input: FitFillInput) => {
  const imputer = user.fitImputer(input.train);
  return { imputer, cars: user.imputeHorsepower(imputer, input.serve) };
};

/**
 * Fleets of any size (0 to 16 training cars, 0 to 8 to fill), origins and cylinder counts that
 * may be unseen in training, groups whose cars are all missing, even and odd group sizes,
 * repeated values, a recorded horsepower of 0 (a real value, not a missing one) and both
 * spellings of missing (null and NaN).
 */
const generatedCar = fc.record({
  name: fc.constantFrom('buick skylark', 'toyota corona', 'vw rabbit', 'kia rio', 'ford pinto'),
  origin: fc.constantFrom('USA', 'Europe', 'Japan', 'Korea'),
  cylinders: fc.constantFrom(3, 4, 4, 6, 8, 12),
  horsepower: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 40, max: 230 }) }, { weight: 1, arbitrary: fc.constantFrom<number | null>(0, 88, 88) }, { weight: 2, arbitrary: fc.constantFrom<number | null>(null, Number.NaN) }),
});
const generatedFleet = fc.record({
  train: fc.array(generatedCar, { maxLength: 16 }),
  test: fc.array(generatedCar, { maxLength: 8 }),
});

export default defineTests<User>()([
  testCase({
    id: 'fits-group-medians-on-training-cars',
    name: 'learns the median horsepower per origin and cylinders, per cylinders, and overall from the training cars',
    visible: true,
    rules: ['group-medians', 'three-levels'],
    input: { train: trainCars },
    run: (user: User, input: { train: Car[] }) => user.fitImputer(input.train),
    check: (actual, t) => checkImputer(actual, trainImputer, t, 'fitImputer(training cars)'),
  }),
  testCase({
    id: 'fills-test-cars-with-training-medians',
    name: 'prepareSplits fits on the training cars only and fills the missing test horsepower with those medians',
    visible: true,
    rules: ['most-specific-fill', 'fit-on-train'],
    input: { train: trainCars, test: testCars },
    run: (user: User, input: { train: Car[]; test: Car[] }) => user.prepareSplits(input.train, input.test),
    check: (actual, t) => {
      const out = actual as { imputer?: Plain; train?: Plain; test?: Plain } | null;
      t.that(out !== null && typeof out === 'object', 'prepareSplits should return { imputer, train, test }');
      checkImputer(out!.imputer, trainImputer, t, 'imputer from prepareSplits (learned from the training cars only)');
      checkCars(out!.train, fill(trainImputer, trainCars), t, 'imputed training cars');
      checkCars(out!.test, fill(trainImputer, testCars), t, 'imputed test cars (filled with the training medians)');
    },
  }),
  testCase({
    id: 'imputes-a-single-serving-car',
    name: "fills one car served on its own from the imputer's training medians",
    visible: true,
    rules: ['learns-nothing'],
    input: { imputer: shipped, cars: [car('honda accord', 'Japan', 4, null)] },
    run: (user: User, input: ImputeInput) => user.imputeHorsepower(input.imputer, input.cars),
    check: (actual, t) => checkCars(actual, fill(shipped, [car('honda accord', 'Japan', 4, null)]), t, "single serving car filled from the imputer's training medians"),
  }),
  testCase({
    id: 'keeps-recorded-values-and-flags-filled-ones',
    name: 'keeps recorded horsepower as it is and flags only the cars it filled in',
    visible: true,
    rules: ['keep-recorded'],
    input: { imputer: shipped, cars: mixedBatch },
    run: (user: User, input: ImputeInput) => user.imputeHorsepower(input.imputer, input.cars),
    check: (actual, t) => checkCars(actual, fill(shipped, mixedBatch), t, "batch of cars filled from the imputer's training medians"),
  }),
  testCase({
    id: 'unseen-origin-falls-back-to-cylinders',
    name: 'fills a car from an origin never seen in training with the median for its cylinders',
    visible: false,
    rules: ['most-specific-fill'],
    input: { imputer: shipped, cars: unseenOrigin },
    run: (user: User, input: ImputeInput) => user.imputeHorsepower(input.imputer, input.cars),
    check: (actual, t) =>
      checkCars(actual, fill(shipped, unseenOrigin), t, 'cars whose origin was never seen in training (falls back to the median for its cylinders)'),
  }),
  testCase({
    id: 'unseen-cylinders-fall-back-to-overall',
    name: 'fills a car whose cylinder count was never seen in training with the overall median',
    visible: false,
    rules: ['most-specific-fill'],
    input: { imputer: shipped, cars: unseenCylinders },
    run: (user: User, input: ImputeInput) => user.imputeHorsepower(input.imputer, input.cars),
    check: (actual, t) =>
      checkCars(actual, fill(shipped, unseenCylinders), t, 'cars whose cylinder count was never seen in training (falls back to the overall median)'),
  }),
  testCase({
    id: 'skips-groups-without-recorded-values',
    name: 'leaves out a group whose training horsepower is all missing, so its cars fall back',
    visible: false,
    rules: ['three-levels', 'group-medians'],
    input: allMissingGroup,
    run: fitThenFill,
    check: (actual, t) => {
      const out = (actual ?? {}) as { imputer?: Plain; cars?: Plain };
      checkImputer(out.imputer ?? null, fit(allMissingGroup.train), t, 'imputer fitted on cars where one group has no recorded horsepower');
      checkCars(out.cars, fill(fit(allMissingGroup.train), allMissingGroup.serve), t, 'car from a group with no recorded training horsepower (falls back to the median for its cylinders)');
    },
  }),
  testCase({
    id: 'averages-the-two-middle-values',
    name: 'takes the mean of the two middle values as the median of an even number of values',
    visible: false,
    rules: ['group-medians'],
    input: evenGroups,
    run: fitThenFill,
    check: (actual, t) => {
      const out = (actual ?? {}) as { imputer?: Plain; cars?: Plain };
      checkImputer(out.imputer ?? null, fit(evenGroups.train), t, 'imputer fitted on groups with an even number of cars (median of the two middle values)');
      checkCars(out.cars, fill(fit(evenGroups.train), evenGroups.serve), t, 'cars filled with the median of an even-sized group');
    },
  }),
  testCase({
    id: 'treats-nan-as-missing',
    name: 'treats a NaN horsepower as missing: skipped when fitting, filled and flagged when imputing',
    visible: false,
    rules: ['missing-means'],
    input: withNaN,
    run: fitThenFill,
    check: (actual, t) => {
      const out = (actual ?? {}) as { imputer?: Plain; cars?: Plain };
      checkImputer(out.imputer ?? null, fit(withNaN.train), t, 'imputer fitted on cars with a NaN horsepower (NaN horsepower treated as missing)');
      checkCars(out.cars, fill(fit(withNaN.train), withNaN.serve), t, 'cars with a NaN horsepower (NaN horsepower treated as missing)');
    },
  }),
  testCase({
    id: 'handles-empty-inputs',
    name: 'returns an empty imputer for no training cars and no cars for an empty batch',
    visible: false,
    rules: ['empty-input'],
    input: { train: trainCars.slice(0, 5) },
    run: (user: User, input: { train: Car[] }) => ({
      fitted: user.fitImputer([]),
      filled: user.imputeHorsepower(user.fitImputer(input.train), []),
      splits: user.prepareSplits(input.train, []),
    }),
    check: (actual, t) => {
      const out = (actual ?? {}) as { fitted?: Plain; filled?: Plain; splits?: { test?: Plain } };
      t.equal(out.filled, [], { what: 'imputeHorsepower of no cars' });
      t.equal(out.splits?.test, [], { what: 'prepareSplits test cars for an empty test split' });
      t.equal(out.fitted, { byOriginAndCylinders: {}, byCylinders: {}, overall: NaN }, { what: 'fitImputer of no cars (overall is NaN)' });
    },
  }),
  testCase({
    id: 'does-not-modify-inputs',
    name: 'leaves the cars and the imputer it was given unchanged',
    visible: false,
    rules: ['no-mutation'],
    input: { imputer: shipped, cars: mixedBatch },
    run: (user: User, input: ImputeInput, h: HarnessHelpers) => {
      const cars = h.lend(input.cars.map((c) => ({ ...c })));
      const imputer = h.lend({ byOriginAndCylinders: { ...input.imputer.byOriginAndCylinders }, byCylinders: { ...input.imputer.byCylinders }, overall: input.imputer.overall });
      user.imputeHorsepower(imputer, cars);
      user.prepareSplits(cars, h.lend(cars.map((c) => ({ ...c }))));
      return { cars, imputer };
    },
    check: (actual, t) => {
      const out = (actual ?? {}) as { cars?: Plain; imputer?: Plain };
      t.equal(out.cars, mixedBatch, { what: 'input cars after imputing (must not be modified: return new objects)' });
      t.equal(out.imputer, shipped, { what: 'imputer after imputing (must not be modified)' });
    },
  }),
  generatedCases({
    id: 'imputes-generated-fleets-like-the-reference',
    name: 'fits and fills like the reference for generated fleets (unseen origins and cylinders, all-missing groups, even groups, zero horsepower, null and NaN)',
    rules: ['missing-means', 'group-medians', 'three-levels', 'most-specific-fill', 'keep-recorded', 'learns-nothing', 'fit-on-train', 'empty-input'],
    input: generatedFleet,
    examples: [
      { train: [], test: [{ name: 'kia rio', origin: 'Korea', cylinders: 4, horsepower: null }] },
      { train: [{ name: 'vw rabbit', origin: 'Europe', cylinders: 4, horsepower: 0 }, { name: 'ford pinto', origin: 'USA', cylinders: 4, horsepower: 90 }], test: [{ name: 'vw rabbit', origin: 'Europe', cylinders: 4, horsepower: Number.NaN }] },
    ],
    count: 30,
    run: (user: User, input: { train: Car[]; test: Car[] }) => {
      const fitted = user.fitImputer(input.train);
      return { fitted, split: user.prepareSplits(input.train, input.test), filled: user.imputeHorsepower(fitted, input.test.slice(0, 1)) };
    },
    what: 'imputation',
  }),
]);
