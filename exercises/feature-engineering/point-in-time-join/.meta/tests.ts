import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import ordersCsv from '../data/orders.csv';
import snapshotsCsv from '../data/customer_snapshots.csv';

interface Order {
  orderId: string;
  customerId: string;
  placedAt: string;
}
interface CustomerSnapshot {
  customerId: string;
  asOf: string;
  availableAt: string;
  orders90d: number;
  refundRate90d: number | null;
  accountAgeDays: number;
}
interface OrderWithFeatures {
  orderId: string;
  customerId: string;
  placedAt: string;
  snapshotAsOf: string | null;
  orders90d: number | null;
  refundRate90d: number | null;
  accountAgeDays: number | null;
}
interface User {
  joinAsOf(orders: Order[], snapshots: CustomerSnapshot[], maxAgeDays: number): OrderWithFeatures[];
}
interface JoinInput {
  orders: Order[];
  snapshots: CustomerSnapshot[];
  maxAgeDays: number;
}

// ---- Data. ----

// parseCsv (papaparse's dynamicTyping) turns ISO 8601 cells into Date objects: write them back as text.
const text = (cell: unknown) => (cell instanceof Date ? cell.toISOString().replace('.000Z', 'Z') : String(cell));
const orders: Order[] = parseCsv(ordersCsv).map((r) => ({ orderId: String(r.order_id), customerId: String(r.customer_id), placedAt: text(r.placed_at) }));
const snapshots: CustomerSnapshot[] = parseCsv(snapshotsCsv).map((r) => ({
  customerId: String(r.customer_id),
  asOf: text(r.as_of),
  availableAt: text(r.available_at),
  orders90d: Number(r.orders_90d),
  refundRate90d: typeof r.refund_rate_90d === 'number' ? r.refund_rate_90d : null,
  accountAgeDays: Number(r.account_age_days),
}));
const MAX_AGE_DAYS = 10;

// ---- Host-side reference: brute force over every snapshot. ----

const DAY = 86_400_000;
const ms = (s: string) => Date.parse(s);
/** The snapshot serving had: newest as-of among those available by placedAt, newest version of it. Ignores staleness. */
const grouped = new WeakMap<CustomerSnapshot[], Map<string, CustomerSnapshot[]>>();
function byCustomer(all: CustomerSnapshot[]): Map<string, CustomerSnapshot[]> {
  let map = grouped.get(all);
  if (!map) {
    map = new Map();
    for (const s of all) map.set(s.customerId, [...(map.get(s.customerId) ?? []), s]);
    grouped.set(all, map);
  }
  return map;
}
function available(order: Order, all: CustomerSnapshot[]): CustomerSnapshot | undefined {
  let best: CustomerSnapshot | undefined;
  for (const s of byCustomer(all).get(order.customerId) ?? []) {
    if (ms(s.availableAt) > ms(order.placedAt)) continue;
    if (!best || ms(s.asOf) > ms(best.asOf) || (ms(s.asOf) === ms(best.asOf) && ms(s.availableAt) > ms(best.availableAt))) best = s;
  }
  return best;
}
function expectedJoin(input: JoinInput): OrderWithFeatures[] {
  return input.orders.map((o) => {
    const s = available(o, input.snapshots);
    const fresh = s && ms(o.placedAt) - ms(s.asOf) <= input.maxAgeDays * DAY ? s : undefined;
    return {
      orderId: o.orderId,
      customerId: o.customerId,
      placedAt: o.placedAt,
      snapshotAsOf: fresh?.asOf ?? null,
      orders90d: fresh?.orders90d ?? null,
      refundRate90d: fresh ? fresh.refundRate90d : null,
      accountAgeDays: fresh?.accountAgeDays ?? null,
    };
  });
}

// ---- Checks, with the reason a wrong snapshot is wrong. ----

const FEATURES = ['orders90d', 'refundRate90d', 'accountAgeDays'] as const;

