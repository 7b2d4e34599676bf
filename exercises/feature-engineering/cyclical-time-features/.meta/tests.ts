import fc from 'fast-check';
import { defineTests, generatedCases, isTensorData, parseCsv, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import type * as tfjs from '@tensorflow/tfjs';
import csv from '../data/orders.csv';

interface Order {
  orderId: string;
  placedAt: string;
  timeZone: string;
}
interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  dayOfWeek: number;
}
interface User {
  toLocalTime(placedAt: string, timeZone: string): LocalTime;
  cyclicalFeatures(orders: Order[]): tfjs.Tensor2D;
}

// ---- Data: the 2024 order log. ----

// parseCsv (papaparse's dynamicTyping) turns ISO 8601 cells into Date objects: write them back as the logged text.
const isoText = (cell: unknown) => (cell instanceof Date ? cell.toISOString().replace('.000Z', 'Z') : String(cell));
const orders: Order[] = parseCsv(csv).map((r) => ({ orderId: String(r.order_id), placedAt: isoText(r.placed_at), timeZone: String(r.time_zone) }));

// ---- Host-side reference (Intl with an explicit 23-hour clock, en-GB parts). ----

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
function local(placedAt: string, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' })
      .formatToParts(new Date(Date.parse(placedAt)))
      .map((p) => [p.type, p.value]),
  );
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, dayOfWeek: DAYS.indexOf(parts.weekday!) };
}
function features(list: Order[]): number[][] {
  return list.map((o) => {
    const t = local(o.placedAt, o.timeZone);
    const angles = [(2 * Math.PI * (t.hour + t.minute / 60)) / 24, (2 * Math.PI * t.dayOfWeek) / 7, (2 * Math.PI * (t.month - 1)) / 12];
    return angles.flatMap((a) => [Math.sin(a), Math.cos(a)]);
  });
}

// ---- Checks. ----

const FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'dayOfWeek'] as const;

function checkLocalTimes(actual: Plain | unknown, list: Order[], t: Checker, what: string): void {
  compareLocalTimes(actual, list.map((o) => local(o.placedAt, o.timeZone)), list, t, what);
}

/** One LocalTime per order, compared field by field; `'throws'` where toLocalTime must throw. */
function compareLocalTimes(actual: Plain | unknown, expected: (LocalTime | 'throws')[], list: Order[], t: Checker, what: string): void {
  t.that(Array.isArray(actual), `${what}: expected one LocalTime per order`);
  const got = actual as (Partial<LocalTime> | 'throws')[];
  t.equal(got.length, list.length, { what: `${what}: number of results` });
  list.forEach((order, i) => {
    const want = expected[i]!;
    const row = got[i] ?? {};
    if (want === 'throws' || row === 'throws') {
      const property = want === 'throws' ? 'toLocalTime should throw for an unreadable timestamp or an unknown time zone' : 'toLocalTime threw for a readable timestamp in a known time zone';
      t.that(row === want, `${what}: ${property}`, { visibleProperty: `${what}: order ${i}: ${property}`, expected: `${order.placedAt} in ${order.timeZone}: ${JSON.stringify(want)}`, actual: JSON.stringify(row) });
      return;
    }
    for (const field of FIELDS) {
      if (row[field] !== want[field]) {
        const property =
          field === 'dayOfWeek'
            ? 'dayOfWeek is wrong (0 = Monday ... 6 = Sunday, of the local date)'
            : field === 'hour' && row.hour === 24 && want.hour === 0
              ? "hour is 24; midnight is hour 0 (use hourCycle: 'h23', not 'h24' or hour12: false)"
              : `${field} is wrong (local time in the store's time zone)`;
        t.that(false, `${what}: ${property}`, {
          visibleProperty: `${what}: order ${i}: ${property}`,
          expected: `${order.placedAt} in ${order.timeZone} is ${JSON.stringify(want)}`,
          actual: JSON.stringify(row),
        });
      }
    }
  });
}

const COLUMN_NAMES = ['hour sin', 'hour cos', 'day-of-week sin', 'day-of-week cos', 'month sin', 'month cos'];
const COLUMN_RULES = [
  'hour features (angle 2π·(hour + minute / 60) / 24 of the local time)',
  'hour features (angle 2π·(hour + minute / 60) / 24 of the local time)',
  'day-of-week features (angle 2π·dayOfWeek / 7, 0 = Monday, of the local date)',
  'day-of-week features (angle 2π·dayOfWeek / 7, 0 = Monday, of the local date)',
  'month features (angle 2π·(month - 1) / 12 of the local date)',
  'month features (angle 2π·(month - 1) / 12 of the local date)',
];

