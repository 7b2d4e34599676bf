import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import csv from '../data/weather.csv';

interface DailyWeather {
  location: string;
  date: string;
  tempMax: number;
  precipitation: number;
}
interface LagFeatures {
  location: string;
  date: string;
  tempMaxLag1: number;
  tempMaxLag7: number;
  tempMaxMean7: number;
  precipitationSum3: number;
}
interface User {
  buildFeatures(days: DailyWeather[]): LagFeatures[];
}

// ---- Data: the real daily record, Seattle then New York. ----

// parseCsv (papaparse's dynamicTyping) turns YYYY-MM-DD cells into Date objects: write them back as text.
const dateText = (cell: unknown) => (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell));
const record: DailyWeather[] = parseCsv(csv).map((r) => ({
  location: String(r.location),
  date: dateText(r.date),
  tempMax: Number(r.temp_max),
  precipitation: Number(r.precipitation),
}));
const seattle = record.filter((d) => d.location === 'Seattle');
const newYork = record.filter((d) => d.location === 'New York');

// ---- Host-side reference: per location, a map from calendar day to the row. ----

const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
const ok = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
type Field = 'tempMax' | 'precipitation';

function reference(days: DailyWeather[], shiftWindowsToToday = false): LagFeatures[] {
  const byLocation = new Map<string, Map<number, DailyWeather>>();
  for (const d of days) {
    if (!byLocation.has(d.location)) byLocation.set(d.location, new Map());
    byLocation.get(d.location)!.set(dayOf(d.date), d);
  }
  const end = shiftWindowsToToday ? 0 : 1;
  return days.map((d) => {
    const rows = byLocation.get(d.location)!;
    const n = dayOf(d.date);
    const at = (k: number, f: Field) => {
      const v = rows.get(n - k)?.[f];
      return ok(v) ? v : NaN;
    };
    const temps = [0, 1, 2, 3, 4, 5, 6].map((i) => at(i + end, 'tempMax')).filter(ok);
    const rain = [0, 1, 2].map((i) => at(i + end, 'precipitation'));
    return {
      location: d.location,
      date: d.date,
      tempMaxLag1: at(1, 'tempMax'),
      tempMaxLag7: at(7, 'tempMax'),
      tempMaxMean7: temps.length >= 4 ? temps.reduce((s, t) => s + t, 0) / temps.length : NaN,
      precipitationSum3: rain.some(Number.isNaN) ? NaN : rain.reduce((s, r) => s + r, 0),
    };
  });
}

// ---- Checks: the first wrong value, with the rule that produces it. ----

const RULES: Record<Exclude<keyof LagFeatures, 'location' | 'date'>, string> = {
  tempMaxLag1: 'tempMaxLag1 (tempMax of the calendar day before, same location; NaN when that day is missing)',
  tempMaxLag7: 'tempMaxLag7 (tempMax 7 calendar days before, same location; NaN when that day is missing)',
  tempMaxMean7: 'tempMaxMean7 (mean of the recorded tempMax over the 7 calendar days before the date, same location; NaN with fewer than 4 recorded days)',
  precipitationSum3: 'precipitationSum3 (sum of the precipitation over the 3 calendar days before the date, same location; NaN unless all 3 are recorded)',
};
const same = (a: unknown, b: number) => (Number.isNaN(b) ? typeof a === 'number' && Number.isNaN(a) : typeof a === 'number' && Math.abs(a - b) <= 1e-9);
const show = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : JSON.stringify(v));

function checkFeatures(actual: Plain | unknown, days: DailyWeather[], t: Checker, what: string): void {
  compareFeatures(actual, reference(days), days, t, what);
}