function diagnose(got: Partial<OrderWithFeatures>, order: Order, input: JoinInput): string {
  const used = input.snapshots.filter((s) => s.customerId === order.customerId && s.asOf === got.snapshotAsOf);
  if (got.snapshotAsOf != null && used.length === 0) return 'has a snapshotAsOf that is not the asOf of any snapshot of this customer';
  if (used.length > 0 && used.every((s) => ms(s.asOf) > ms(order.placedAt))) return 'uses a snapshot computed after the order was placed: these features describe the future (label leakage)';
  if (used.length > 0 && used.every((s) => ms(s.availableAt) > ms(order.placedAt))) {
    return used.some((s) => s.availableAt <= order.placedAt)
      ? 'uses a snapshot that was not available yet when the order was placed: the timestamps carry different UTC offsets, so compare instants, not strings'
      : 'uses a snapshot that was not available yet when the order was placed (its availableAt is after placedAt: asOf alone does not say when the features could be read)';
  }
  const servable = available(order, input.snapshots);
  if (servable && ms(servable.availableAt) === ms(order.placedAt) && got.snapshotAsOf !== servable.asOf) {
    return 'misses the snapshot that became available exactly at order time (availableAt <= placedAt counts)';
  }
  if (got.snapshotAsOf != null && servable?.asOf === got.snapshotAsOf) {
    if (ms(order.placedAt) - ms(servable.asOf) > input.maxAgeDays * DAY) return 'uses features older than maxAgeDays: stale snapshots must give null features';
    return 'takes the values of an older version of a re-published snapshot: use the newest version available at order time';
  }
  if (got.snapshotAsOf == null && servable) return 'has no features, but a fresh snapshot was available at order time';
  return 'is not the newest snapshot available at order time';
}

function checkJoin(actual: Plain | unknown, input: JoinInput, t: Checker, what: string): void {
  t.that(Array.isArray(actual), `${what}: joinAsOf should return an array with one row per order`);
  const rows = actual as Partial<OrderWithFeatures>[];
  const n = input.orders.length;
  const counts = { expected: `${n} rows (one per order)`, actual: `${rows.length} rows` };
  t.that(rows.length <= n, `${what}: the join duplicated orders (exactly one row per order, whatever the number of snapshots)`, counts);
  t.that(rows.length >= n, `${what}: the join dropped orders (orders without a usable snapshot stay, with null features)`, counts);
  const expected = expectedJoin(input);
  expected.forEach((want, i) => {
    const got = rows[i] ?? {};
    t.that(got.orderId === want.orderId && got.customerId === want.customerId && got.placedAt === want.placedAt, `${what}: a row is not its order: one row per order, in the input order, with orderId, customerId and placedAt unchanged`, {
      visibleProperty: `${what}: row ${i} is not its order: one row per order, in the input order, with orderId, customerId and placedAt unchanged`,
      expected: `${want.orderId} ${want.customerId} ${want.placedAt}`,
      actual: `${String(got.orderId)} ${String(got.customerId)} ${String(got.placedAt)}`,
    });
    const sameSnapshot = (got.snapshotAsOf ?? null) === want.snapshotAsOf;
    const sameValues = FEATURES.every((f) => (got[f] ?? null) === want[f]);
    if (!sameSnapshot || !sameValues) {
      t.that(false, `${what}: a row ${diagnose(got, input.orders[i]!, input)}`, {
        visibleProperty: `${what}: row ${i}: ${diagnose(got, input.orders[i]!, input)}`,
        expected: `order ${want.orderId} placed ${want.placedAt}: ` + JSON.stringify({ snapshotAsOf: want.snapshotAsOf, orders90d: want.orders90d, refundRate90d: want.refundRate90d, accountAgeDays: want.accountAgeDays }),
        actual: JSON.stringify({ snapshotAsOf: got.snapshotAsOf, orders90d: got.orders90d, refundRate90d: got.refundRate90d, accountAgeDays: got.accountAgeDays }),
      });
    }
  });
}