function checkFeatures(actual: Plain | unknown, list: Order[], t: Checker, what: string): void {
  compareFeatures(actual, features(list), list, t, what);
}

function compareFeatures(actual: Plain | unknown, expected: number[][], list: Order[], t: Checker, what: string): void {
  t.that(isTensorData(actual), `${what}: cyclicalFeatures should return a tf.Tensor2D`);
  t.shape(actual, [list.length, 6], { what: `${what} (one row per order, six columns)` });
  t.dtype(actual, 'float32', { what });
  const values = (actual as { values: number[][] }).values;
  expected.forEach((row, i) =>
    row.forEach((x, j) => {
      const y = values[i]![j]!;
      if (!(Math.abs(y - x) <= 1e-5)) {
        t.that(false, `${what}: ${COLUMN_NAMES[j]} is wrong: check the ${COLUMN_RULES[j]}`, {
          visibleProperty: `${what}: order ${i}, ${COLUMN_NAMES[j]} is wrong: check the ${COLUMN_RULES[j]}`,
          expected: `${x.toFixed(6)} for ${list[i]!.placedAt} in ${list[i]!.timeZone}`,
          actual: String(y),
        });
      }
    }),
  );
}

type Attempt = { threw: boolean; message: string };
function checkRejected(actual: Plain | unknown, t: Checker, why: string, row: number, kind: 'timestamp' | 'time zone'): void {
  const outcome = (actual ?? {}) as Partial<Attempt>;
  t.that(outcome.threw === true, `a batch with ${why} should throw an Error, but cyclicalFeatures returned`);
  for (const words of [`row ${row}`, kind]) {
    t.that(typeof outcome.message === 'string' && new RegExp(`\\b${words}\\b`).test(outcome.message), `the error for a batch with ${why} should say which row ("row <index>", counting from 0) and what is wrong ("${kind}")`, {
      expected: `a message containing "${words}"`,
      actual: JSON.stringify(outcome.message),
    });
  }
}

// ---- Hand-made orders. ----

const order = (placedAt: string, timeZone: string, orderId = 'ord-x'): Order => ({ orderId, placedAt, timeZone });
const known = [
  order('2024-01-01T11:00:00Z', 'America/New_York'), // Mon 1 Jan, 06:00 local
  order('2024-07-04T16:00:00Z', 'Europe/London'), // Thu 4 Jul, 17:00 BST
  order('2024-10-12T06:30:00Z', 'Asia/Kolkata'), // Sat 12 Oct, 12:00 IST
];
const lateNight = [order('2024-06-14T03:50:00Z', 'America/Los_Angeles'), order('2024-06-14T04:10:00Z', 'America/Los_Angeles'), order('2024-06-14T16:10:00Z', 'America/Los_Angeles')];
const clockChanges = [
  order('2024-03-10T06:59:00Z', 'America/New_York'),
  order('2024-03-10T07:00:00Z', 'America/New_York'),
  order('2024-11-03T05:30:00Z', 'America/New_York'),
  order('2024-11-03T06:30:00Z', 'America/New_York'),
  order('2024-03-31T00:59:00Z', 'Europe/London'),
  order('2024-03-31T01:00:00Z', 'Europe/London'),
  order('2024-04-06T15:30:00Z', 'Australia/Sydney'),
  order('2024-04-06T16:30:00Z', 'Australia/Sydney'),
  order('2024-10-05T16:30:00Z', 'Australia/Sydney'),
];
const oddOffsets = [order('2024-05-01T18:45:00Z', 'Asia/Kolkata'), order('2024-05-01T18:00:00Z', 'Asia/Kathmandu'), order('2024-05-01T12:20:00Z', 'Asia/Kathmandu')];
const dateRollover = [order('2023-12-31T14:00:00Z', 'Australia/Sydney'), order('2024-01-01T02:00:00Z', 'America/Los_Angeles'), order('2024-03-01T03:30:00Z', 'America/New_York')];
const withOffsets = [order('2024-07-01T09:15:00+02:00', 'Europe/London'), order('2024-07-01T09:15:00.250-04:00', 'America/New_York'), order('2024-12-24T23:30:00+05:30', 'Asia/Kolkata')];
const midnight = [order('2024-02-29T05:00:00Z', 'America/New_York'), order('2024-08-15T18:30:00Z', 'Asia/Kolkata')];