function compareFeatures(actual: Plain | unknown, expected: LagFeatures[], days: DailyWeather[], t: Checker, what: string): void {
  t.that(Array.isArray(actual), `${what}: buildFeatures should return an array with one row per input day`);
  const rows = actual as Partial<LagFeatures>[];
  t.equal(rows.length, days.length, { what: `${what}: number of feature rows (one per input day)` });
  const leaky = reference(days, true);
  expected.forEach((want, i) => {
    const got = rows[i] ?? {};
    t.that(got.location === want.location && got.date === want.date, `${what}: rows come back in the input order, one per input day`, {
      visibleProperty: `${what}: row ${i} should be ${want.location} ${want.date}: rows come back in the input order, one per input day`,
      expected: `${want.location} ${want.date}`,
      actual: `${String(got.location)} ${String(got.date)}`,
    });
    for (const field of Object.keys(RULES) as (keyof typeof RULES)[]) {
      if (same(got[field], want[field])) continue;
      const includesToday = (field === 'tempMaxMean7' || field === 'precipitationSum3') && same(got[field], leaky[i]![field]);
      const property = includesToday ? `${field} includes the day's own value (what the model is asked to predict): windows must end the day before` : RULES[field];
      t.that(false, includesToday ? `${what}: a row's ${property}` : `${what}: a row's ${property} is wrong`, {
        visibleProperty: includesToday ? `${what}: row ${i}, ${property}` : `${what}: row ${i} (${want.location} ${want.date}), ${property}`,
        expected: show(want[field]),
        actual: show(got[field]),
      });
    }
  });
}

// ---- Hand-made and derived cases. ----

const day = (location: string, date: string, tempMax: number, precipitation: number): DailyWeather => ({ location, date, tempMax, precipitation });
const tenDays = Array.from({ length: 10 }, (_, i) => day('Reykjavik', `2015-03-${String(i + 1).padStart(2, '0')}`, i + 1, (i % 3) * 0.5));
const interleaved = seattle.slice(0, 10).flatMap((d, i) => [d, newYork[i]!]);
const outage = newYork.slice(760, 800).filter((_, i) => ![10, 11, 12, 25].includes(i));
const sparse = [
  day('Oslo', '2015-01-01', 1, 0),
  day('Oslo', '2015-01-03', 3, 0),
  day('Oslo', '2015-01-05', 5, 1),
  day('Oslo', '2015-01-08', 8, 0), // 3 recorded days in the week before
  day('Oslo', '2015-01-09', 9, 2), // 4 recorded days in the week before
  day('Oslo', '2015-01-10', NaN, 1),
  day('Oslo', '2015-01-11', 11, NaN),
  day('Oslo', '2015-01-12', 12, 0),
  day('Oslo', '2015-01-13', 13, 0),
  day('Oslo', '2015-01-14', 14, 0),
  day('Oslo', '2015-01-15', 15, 0),
];
/** A fixed, non-sorted order of two months of both cities. */
const shuffled = (() => {
  const rows = [...seattle.slice(400, 460), ...newYork.slice(400, 460)];
  const out: DailyWeather[] = [];
  for (let i = 0; i < rows.length; i += 1) out.push(rows[(i * 37) % rows.length]!);
  return out;
})();
const firstDays = [seattle[0]!, newYork[0]!, seattle[1]!, newYork[1]!];

const build = (user: User, input: { days: DailyWeather[] }) => user.buildFeatures(input.days);


// ---- Generated records. ----

const DAY_MS = 86_400_000;
const dateOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** Month and year ends, leap days (2000 and 2024 have one; 2100 does not) where calendar arithmetic and row arithmetic part. */
const BOUNDARIES = ['2000-03-01', '2024-03-01', '2023-03-01', '2100-03-01', '2016-01-01', '2019-05-01'].map(dayOf);

/** A temperature: usually recorded (zero and below zero included), sometimes NaN or null. */
const tempMax = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -150, max: 380 }).map((x) => x / 10) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(null) },
);
/** Precipitation: dry days (0) are common and are recorded; NaN and null are not. */
const precipitation = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 400 }).map((x) => x / 10) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(null) },
);
/** One station's feed: a run of calendar days (starting anywhere, or just before a month, year or leap-day boundary), each present or dropped. */
const station = (location: string) =>
  fc
    .record({
      start: fc.oneof(fc.integer({ min: dayOf('1999-01-01'), max: dayOf('2030-12-31') }), fc.tuple(fc.constantFrom(...BOUNDARIES), fc.integer({ min: 1, max: 12 })).map(([b, k]) => b - k)),
      present: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), { minLength: 0, maxLength: 24 }),
    })
    .chain(({ start, present }) => {
      const dates = present.flatMap((keep, k) => (keep ? [dateOf(start + k)] : []));
      return fc.tuple(...dates.map((date) => fc.record({ tempMax, precipitation }).map((v) => ({ location, date, ...v }) as DailyWeather)));
    });
/**
 * One to three stations, with gaps, NaN and null values; the rows sorted by station, interleaved
 * by date or in no order at all; one input in six has a second row for a day already there.
 */