// ---- Hand-made cases. ----

const order = (orderId: string, customerId: string, placedAt: string): Order => ({ orderId, customerId, placedAt });
const snap = (customerId: string, asOf: string, availableAt: string, orders90d: number, refundRate90d: number | null, accountAgeDays: number): CustomerSnapshot => ({
  customerId,
  asOf,
  availableAt,
  orders90d,
  refundRate90d,
  accountAgeDays,
});

const history = [
  snap('cus-a', '2024-03-04T00:00:00Z', '2024-03-04T05:10:00Z', 4, 0, 120),
  snap('cus-a', '2024-03-11T00:00:00Z', '2024-03-11T04:20:00Z', 5, 0.2, 127),
  snap('cus-a', '2024-03-18T00:00:00Z', '2024-03-18T06:00:00Z', 6, 0.333, 134),
  snap('cus-b', '2024-03-11T00:00:00Z', '2024-03-11T04:20:00Z', 1, null, 9),
];
const morning: JoinInput = {
  snapshots: history,
  orders: [order('o-1', 'cus-a', '2024-03-11T02:15:00Z'), order('o-2', 'cus-a', '2024-03-11T09:00:00Z'), order('o-3', 'cus-a', '2024-03-17T23:59:00Z')],
  maxAgeDays: 10,
};
const leftJoin: JoinInput = {
  snapshots: history,
  orders: [
    order('o-4', 'cus-a', '2024-03-20T12:00:00Z'),
    order('o-5', 'cus-new', '2024-03-20T12:05:00Z'),
    order('o-6', 'cus-b', '2024-03-10T18:00:00Z'),
    order('o-7', 'cus-b', '2024-03-12T08:00:00Z'),
    order('o-8', 'cus-a', '2024-03-20T12:00:00Z'),
  ],
  maxAgeDays: 10,
};
const stale: JoinInput = {
  snapshots: [snap('cus-c', '2024-03-18T00:00:00Z', '2024-03-18T05:00:00Z', 3, 0, 40), snap('cus-c', '2024-04-01T00:00:00Z', '2024-04-01T05:00:00Z', 4, 0.25, 54)],
  orders: [order('o-9', 'cus-c', '2024-03-27T23:00:00Z'), order('o-10', 'cus-c', '2024-03-28T00:00:00Z'), order('o-11', 'cus-c', '2024-03-29T10:00:00Z'), order('o-12', 'cus-c', '2024-04-01T04:59:00Z')],
  maxAgeDays: 10,
};
const exactlyAvailable: JoinInput = {
  snapshots: [snap('cus-d', '2024-05-06T00:00:00Z', '2024-05-06T04:00:00Z', 2, 0.5, 30), snap('cus-d', '2024-04-29T00:00:00Z', '2024-04-29T04:00:00Z', 1, 0, 23)],
  orders: [order('o-13', 'cus-d', '2024-05-06T04:00:00Z'), order('o-14', 'cus-d', '2024-05-06T03:59:59Z')],
  maxAgeDays: 10,
};
const republished: JoinInput = {
  snapshots: [
    snap('cus-e', '2024-02-05T00:00:00Z', '2024-02-05T05:00:00Z', 7, 0.143, 300),
    snap('cus-e', '2024-02-05T00:00:00Z', '2024-02-08T10:00:00Z', 8, 0.125, 300),
    snap('cus-e', '2024-01-29T00:00:00Z', '2024-01-29T05:00:00Z', 6, 0.167, 293),
  ],
  orders: [order('o-15', 'cus-e', '2024-02-06T12:00:00Z'), order('o-16', 'cus-e', '2024-02-09T12:00:00Z')],
  maxAgeDays: 10,
};
const offsets: JoinInput = {
  snapshots: [snap('cus-f', '2024-06-03T00:00:00Z', '2024-06-03T05:00:00Z', 9, 0.111, 400), snap('cus-f', '2024-05-27T00:00:00Z', '2024-05-27T05:00:00Z', 8, 0.125, 393)],
  orders: [order('o-17', 'cus-f', '2024-06-03T06:30:00+02:00'), order('o-18', 'cus-f', '2024-06-03T01:30:00-04:00')],
  maxAgeDays: 10,
};
const shuffledReal: JoinInput = (() => {
  const some = orders.slice(300, 420);
  return {
    orders: some.map((_, i) => some[(i * 53) % some.length]!),
    snapshots: snapshots.filter((_, i) => i % 2 === 0).concat(snapshots.filter((_, i) => i % 2 === 1)).reverse(),
    maxAgeDays: MAX_AGE_DAYS,
  };
})();