const featuresOf = (user: User, input: { orders: Order[] }) => user.cyclicalFeatures(input.orders);
const localTimesOf = (user: User, input: { orders: Order[] }) => input.orders.map((o) => user.toLocalTime(o.placedAt, o.timeZone));


// ---- Generated batches. ----

/**
 * Zones with every kind of rule: both hemispheres' daylight saving, half-hour daylight saving
 * (Lord Howe), quarter-hour offsets (Kathmandu, Chatham), the two ends of the offsets (Kiritimati
 * +14, Pago Pago -11), negative half-hour offsets (St John's, Marquesas) and none at all (UTC).
 */
const ZONES = [
  'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu',
  'America/St_Johns', 'America/Santiago', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Kiritimati',
  'Pacific/Pago_Pago', 'Pacific/Marquesas', 'Europe/Berlin', 'Africa/Johannesburg', 'Asia/Tokyo', 'UTC',
];
/** Zones whose offset (minutes east of UTC) has not changed since 2000: local midnight is known without Intl. */
const FIXED_OFFSETS: [string, number][] = [['Asia/Kolkata', 330], ['Asia/Kathmandu', 345], ['Asia/Tokyo', 540], ['Pacific/Kiritimati', 840], ['Pacific/Pago_Pago', -660], ['Pacific/Marquesas', -570], ['UTC', 0], ['Africa/Johannesburg', 120]];
/** 2024's clock changes (UTC instants): orders are placed within two hours either side of one. */
const CLOCK_CHANGES: [string, string][] = [
  ['America/New_York', '2024-03-10T07:00:00Z'], ['America/New_York', '2024-11-03T06:00:00Z'],
  ['America/Los_Angeles', '2024-03-10T10:00:00Z'], ['America/Los_Angeles', '2024-11-03T09:00:00Z'],
  ['Europe/London', '2024-03-31T01:00:00Z'], ['Europe/London', '2024-10-27T01:00:00Z'],
  ['Australia/Sydney', '2024-04-06T16:00:00Z'], ['Australia/Sydney', '2024-10-05T16:00:00Z'],
  ['Australia/Lord_Howe', '2024-04-06T15:00:00Z'], ['Australia/Lord_Howe', '2024-10-05T15:30:00Z'],
  ['Pacific/Chatham', '2024-04-06T14:00:00Z'], ['Pacific/Chatham', '2024-09-28T14:00:00Z'],
  ['America/St_Johns', '2024-03-10T05:30:00Z'], ['America/St_Johns', '2024-11-03T04:30:00Z'],
];
/** Offsets an instant may be written with: only which instant it is depends on them. */
const WRITTEN_OFFSETS = [0, 0, 0, 60, -240, 330, 345, -570, 840, -720];
/** Timestamps Date.parse cannot read, and zone names Intl does not know. */
const BAD_TIMESTAMPS = ['2024-13-45T99:00', 'yesterday', '', '2024-05-01T10:00:00+25:00', '01/05/2024 10:00 CET'];
const BAD_ZONES = ['Mars/Olympus', 'America/Springfield', '', 'UTC+5', 'Europe/Londres'];

const MINUTE = 60_000;
const FROM = Date.parse('2000-01-01T00:00:00Z');
const TO = Date.parse('2035-12-31T23:59:00Z');