const generatedRecord = fc
  .record({
    names: fc.shuffledSubarray(['Seattle', 'New York', 'Reykjavik', 'Oslo'], { minLength: 1, maxLength: 3 }),
    order: fc.constantFrom('by-station' as const, 'by-date' as const, 'shuffled' as const),
    keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 80, maxLength: 80 }),
    duplicate: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ pick: fc.nat(), at: fc.nat(), tempMax }) }),
  })
  .chain(({ names, order, keys, duplicate }) =>
    fc.tuple(...names.map(station)).map((stations) => {
      let days = stations.flat();
      if (order === 'by-date') days = [...days].sort((a, b) => a.date.localeCompare(b.date));
      if (order === 'shuffled') days = days.map((d, i) => ({ d, key: keys[i % keys.length]! + i * 1e-9 })).sort((a, b) => a.key - b.key).map(({ d }) => d);
      if (duplicate && days.length > 0) {
        const copy = { ...days[duplicate.pick % days.length]!, tempMax: duplicate.tempMax as number };
        days = [...days.slice(0, duplicate.at % (days.length + 1)), copy, ...days.slice(duplicate.at % (days.length + 1))];
      }
      return { days };
    }),
  );

type Outcome = LagFeatures[] | { threw: boolean; message: string };

function compareRecord(actual: Plain, expected: Plain, t: Checker, input: { days: DailyWeather[] }): void {
  const want = expected as unknown as Outcome;
  const got = actual as unknown as Outcome;
  if (!Array.isArray(want)) {
    const outcome = (got ?? {}) as { threw?: boolean; message?: string };
    t.that(outcome.threw === true, 'a station with two rows for the same day should throw an Error (which one would a lag use?), but buildFeatures returned');
    t.that(typeof outcome.message === 'string' && outcome.message.toLowerCase().includes('duplicate'), 'the error for two rows on one day should say "duplicate"');
    return;
  }
  t.that(Array.isArray(got), 'buildFeatures threw for a record without duplicate days');
  compareFeatures(got, want, input.days, t, 'features of a generated record');
}