const join = (user: User, input: JoinInput) => user.joinAsOf(input.orders, input.snapshots, input.maxAgeDays);


// ---- Generated tables. ----

const HOUR = 3_600_000;
const BASE = Date.parse('2024-03-04T00:00:00Z');
/** Offsets a timestamp may be written with (minutes east of UTC): the instant is what counts. */
const OFFSETS = [0, 0, 0, 120, -240, 330, -570, 840, -720];
function written(instant: number, offsetMinutes: number): string {
  const wall = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${wall}Z`;
  const a = Math.abs(offsetMinutes);
  return `${wall}${offsetMinutes > 0 ? '+' : '-'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
const offset = fc.constantFrom(...OFFSETS);
const refundRate = fc.oneof(fc.constant(null), fc.constant(0), fc.integer({ min: 1, max: 1000 }).map((x) => x / 1000));

/**
 * One customer's weekly runs: each lands 0 to 30 hours after its asOf (a run may be skipped), and
 * may be re-published once or twice later, sometimes after the next week's run has landed.
 */
const customerHistory = (customerId: string) =>
  fc.array(
    fc.record({
      skip: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      landHours: fc.integer({ min: 0, max: 30 }),
      republishHours: fc.array(fc.integer({ min: 1, max: 240 }), { maxLength: 2 }),
      values: fc.array(fc.record({ orders90d: fc.integer({ min: 0, max: 40 }), refundRate90d: refundRate, accountAgeDays: fc.integer({ min: 0, max: 900 }), asOfOffset: offset, availableOffset: offset }), { minLength: 3, maxLength: 3 }),
    }),
    { maxLength: 5 },
  ).map((weeks) =>
    weeks.flatMap((week, w) => {
      if (week.skip) return [];
      const asOf = BASE + w * 7 * 24 * HOUR;
      const landings = [week.landHours, ...[...new Set(week.republishHours)].map((h) => week.landHours + h)];
      return landings.map((hours, v) => {
        const x = week.values[v]!;
        return { customerId, asOf: written(asOf, x.asOfOffset), availableAt: written(asOf + hours * HOUR, x.availableOffset), orders90d: x.orders90d, refundRate90d: x.refundRate90d, accountAgeDays: x.accountAgeDays };
      });
    }),
  );

/**
 * One to four customers, maxAgeDays from 0 to 14; orders at any time in the six weeks, exactly at a
 * snapshot's availableAt or exactly maxAgeDays after its asOf (or a minute either side), for known
 * and unknown customers; both tables in any order.
 */
const generatedJoin = fc
  .record({ customers: fc.integer({ min: 1, max: 4 }), maxAgeDays: fc.oneof(fc.integer({ min: 0, max: 14 }), fc.constant(10), fc.constant(1.5)) })
  .chain(({ customers, maxAgeDays }) =>
    fc.tuple(...Array.from({ length: customers }, (_, c) => customerHistory(`cus-${c}`))).chain((histories) => {
      const all = histories.flat();
      const customer = fc.integer({ min: 0, max: customers }).map((c) => (c === customers ? 'cus-new' : `cus-${c}`));
      const anyTime = fc.record({ customerId: customer, at: fc.integer({ min: -2 * 24, max: 42 * 24 }).map((h) => BASE + h * HOUR + 17 * 60_000) });
      const edges =
        all.length === 0
          ? anyTime
          : fc.record({ pick: fc.nat(all.length - 1), edge: fc.constantFrom('landed' as const, 'age-limit' as const), nudge: fc.constantFrom(0, 0, -60_000, 60_000) }).map(({ pick, edge, nudge }) => {
              const s = all[pick]!;
              return { customerId: s.customerId, at: (edge === 'landed' ? Date.parse(s.availableAt) : Date.parse(s.asOf) + maxAgeDays * 24 * HOUR) + nudge };
            });
      return fc.record({
        orders: fc.array(fc.record({ when: fc.oneof(anyTime, edges), placedOffset: offset }), { maxLength: 10 }).map((list) =>
          list.map(({ when, placedOffset }, i) => ({ orderId: `o-${i + 1}`, customerId: when.customerId, placedAt: written(when.at, placedOffset) })),
        ),
        snapshots: fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        maxAgeDays: fc.constant(maxAgeDays),
      });
    }),
  );

export default defineTests<User>()([
  testCase({
    id: 'joins-orders-to-servable-snapshots',
    name: 'gives every 2024 order the newest customer snapshot that was available when it was placed',
    visible: true,
    rules: ['available-at-order-time', 'newest-as-of', 'fresh-enough', 'one-row-per-order'],
    input: { orders, snapshots, maxAgeDays: MAX_AGE_DAYS },
    run: join,
    check: (actual, t) => checkJoin(actual, { orders, snapshots, maxAgeDays: MAX_AGE_DAYS }, t, 'orders joined to the weekly snapshots'),
  }),
  testCase({
    id: 'waits-for-availability',
    name: 'uses last week’s snapshot for an order placed before this week’s had landed',
    visible: true,
    rules: ['available-at-order-time'],
    input: morning,
    run: join,
    check: (actual, t) => checkJoin(actual, morning, t, 'orders placed around a snapshot’s landing time'),
  }),
  testCase({
    id: 'keeps-one-row-per-order',
    name: 'returns exactly one row per order, keeping orders without a usable snapshot with null features',
    visible: true,
    rules: ['one-row-per-order'],
    input: leftJoin,
    run: join,
    check: (actual, t) => checkJoin(actual, leftJoin, t, 'orders of customers with many, one or no snapshots'),
  }),
  testCase({
    id: 'drops-stale-features',
    name: 'gives null features when the newest available snapshot is more than maxAgeDays old',
    visible: true,
    rules: ['fresh-enough'],
    input: stale,
    run: join,
    check: (actual, t) => checkJoin(actual, stale, t, 'orders after a failed feature run (maxAgeDays 10)'),
  }),
  testCase({
    id: 'counts-a-snapshot-available-at-order-time',
    name: 'uses a snapshot whose availableAt equals the order time',
    visible: false,
    rules: ['available-at-order-time'],
    input: exactlyAvailable,
    run: join,
    check: (actual, t) => checkJoin(actual, exactlyAvailable, t, 'an order placed the moment a snapshot landed'),
  }),
  testCase({
    id: 'takes-the-newest-version',
    name: 'takes the newest version of a re-published snapshot that existed at order time',
    visible: false,
    rules: ['newest-as-of'],
    input: republished,
    run: join,
    check: (actual, t) => checkJoin(actual, republished, t, 'orders around a re-published snapshot'),
  }),
  testCase({
    id: 'compares-instants-not-strings',
    name: 'compares timestamps as instants when they are written with different UTC offsets',
    visible: false,
    rules: ['instants-not-strings'],
    input: offsets,
    run: join,
    check: (actual, t) => checkJoin(actual, offsets, t, 'orders whose timestamps carry a UTC offset'),
  }),
  testCase({
    id: 'accepts-any-row-order',
    name: 'gives the same features when orders and snapshots come in any order',
    visible: false,
    rules: ['instants-not-strings', 'one-row-per-order'],
    input: shuffledReal,
    run: join,
    check: (actual, t) => checkJoin(actual, shuffledReal, t, 'shuffled orders and snapshots'),
  }),
  testCase({
    id: 'handles-empty-tables',
    name: 'returns [] for no orders and null features for every order when there are no snapshots',
    visible: false,
    rules: ['one-row-per-order'],
    input: { orders: orders.slice(0, 5), snapshots: [] as CustomerSnapshot[] },
    run: (user: User, input: { orders: Order[]; snapshots: CustomerSnapshot[] }) => [user.joinAsOf([], input.snapshots, 10), user.joinAsOf(input.orders, [], 10)],
    check: (actual, t) => {
      const [none, bare] = Array.isArray(actual) ? actual : [];
      t.equal(none, [], { what: 'joinAsOf with no orders' });
      checkJoin(bare, { orders: orders.slice(0, 5), snapshots: [], maxAgeDays: 10 }, t, 'orders joined to an empty snapshot table');
    },
  }),
  testCase({
    id: 'does-not-modify-inputs',
    name: 'leaves the orders and snapshots it was given, and their order, unchanged',
    visible: false,
    rules: ['no-mutation'],
    input: leftJoin,
    run: (user: User, input: JoinInput, h: HarnessHelpers) => {
      const o = h.lend(input.orders.map((x) => ({ ...x })));
      const s = h.lend(input.snapshots.map((x) => ({ ...x })));
      user.joinAsOf(o, s, input.maxAgeDays);
      return [o, s];
    },
    check: (actual, t) => {
      const [o, s] = Array.isArray(actual) ? actual : [];
      t.equal(o, leftJoin.orders, { what: 'orders after the join (must not be modified or re-ordered)' });
      t.equal(s, leftJoin.snapshots, { what: 'snapshots after the join (must not be modified or re-ordered)' });
    },
  }),
  generatedCases({
    id: 'joins-generated-tables-like-the-reference',
    name: 'joins generated tables like the reference (late and re-published snapshots, skipped runs, orders at the exact landing time and age limit, any offsets and order)',
    rules: ['available-at-order-time', 'newest-as-of', 'fresh-enough', 'one-row-per-order', 'instants-not-strings'],
    input: generatedJoin,
    examples: [
      // Last week's snapshot re-published after this week's landed: the newest asOf wins, not the last published.
      {
        snapshots: [
          snap('cus-a', '2024-03-04T00:00:00Z', '2024-03-04T05:00:00Z', 1, 0, 10),
          snap('cus-a', '2024-03-11T00:00:00Z', '2024-03-11T05:00:00Z', 2, 0.5, 17),
          snap('cus-a', '2024-03-04T01:00:00+01:00', '2024-03-12T09:00:00Z', 3, null, 10),
        ],
        orders: [order('o-1', 'cus-a', '2024-03-12T10:00:00Z'), order('o-2', 'cus-a', '2024-03-11T06:00:00+01:00'), order('o-3', 'cus-a', '2024-03-21T00:00:00Z'), order('o-4', 'cus-a', '2024-03-21T00:01:00Z')],
        maxAgeDays: 10,
      },
      { snapshots: [snap('cus-a', '2024-03-04T00:00:00Z', '2024-03-04T00:00:00Z', 0, 0, 0)], orders: [order('o-1', 'cus-a', '2024-03-04T00:00:00Z'), order('o-2', 'cus-a', '2024-03-04T00:01:00Z')], maxAgeDays: 0 },
    ],
    count: 28,
    run: join,
    what: 'point-in-time join',
    compare: (actual, _expected, t, input) => checkJoin(actual, input, t, 'generated orders joined to generated snapshots'),
  }),
]);