/** An ISO 8601 text for an instant, with Z or an offset, and seconds and milliseconds that must be ignored. */
function written(instant: number, offsetMinutes: number, withMillis: boolean): string {
  const wall = new Date(instant + offsetMinutes * MINUTE).toISOString();
  const zone = offsetMinutes === 0 ? 'Z' : `${offsetMinutes > 0 ? '+' : '-'}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
  return `${wall.slice(0, 19)}${withMillis ? wall.slice(19, 23) : ''}${zone}`;
}

const seconds = fc.integer({ min: 0, max: 59_999 });
const text = fc.record({ offset: fc.constantFrom(...WRITTEN_OFFSETS), millis: fc.boolean() });
/** Any minute of 2000-2035 in any zone; local midnight (exactly, or a minute either side) in a fixed-offset zone; around a clock change. */
const goodOrder = fc
  .oneof(
    { weight: 4, arbitrary: fc.record({ zone: fc.constantFrom(...ZONES), instant: fc.integer({ min: FROM / MINUTE, max: TO / MINUTE }).map((m) => m * MINUTE) }) },
    {
      weight: 2,
      arbitrary: fc.record({ fixed: fc.constantFrom(...FIXED_OFFSETS), day: fc.integer({ min: Math.floor(FROM / 86_400_000), max: Math.floor(TO / 86_400_000) }), nudge: fc.constantFrom(0, 0, -1, 1) }).map(({ fixed, day, nudge }) => ({
        zone: fixed[0],
        instant: (day * 1440 - fixed[1] + nudge) * MINUTE,
      })),
    },
    { weight: 2, arbitrary: fc.record({ change: fc.constantFrom(...CLOCK_CHANGES), nudge: fc.integer({ min: -120, max: 120 }) }).map(({ change, nudge }) => ({ zone: change[0], instant: Date.parse(change[1]) + nudge * MINUTE })) },
  )
  .chain(({ zone, instant }) => fc.record({ seconds, text }).map(({ seconds: s, text: w }) => ({ timeZone: zone, placedAt: written(instant + (w.millis ? s : s - (s % 1000)), w.offset, w.millis) })));
const badOrder = fc.oneof(
  fc.record({ placedAt: fc.constantFrom(...BAD_TIMESTAMPS), timeZone: fc.constantFrom(...ZONES) }),
  fc.record({ placedAt: fc.constant('2024-05-01T10:00:00Z'), timeZone: fc.constantFrom(...BAD_ZONES) }),
);
/** Batches of 0 to 12 orders; one in four has a single bad row somewhere in it. */
const generatedBatch = fc
  .record({ good: fc.array(goodOrder, { minLength: 0, maxLength: 12 }), bad: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(badOrder, fc.nat()) }) })
  .map(({ good, bad }) => {
    const list = good.map((o, i) => ({ orderId: `ord-${i + 1}`, ...o }));
    if (bad) list.splice(bad[1] % (list.length + 1), 0, { orderId: 'ord-bad', ...bad[0] });
    return { orders: list };
  });

type BatchResult = { times: (LocalTime | 'throws')[]; features: Plain | Attempt };

function compareBatch(actual: Plain, expected: Plain, t: Checker, input: { orders: Order[] }): void {
  const got = (actual ?? {}) as Partial<BatchResult>;
  const want = expected as unknown as BatchResult;
  compareLocalTimes(got.times, want.times, input.orders, t, 'toLocalTime of generated orders');
  const wantError = want.features as Partial<Attempt>;
  if (wantError.threw === true) {
    const row = Number(/row (\d+)/.exec(wantError.message ?? '')![1]);
    const kind = /timestamp/.test(wantError.message ?? '') ? 'timestamp' : 'time zone';
    checkRejected(got.features, t, kind === 'timestamp' ? 'an unreadable timestamp' : 'an unknown time zone', row, kind);
    return;
  }
  const gotError = got.features as Partial<Attempt> | undefined;
  t.that(gotError?.threw !== true, 'cyclicalFeatures threw for a batch of readable timestamps in known time zones');
  compareFeatures(got.features, (want.features as unknown as { values: number[][] }).values, input.orders, t, 'cyclical features of generated orders');
}

export default defineTests<User>()([
  testCase({
    id: 'converts-instants-to-store-local-time',
    name: "converts logged UTC instants to the wall-clock time in each store's time zone",
    visible: true,
    rules: ['local-time', 'day-of-week'],
    input: { orders: orders.slice(0, 24) },
    run: localTimesOf,
    check: (actual, t) => checkLocalTimes(actual, orders.slice(0, 24), t, "toLocalTime (local time in the store's time zone)"),
  }),
  testCase({
    id: 'encodes-known-times-on-the-circle',
    name: 'encodes hour, day of week and month as sin/cos pairs of the local time',
    visible: true,
    rules: ['feature-columns'],
    input: { orders: known },
    run: featuresOf,
    check: (actual, t) => checkFeatures(actual, known, t, 'cyclical features of three orders'),
  }),
  testCase({
    id: 'keeps-late-night-orders-together',
    name: 'places 23:50 and 00:10 as close together as any two times 20 minutes apart, and far from noon',
    visible: true,
    rules: ['feature-columns'],
    input: { orders: lateNight },
    run: featuresOf,
    check: (actual, t) => {
      t.that(isTensorData(actual), 'cyclicalFeatures should return a tf.Tensor2D');
      t.shape(actual, [3, 6], { what: 'cyclical features of three orders (one row per order, six columns)' });
      const v = (actual as { values: number[][] }).values;
      const distance = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
      const twentyMinutes = 2 * Math.sin((Math.PI * (20 / 60)) / 24);
      const d = distance(v[0]!, v[1]!);
      t.that(Math.abs(d - twentyMinutes) < 1e-4, 'hour features: 23:50 and 00:10 local must be as close as any two times 20 minutes apart (hour sin/cos on a 24-hour circle)', {
        expected: `distance ${twentyMinutes.toFixed(4)}`,
        actual: `distance ${d.toFixed(4)}`,
      });
      const far = distance(v[0]!, v[2]!);
      t.that(far > 1.9, 'hour features: 23:50 and 12:10 local must be nearly opposite on the hour circle', { expected: 'distance close to 2', actual: `distance ${far.toFixed(4)}` });
      checkFeatures(actual, lateNight, t, 'cyclical features of late-night orders');
    },
  }),
  testCase({
    id: 'encodes-the-2024-order-log',
    name: 'encodes all 564 orders of the 2024 log',
    visible: true,
    rules: ['local-time', 'day-of-week', 'feature-columns'],
    input: { orders },
    run: featuresOf,
    check: (actual, t) => checkFeatures(actual, orders, t, 'cyclical features of the 2024 order log'),
  }),
  testCase({
    id: 'follows-daylight-saving-changes',
    name: 'follows each city’s clock changes: the same UTC hour is a different local hour in summer and winter',
    visible: false,
    rules: ['local-time', 'feature-columns'],
    input: { orders: clockChanges },
    run: (user: User, input: { orders: Order[] }) => [input.orders.map((o) => user.toLocalTime(o.placedAt, o.timeZone)), user.cyclicalFeatures(input.orders)],
    check: (actual, t) => {
      const [times, feats] = Array.isArray(actual) ? actual : [];
      checkLocalTimes(times, clockChanges, t, 'local time of orders around the daylight-saving changes');
      checkFeatures(feats, clockChanges, t, 'cyclical features of orders around the daylight-saving changes');
    },
  }),
  testCase({
    id: 'handles-half-hour-offsets',
    name: 'handles time zones 5:30 and 5:45 hours ahead of UTC',
    visible: false,
    rules: ['local-time', 'feature-columns'],
    input: { orders: oddOffsets },
    run: (user: User, input: { orders: Order[] }) => [input.orders.map((o) => user.toLocalTime(o.placedAt, o.timeZone)), user.cyclicalFeatures(input.orders)],
    check: (actual, t) => {
      const [times, feats] = Array.isArray(actual) ? actual : [];
      checkLocalTimes(times, oddOffsets, t, 'local time in zones with half- and quarter-hour offsets');
      checkFeatures(feats, oddOffsets, t, 'cyclical features in zones with half- and quarter-hour offsets');
    },
  }),
  testCase({
    id: 'uses-the-local-date',
    name: 'takes day of week, month and year from the local date when it differs from the UTC date',
    visible: false,
    rules: ['local-time', 'day-of-week', 'feature-columns'],
    input: { orders: dateRollover },
    run: (user: User, input: { orders: Order[] }) => [input.orders.map((o) => user.toLocalTime(o.placedAt, o.timeZone)), user.cyclicalFeatures(input.orders)],
    check: (actual, t) => {
      const [times, feats] = Array.isArray(actual) ? actual : [];
      checkLocalTimes(times, dateRollover, t, 'local date of orders placed on a different UTC date');
      checkFeatures(feats, dateRollover, t, 'cyclical features of orders placed on a different UTC date');
    },
  }),
  testCase({
    id: 'reads-timestamps-with-offsets',
    name: 'reads instants written with a UTC offset instead of Z as the same instants',
    visible: false,
    rules: ['local-time'],
    input: { orders: withOffsets },
    run: (user: User, input: { orders: Order[] }) => [input.orders.map((o) => user.toLocalTime(o.placedAt, o.timeZone)), user.cyclicalFeatures(input.orders)],
    check: (actual, t) => {
      const [times, feats] = Array.isArray(actual) ? actual : [];
      checkLocalTimes(times, withOffsets, t, 'local time of instants written with an offset');
      checkFeatures(feats, withOffsets, t, 'cyclical features of instants written with an offset');
    },
  }),
  testCase({
    id: 'midnight-is-hour-zero',
    name: 'reports midnight as hour 0 of the new day, never 24',
    visible: false,
    rules: ['midnight-is-hour-zero'],
    input: { orders: midnight },
    run: (user: User, input: { orders: Order[] }) => [input.orders.map((o) => user.toLocalTime(o.placedAt, o.timeZone)), user.cyclicalFeatures(input.orders)],
    check: (actual, t) => {
      const [times, feats] = Array.isArray(actual) ? actual : [];
      checkLocalTimes(times, midnight, t, 'local time of orders placed at midnight (midnight is hour 0)');
      checkFeatures(feats, midnight, t, 'cyclical features of orders placed at midnight');
    },
  }),
  testCase({
    id: 'encodes-an-empty-batch',
    name: 'returns a [0, 6] tensor for no orders',
    visible: false,
    rules: ['empty-input'],
    input: { orders: [] as Order[] },
    run: featuresOf,
    check: (actual, t) => {
      t.that(isTensorData(actual), 'cyclicalFeatures of no orders should still return a tf.Tensor2D');
      t.shape(actual, [0, 6], { what: 'cyclical features of no orders' });
    },
  }),
  testCase({
    id: 'rejects-bad-rows-by-index',
    name: 'throws an error naming the row for an unreadable timestamp or an unknown time zone, without leaking',
    visible: false,
    rules: ['bad-rows', 'no-leaks'],
    input: {
      badTime: [order('2024-05-01T10:00:00Z', 'Europe/London'), order('2024-13-45T99:00:00Z', 'Europe/London')],
      badZone: [order('2024-05-01T10:00:00Z', 'Europe/London'), order('2024-05-01T10:00:00Z', 'America/Springfield')],
    },
    run: (user: User, input: { badTime: Order[]; badZone: Order[] }) => {
      const attempt = (list: Order[]) => {
        try {
          user.cyclicalFeatures(list).dispose();
          return { threw: false, message: '' };
        } catch (error) {
          return { threw: true, message: error instanceof Error ? error.message : String(error) };
        }
      };
      return [attempt(input.badTime), attempt(input.badZone)];
    },
    check: (actual, t) => {
      const [badTime, badZone] = Array.isArray(actual) ? actual : [];
      checkRejected(badTime, t, 'an unreadable timestamp', 1, 'timestamp');
      checkRejected(badZone, t, 'an unknown time zone', 1, 'time zone');
    },
  }),
  generatedCases({
    id: 'encodes-generated-batches-like-the-reference',
    name: 'gives the local time and cyclical features of the reference for generated batches (any zone, year, offset, clock change, midnight, bad row)',
    rules: ['local-time', 'midnight-is-hour-zero', 'day-of-week', 'feature-columns', 'bad-rows', 'empty-input', 'no-leaks'],
    input: generatedBatch,
    examples: [
      { orders: [] },
      { orders: [order('2024-12-31T13:00:00Z', 'Australia/Sydney'), order('2024-12-31T23:59:59.999Z', 'Pacific/Kiritimati'), order('2025-01-01T10:59:00-01:00', 'Pacific/Pago_Pago')] },
      { orders: [order('2024-03-10T06:59:00Z', 'America/New_York'), order('2024-05-01T10:00:00Z', 'Europe/Londres')] },
      { orders: [order('2024-05-01T10:00:00Z', 'Europe/London'), order('2024-05-01T10:00:00Z', 'Asia/Tokyo'), order('2024-13-45T99:00', 'Asia/Tokyo')] },
    ],
    count: 28,
    run: (user: User, input: { orders: Order[] }) => {
      const times = input.orders.map((o) => {
        try {
          return user.toLocalTime(o.placedAt, o.timeZone);
        } catch {
          return 'throws' as const;
        }
      });
      try {
        return { times, features: user.cyclicalFeatures(input.orders) };
      } catch (error) {
        return { times, features: { threw: true, message: error instanceof Error ? error.message : String(error) } };
      }
    },
    what: 'cyclical time features',
    compare: compareBatch,
  }),
]);