export default defineTests<User>()([
  testCase({
    id: 'lags-by-calendar-day',
    name: 'gives each day the temperatures of the days before it at the same station',
    visible: true,
    rules: ['earlier-days-only', 'calendar-days'],
    input: { days: seattle.slice(0, 60) },
    run: build,
    check: (actual, t) => checkFeatures(actual, seattle.slice(0, 60), t, 'features of Seattle, January-February 2012'),
  }),
  testCase({
    id: 'windows-end-the-day-before',
    name: "builds the rolling mean and sum from the days before the date, never the day's own values",
    visible: true,
    rules: ['earlier-days-only', 'mean-of-recorded-days', 'sum-needs-all-three'],
    input: { days: tenDays },
    run: build,
    check: (actual, t) => checkFeatures(actual, tenDays, t, 'features of ten days with temperatures 1 to 10'),
  }),
  testCase({
    id: 'keeps-stations-apart',
    name: "never uses another station's weather, even when the rows are interleaved by date",
    visible: true,
    rules: ['earlier-days-only', 'input-order'],
    input: { days: interleaved },
    run: build,
    check: (actual, t) => checkFeatures(actual, interleaved, t, 'features of Seattle and New York rows interleaved by date (each from the same location only)'),
  }),
  testCase({
    id: 'builds-the-whole-record',
    name: 'builds the features for all 2,922 days of both stations',
    visible: true,
    rules: ['earlier-days-only', 'calendar-days'],
    input: { days: record },
    run: build,
    check: (actual, t) => checkFeatures(actual, record, t, 'features of the whole 2012-2015 record'),
  }),
  testCase({
    id: 'treats-missing-days-as-gaps',
    name: 'treats days missing from the feed as gaps: lags look back in calendar days, not rows',
    visible: false,
    rules: ['calendar-days', 'missing-values'],
    input: { days: outage },
    run: build,
    check: (actual, t) => checkFeatures(actual, outage, t, 'features across a feed outage (a missing day is a gap, not a shift)'),
  }),
  testCase({
    id: 'needs-enough-recorded-days',
    name: 'needs 4 recorded days for the 7-day mean and all 3 days for the rain total; NaN values count as missing',
    visible: false,
    rules: ['missing-values', 'mean-of-recorded-days', 'sum-needs-all-three'],
    input: { days: sparse },
    run: build,
    check: (actual, t) => checkFeatures(actual, sparse, t, 'features of a sparse record with missing values'),
  }),
  testCase({
    id: 'accepts-any-input-order',
    name: 'gives the same features whatever order the rows arrive in, and returns them in that order',
    visible: false,
    rules: ['input-order'],
    input: { days: shuffled },
    run: build,
    check: (actual, t) => checkFeatures(actual, shuffled, t, 'features of rows in no particular order'),
  }),
  testCase({
    id: 'first-days-have-no-history',
    name: 'gives NaN for every feature of a station’s first day',
    visible: false,
    rules: ['missing-values', 'earlier-days-only'],
    input: { days: firstDays },
    run: build,
    check: (actual, t) => checkFeatures(actual, firstDays, t, 'features of the first days of the record'),
  }),
  testCase({
    id: 'rejects-duplicate-days',
    name: 'throws an error that says "duplicate" when a station has two rows for one day',
    visible: false,
    rules: ['duplicates'],
    input: { days: [...seattle.slice(0, 5), { ...seattle[2]!, tempMax: 99 }] },
    run: (user: User, input: { days: DailyWeather[] }) => {
      try {
        user.buildFeatures(input.days);
        return { threw: false, message: '' };
      } catch (error) {
        return { threw: true, message: error instanceof Error ? error.message : String(error) };
      }
    },
    check: (actual, t) => {
      const outcome = (actual ?? {}) as { threw?: boolean; message?: string };
      t.that(outcome.threw === true, 'a station with two rows for the same day should throw an Error (which one would a lag use?), but buildFeatures returned');
      t.that(typeof outcome.message === 'string' && outcome.message.toLowerCase().includes('duplicate'), 'the error for two rows on one day should say "duplicate"', {
        expected: 'a message containing "duplicate"',
        actual: JSON.stringify(outcome.message),
      });
    },
  }),
  testCase({
    id: 'handles-no-days',
    name: 'returns no rows for no days',
    visible: false,
    rules: ['empty-input'],
    input: { days: [] as DailyWeather[] },
    run: build,
    check: (actual, t) => t.equal(actual, [], { what: 'features of no days' }),
  }),
  testCase({
    id: 'does-not-modify-inputs',
    name: 'leaves the rows it was given, and their order, unchanged',
    visible: false,
    rules: ['no-mutation'],
    input: { days: shuffled.slice(0, 30) },
    run: (user: User, input: { days: DailyWeather[] }, h: HarnessHelpers) => {
      const days = h.lend(input.days.map((d) => ({ ...d })));
      user.buildFeatures(days);
      return days;
    },
    check: (actual, t) => t.equal(actual, shuffled.slice(0, 30), { what: 'input rows after buildFeatures (must not be modified or re-ordered)' }),
  }),
  generatedCases({
    id: 'builds-generated-records-like-the-reference',
    name: 'builds the features of the reference for generated records (several stations, gaps, month and year ends, NaN and null, any order, duplicates)',
    rules: ['earlier-days-only', 'calendar-days', 'missing-values', 'mean-of-recorded-days', 'sum-needs-all-three', 'input-order', 'duplicates', 'empty-input'],
    input: generatedRecord,
    examples: [
      { days: [] },
      // Exactly 4 and exactly 3 recorded days in the week before; all 3 rain days recorded (dry) or one of them null.
      {
        days: [
          day('Oslo', '2024-02-26', 0, 0), day('Oslo', '2024-02-27', -2.5, 0), day('Oslo', '2024-02-29', 0, 0), day('Oslo', '2024-03-01', null as unknown as number, 0),
          day('Oslo', '2024-03-02', 4, null as unknown as number), day('Oslo', '2024-03-04', 1, 0), day('Oslo', '2024-03-05', 2, 0),
        ],
      },
      { days: [day('Oslo', '2023-12-31', 3, 1), day('Bergen', '2024-01-01', 5, 0), day('Oslo', '2024-01-01', 4, 0), day('Oslo', '2023-12-31', 3, 1)] },
    ],
    count: 30,
    run: (user: User, input: { days: DailyWeather[] }) => {
      try {
        return user.buildFeatures(input.days);
      } catch (error) {
        return { threw: true, message: error instanceof Error ? error.message : String(error) };
      }
    },
    what: 'lag features',
    compare: compareRecord,
  }),
]);
