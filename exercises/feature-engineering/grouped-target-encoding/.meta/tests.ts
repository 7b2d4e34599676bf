import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain, type HarnessHelpers } from '@/lib/grading/test-api';
import csv from '../data/transactions.csv';

interface Payment {
  cardId: string;
  merchantId: string | null;
  chargeback: number;
}
interface TargetEncoder {
  prior: number;
  encodings: Record<string, number>;
}
interface Splits {
  folds: number[];
  train: number[];
  test: number[];
  encoder: TargetEncoder;
}
interface User {
  groupKFold(groups: string[], k: number): number[];
  fitTargetEncoder(categories: (string | null)[], targets: number[], smoothing: number): TargetEncoder;
  applyTargetEncoder(encoder: TargetEncoder, categories: (string | null)[]): number[];
  targetEncodeSplits(train: Payment[], test: Payment[], k: number, smoothing: number): Splits;
}

// ---- Data. ----

const rows = parseCsv(csv);
const toPayment = (r: Record<string, unknown>): Payment => ({ cardId: String(r.card_id), merchantId: r.merchant_id === null ? null : String(r.merchant_id), chargeback: Number(r.chargeback) });
const train = rows.filter((r) => r.split === 'train').map(toPayment);
const test = rows.filter((r) => r.split === 'test').map(toPayment);
const K = 5;
const M = 10;

// ---- Host-side reference. ----

const missing = (c: string | null | undefined) => c === null || c === undefined || c === '';
function folds(groups: string[], k: number): number[] {
  const size = new Map<string, number>();
  for (const g of groups) size.set(g, (size.get(g) ?? 0) + 1);
  const order = [...size].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const load = new Array<number>(k).fill(0);
  const fold = new Map<string, number>();
  for (const [g, n] of order) {
    const f = load.indexOf(Math.min(...load));
    fold.set(g, f);
    load[f]! += n;
  }
  return groups.map((g) => fold.get(g)!);
}
function fit(categories: (string | null)[], targets: number[], m: number, prior = targets.reduce((s, y) => s + y, 0) / targets.length): TargetEncoder {
  const stats: Record<string, [number, number]> = {};
  categories.forEach((c, i) => {
    if (missing(c)) return;
    const s = (stats[c!] ??= [0, 0]);
    s[0] += targets[i]!;
    s[1] += 1;
  });
  return { prior, encodings: Object.fromEntries(Object.entries(stats).map(([c, [sum, n]]) => [c, (sum + m * prior) / (n + m)])) };
}
const apply = (e: TargetEncoder, categories: (string | null)[]) => categories.map((c) => (!missing(c) && Object.prototype.hasOwnProperty.call(e.encodings, c) ? e.encodings[c!]! : e.prior));
function outOfFold(payments: Payment[], fold: number[], k: number, m: number, globalPrior = false): number[] {
  const out = new Array<number>(payments.length).fill(NaN);
  const all = payments.reduce((s, p) => s + p.chargeback, 0) / payments.length;
  for (let f = 0; f < k; f += 1) {
    const rest = payments.filter((_, i) => fold[i] !== f);
    const e = fit(
      rest.map((p) => p.merchantId),
      rest.map((p) => p.chargeback),
      m,
      globalPrior ? all : undefined,
    );
    payments.forEach((p, i) => {
      if (fold[i] === f) out[i] = apply(e, [p.merchantId])[0]!;
    });
  }
  return out;
}

// ---- Checks. ----

const close = (a: unknown, b: number) => typeof a === 'number' && Math.abs(a - b) <= 1e-9;

function checkFolds(actual: Plain | unknown, groups: string[], k: number, t: Checker, what: string): void {
  t.that(Array.isArray(actual) && actual.length === groups.length, `${what}: should be an array with one fold index per payment`, { expected: `${groups.length} fold indices`, actual: Array.isArray(actual) ? `${actual.length}` : typeof actual });
  const got = actual as number[];
  t.that(
    got.every((f) => Number.isInteger(f) && f >= 0 && f < k),
    `${what}: every fold index must be a whole number from 0 to k - 1`,
  );
  const seen = new Map<string, number>();
  groups.forEach((g, i) => {
    const before = seen.get(g);
    if (before !== undefined && before !== got[i]) {
      t.that(false, `${what}: a card has payments in two folds: all of a card's payments must be in the same fold`, { expected: `every payment of ${g} in fold ${before}`, actual: `payment ${i} in fold ${got[i]}` });
    }
    seen.set(g, got[i]!);
  });
  t.equal(got, folds(groups, k), { what: `${what}: fold of each payment (largest cards first, each to the fold with the fewest payments so far; ties: card id in code-unit order, then the lowest fold)` });
}

function checkEncoder(actual: Plain | unknown, expected: TargetEncoder, t: Checker, what: string): void {
  const e = actual as Partial<TargetEncoder> | null;
  t.that(e !== null && typeof e === 'object' && typeof e.prior === 'number' && typeof e.encodings === 'object' && e.encodings !== null, `${what}: should be an object { prior, encodings }`);
  t.closeTo(e!.prior, expected.prior, { what: `${what}: prior (the chargeback rate of every payment it was fitted on)` });
  const keys = Object.keys(e!.encodings!);
  t.that(!keys.some((key) => key === '' || key === 'null' || key === 'undefined'), `${what}: a missing merchant is never a category: payments without a merchant id get the prior`);
  t.equal(keys.sort(), Object.keys(expected.encodings).sort(), { what: `${what}: merchants in the encoder (every merchant id of the payments it was fitted on)` });
  for (const [category, value] of Object.entries(expected.encodings)) {
    if (!close(e!.encodings![category], value)) {
      t.that(false, `${what}: the encoding of a merchant is not (chargebacks + smoothing × prior) / (payments + smoothing)`, {
        expected: `${category}: ${value}`,
        actual: `${category}: ${String(e!.encodings![category])}`,
      });
    }
  }
}

function checkTrainEncodings(actual: Plain | unknown, payments: Payment[], fold: number[], k: number, m: number, t: Checker, what: string): void {
  t.that(Array.isArray(actual) && actual.length === payments.length, `${what}: should be one number per training payment`);
  const got = actual as number[];
  const expected = outOfFold(payments, fold, k, m);
  const inSample = apply(
    fit(
      payments.map((p) => p.merchantId),
      payments.map((p) => p.chargeback),
      m,
    ),
    payments.map((p) => p.merchantId),
  );
  const withGlobalPrior = outOfFold(payments, fold, k, m, true);
  const unsmoothed = outOfFold(payments, fold, k, 0);
  expected.forEach((want, i) => {
    if (close(got[i], want)) return;
    const why = close(got[i], inSample[i]!)
      ? "uses its own fold: a training payment's encoding must be learned out of fold, from the other folds only (its own chargeback is in the rate)"
      : close(got[i], withGlobalPrior[i]!)
        ? 'smooths towards the prior of all training payments: out of fold, the prior is the chargeback rate of the other folds'
        : close(got[i], unsmoothed[i]!)
          ? 'ignores smoothing: (chargebacks + smoothing × prior) / (payments + smoothing)'
          : 'is not the encoding learned from the other folds ((chargebacks + smoothing × prior) / (payments + smoothing), prior of the other folds; unseen or missing merchant: that prior)';
    t.that(false, `${what}: a payment's encoding ${why}`, { visibleProperty: `${what}: payment ${i} ${why}`, expected: String(want), actual: String(got[i]) });
  });
}

function checkTestEncodings(actual: Plain | unknown, trainPayments: Payment[], testPayments: Payment[], m: number, t: Checker, what: string): void {
  t.that(Array.isArray(actual) && actual.length === testPayments.length, `${what}: should be one number per test payment`);
  const got = actual as number[];
  const full = fit(
    trainPayments.map((p) => p.merchantId),
    trainPayments.map((p) => p.chargeback),
    m,
  );
  const expected = apply(
    full,
    testPayments.map((p) => p.merchantId),
  );
  expected.forEach((want, i) => {
    if (!close(got[i], want)) {
      const rule = 'is not encoded with the one encoder fitted on all training payments (no folds at serving time; unseen or missing merchant: its prior)';
      t.that(false, `${what}: a payment ${rule}`, {
        visibleProperty: `${what}: payment ${i} ${rule}`,
        expected: String(want),
        actual: String(got[i]),
      });
    }
  });
}

// ---- Hand-made cases. ----

const example = {
  categories: ['m-a', 'm-a', 'm-a', 'm-a', 'm-b', 'm-b', 'm-c', null, 'm-c', 'm-c'],
  targets: [1, 1, 0, 0, 0, 0, 1, 1, 0, 0],
};
const unseen = {
  encoder: { prior: 0.05, encodings: { 'm-0001': 0.02, 'm-0002': 0.31 } },
  categories: ['m-0002', 'm-9999', null, '', 'm-0001', 'M-0001'],
};
const ties = ['card-c', 'card-a', 'card-b', 'card-a', 'card-d', 'card-b', 'card-c', 'card-e', 'card-d', 'card-f'];
const largestFirst = ['card-1', 'card-2', 'card-2', 'card-3', 'card-3', 'card-3', 'card-4', 'card-4', 'card-4', 'card-4', 'card-5'];
const lonely: Payment[] = [
  { cardId: 'c-1', merchantId: 'm-x', chargeback: 1 },
  { cardId: 'c-1', merchantId: 'm-x', chargeback: 1 },
  { cardId: 'c-1', merchantId: 'm-y', chargeback: 0 },
  { cardId: 'c-2', merchantId: 'm-y', chargeback: 0 },
  { cardId: 'c-2', merchantId: 'm-y', chargeback: 1 },
  { cardId: 'c-3', merchantId: 'm-y', chargeback: 0 },
  { cardId: 'c-3', merchantId: null, chargeback: 0 },
  { cardId: 'c-4', merchantId: 'm-z', chargeback: 0 },
];
const lonelyTest: Payment[] = [
  { cardId: 'c-9', merchantId: 'm-x', chargeback: 0 },
  { cardId: 'c-9', merchantId: 'm-new', chargeback: 0 },
  { cardId: 'c-9', merchantId: null, chargeback: 0 },
];


// ---- Generated cases. ----

/** Card ids whose code-unit order differs from their numeric and case-blind order. */
const CARDS = ['card-1', 'card-2', 'card-10', 'card-9', 'Card-3', 'card-a', 'card-B', 'c', 'card-0002', 'card-0010', 'card-11'];
/** Merchant ids, one of them differing from another only in case. */
const MERCHANTS = ['m-0001', 'm-0002', 'M-0001', 'm-0003', 'm-0042', 'm-0100'];
const SMOOTHING = [0, 0, 0.5, 1, 2, 10, 100];

/** Groups of 1 to 6 rows (ties in size are common) in any order, k from 0 to 6: exactly the number of groups, fewer or more. */
const generatedGroups = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: CARDS.length }),
    keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
    k: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 2, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 1) }),
  })
  .map(({ sizes, keys, k }) => {
    const groups = sizes.flatMap((n, g) => Array.from({ length: n }, () => CARDS[g]!));
    return { groups: groups.map((g, i) => ({ g, key: keys[i % keys.length]! + i * 1e-9 })).sort((a, b) => a.key - b.key).map(({ g }) => g), k };
  });

const category = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...MERCHANTS) }, { weight: 1, arbitrary: fc.constantFrom(null, '') });
const target = fc.oneof({ weight: 1, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.constant(0) });
/**
 * Rows with missing merchants, all-0 or all-1 targets, zero-valued encodings (smoothing 0 or a
 * prior of 0), and categories to apply that were seen, unseen (one of them a name every plain
 * object inherits) or missing.
 */
const generatedEncoding = fc
  .record({ rows: fc.array(fc.tuple(category, target), { minLength: 1, maxLength: 16 }), smoothing: fc.constantFrom(...SMOOTHING), apply: fc.array(fc.oneof(category, fc.constantFrom('m-9999', 'toString', 'M-0002')), { maxLength: 10 }) })
  .map(({ rows, smoothing, apply: toApply }) => ({ categories: rows.map(([c]) => c), targets: rows.map(([, y]) => y), smoothing, apply: toApply }));

const payment = (cards: number) =>
  fc.record({ cardId: fc.integer({ min: 0, max: cards - 1 }).map((c) => CARDS[c]!), merchantId: category, chargeback: target });
/** Training tables of 2 to 8 cards with k from 2 to the number of cards, and test payments with seen, unseen and missing merchants. */
const generatedSplits = fc
  .record({ cards: fc.integer({ min: 2, max: 8 }), smoothing: fc.constantFrom(...SMOOTHING), kPick: fc.nat() })
  .chain(({ cards, smoothing, kPick }) =>
    fc.record({
      // Every card has at least one payment: the first `cards` rows are one per card.
      train: fc.array(payment(cards), { minLength: 0, maxLength: 16 }).chain((extra) =>
        fc.tuple(...Array.from({ length: cards }, (_, c) => fc.record({ merchantId: category, chargeback: target }).map((p) => ({ cardId: CARDS[c]!, ...p })))).map((firsts) => [...firsts, ...extra]),
      ),
      test: fc.array(fc.record({ cardId: fc.constant('card-test'), merchantId: fc.oneof(category, fc.constant('m-9999')), chargeback: target }), { maxLength: 6 }),
      k: fc.constant(2 + (kPick % (cards - 1))),
      smoothing: fc.constant(smoothing),
    }),
  );

export default defineTests<User>()([
  testCase({
    id: 'assigns-whole-cards-to-folds',
    name: 'puts all payments of a card in one fold, largest cards first into the lightest fold',
    visible: true,
    rules: ['largest-groups-first', 'lightest-fold'],
    input: { groups: train.map((p) => p.cardId), k: K },
    run: (user: User, input: { groups: string[]; k: number }) => user.groupKFold(input.groups, input.k),
    check: (actual, t) =>
      checkFolds(
        actual,
        train.map((p) => p.cardId),
        K,
        t,
        'groupKFold(training cards, 5)',
      ),
  }),
  testCase({
    id: 'smooths-rates-toward-the-prior',
    name: "blends each merchant's chargeback rate with the overall rate, more for merchants with few payments",
    visible: true,
    rules: ['prior-of-all-targets', 'smoothed-encoding', 'missing-category'],
    input: { ...example, smoothing: 2 },
    run: (user: User, input: { categories: (string | null)[]; targets: number[]; smoothing: number }) => user.fitTargetEncoder(input.categories, input.targets, input.smoothing),
    check: (actual, t) => checkEncoder(actual, fit(example.categories, example.targets, 2), t, 'fitTargetEncoder(example, smoothing 2)'),
  }),
  testCase({
    id: 'encodes-training-payments-out-of-fold',
    name: 'encodes every training payment with an encoder learned from the other folds only',
    visible: true,
    rules: ['out-of-fold'],
    input: { train, test, k: K, smoothing: M },
    run: (user: User, input: { train: Payment[]; test: Payment[]; k: number; smoothing: number }) => user.targetEncodeSplits(input.train, input.test, input.k, input.smoothing),
    check: (actual, t) => {
      const out = (actual ?? {}) as Partial<Splits>;
      checkFolds(
        out.folds,
        train.map((p) => p.cardId),
        K,
        t,
        'folds from targetEncodeSplits',
      );
      checkTrainEncodings(out.train, train, out.folds as number[], K, M, t, 'out-of-fold encodings of the training payments');
    },
  }),
  testCase({
    id: 'encodes-test-payments-with-all-training-payments',
    name: 'encodes the test payments with one encoder fitted on every training payment',
    visible: true,
    rules: ['test-with-all-train'],
    input: { train, test, k: K, smoothing: M },
    run: (user: User, input: { train: Payment[]; test: Payment[]; k: number; smoothing: number }) => user.targetEncodeSplits(input.train, input.test, input.k, input.smoothing),
    check: (actual, t) => {
      const out = (actual ?? {}) as Partial<Splits>;
      checkEncoder(
        out.encoder ?? null,
        fit(
          train.map((p) => p.merchantId),
          train.map((p) => p.chargeback),
          M,
        ),
        t,
        'encoder from targetEncodeSplits (fitted on all training payments)',
      );
      checkTestEncodings(out.test, train, test, M, t, 'encodings of the test payments');
    },
  }),
  testCase({
    id: 'unseen-and-missing-merchants-get-the-prior',
    name: 'gives the prior to merchants the encoder never saw and to payments without a merchant id',
    visible: false,
    rules: ['unseen-gets-prior', 'missing-category'],
    input: unseen,
    run: (user: User, input: { encoder: TargetEncoder; categories: (string | null)[] }) => user.applyTargetEncoder(input.encoder, input.categories),
    check: (actual, t) => t.closeTo(actual, apply(unseen.encoder, unseen.categories), { what: 'encodings of known, unseen and missing merchants (unseen or missing: gets the prior)' }),
  }),
  testCase({
    id: 'zero-encoding-is-kept',
    name: 'gives a merchant whose encoding is 0 that 0, not the prior',
    visible: false,
    rules: ['unseen-gets-prior'],
    input: { encoder: { prior: 0.05, encodings: { 'm-0001': 0, 'm-0002': 0.3 } }, categories: ['m-0001', 'm-0002', 'm-0003'] },
    run: (user: User, input: { encoder: TargetEncoder; categories: (string | null)[] }) => user.applyTargetEncoder(input.encoder, input.categories),
    check: (actual, t) => t.closeTo(actual, [0, 0.3, 0.05], { what: "encodings of known and unseen merchants: a category's encoding (0 included), the prior only when it is not in encodings" }),
  }),
  testCase({
    id: 'undefined-is-missing',
    name: 'treats an undefined merchant id as missing, like null and empty',
    visible: false,
    rules: ['missing-category'],
    input: { categories: ['m-a', 'm-a', 'm-b'], targets: [1, 0, 0, 1] },
    run: (user: User, input: { categories: string[]; targets: number[] }) => {
      // undefined cannot travel in the case's data: the driver adds it.
      const categories = [...input.categories, undefined] as unknown as (string | null)[];
      const encoder = user.fitTargetEncoder(categories, input.targets, 1);
      return { encoder, applied: user.applyTargetEncoder(encoder, [undefined, 'm-b'] as unknown as (string | null)[]) };
    },
    check: (actual, t) => {
      const out = (actual ?? {}) as { encoder?: Plain; applied?: Plain };
      const want = fit(['m-a', 'm-a', 'm-b', null], [1, 0, 0, 1], 1);
      checkEncoder(out.encoder ?? null, want, t, 'fitTargetEncoder with an undefined merchant id');
      t.closeTo(out.applied, apply(want, [null, 'm-b']), { what: 'encodings of an undefined and a known merchant id (missing: gets the prior)' });
    },
  }),
  testCase({
    id: 'uses-the-other-folds-prior',
    name: 'gives a merchant seen only in its own fold the chargeback rate of the other folds',
    visible: false,
    rules: ['out-of-fold', 'test-with-all-train', 'missing-category'],
    input: { train: lonely, test: lonelyTest, k: 2, smoothing: 1 },
    run: (user: User, input: { train: Payment[]; test: Payment[]; k: number; smoothing: number }) => user.targetEncodeSplits(input.train, input.test, input.k, input.smoothing),
    check: (actual, t) => {
      const out = (actual ?? {}) as Partial<Splits>;
      checkFolds(
        out.folds,
        lonely.map((p) => p.cardId),
        2,
        t,
        'folds of a small table',
      );
      checkTrainEncodings(out.train, lonely, out.folds as number[], 2, 1, t, 'out-of-fold encodings of a small table');
      checkTestEncodings(out.test, lonely, lonelyTest, 1, t, 'encodings of unseen and missing merchants in the test split');
    },
  }),
  testCase({
    id: 'breaks-fold-ties-in-a-fixed-order',
    name: 'breaks ties between equal-sized cards by card id and between equally loaded folds by the lowest fold',
    visible: false,
    rules: ['largest-groups-first', 'lightest-fold'],
    input: { ties, largestFirst },
    run: (user: User, input: { ties: string[]; largestFirst: string[] }) => [user.groupKFold(input.ties, 3), user.groupKFold(input.largestFirst, 2)],
    check: (actual, t) => {
      const [a, b] = Array.isArray(actual) ? actual : [];
      checkFolds(a, ties, 3, t, 'groupKFold of equal-sized cards');
      checkFolds(b, largestFirst, 2, t, 'groupKFold of cards of different sizes');
    },
  }),
  testCase({
    id: 'rejects-impossible-folds',
    name: 'throws when there are fewer cards than folds or fewer than 2 folds',
    visible: false,
    rules: ['invalid-k'],
    input: { groups: ['card-a', 'card-a', 'card-b'] },
    run: (user: User, input: { groups: string[] }) =>
      [3, 1].map((k) => {
        try {
          user.groupKFold(input.groups, k);
          return 'returned';
        } catch {
          return 'threw';
        }
      }),
    check: (actual, t) => {
      const [tooFewCards, oneFold] = Array.isArray(actual) ? actual : [];
      t.that(tooFewCards === 'threw', 'groupKFold should throw when there are fewer cards than folds (a fold would be empty)');
      t.that(oneFold === 'threw', 'groupKFold should throw for k < 2 (there would be no other fold to learn from)');
    },
  }),
  testCase({
    id: 'smoothing-zero-gives-raw-rates',
    name: "with smoothing 0, encodes each merchant with its raw chargeback rate",
    visible: false,
    rules: ['smoothed-encoding'],
    input: { ...example, smoothing: 0 },
    run: (user: User, input: { categories: (string | null)[]; targets: number[]; smoothing: number }) => user.fitTargetEncoder(input.categories, input.targets, input.smoothing),
    check: (actual, t) => checkEncoder(actual, fit(example.categories, example.targets, 0), t, 'fitTargetEncoder(example, smoothing 0)'),
  }),
  testCase({
    id: 'does-not-modify-inputs',
    name: 'leaves the payments and the encoder it was given unchanged',
    visible: false,
    rules: ['no-mutation'],
    input: { train: lonely, test: lonelyTest, encoder: unseen.encoder },
    run: (user: User, input: { train: Payment[]; test: Payment[]; encoder: TargetEncoder }, h: HarnessHelpers) => {
      const trainCopy = h.lend(input.train.map((p) => ({ ...p })));
      const testCopy = h.lend(input.test.map((p) => ({ ...p })));
      const encoder = h.lend({ prior: input.encoder.prior, encodings: { ...input.encoder.encodings } });
      user.targetEncodeSplits(trainCopy, testCopy, 2, 1);
      user.applyTargetEncoder(encoder, ['m-0001', null]);
      return [trainCopy, testCopy, encoder];
    },
    check: (actual, t) => {
      const [a, b, c] = Array.isArray(actual) ? actual : [];
      t.equal(a, lonely, { what: 'training payments after targetEncodeSplits (must not be modified or re-ordered)' });
      t.equal(b, lonelyTest, { what: 'test payments after targetEncodeSplits (must not be modified or re-ordered)' });
      t.equal(c, unseen.encoder, { what: 'encoder after applyTargetEncoder (must not be modified)' });
    },
  }),
  generatedCases({
    id: 'assigns-generated-groups-like-the-reference',
    name: 'assigns folds like the reference for generated groups (sizes with ties, ids whose code-unit order is not numeric, any k) and rejects impossible k',
    rules: ['largest-groups-first', 'lightest-fold', 'invalid-k'],
    input: generatedGroups,
    examples: [
      { groups: ['card-10', 'card-9', 'card-2', 'card-2', 'card-10', 'card-9'], k: 3 },
      { groups: ['card-a', 'card-b'], k: 2 },
      { groups: ['card-a', 'card-b'], k: 3 },
    ],
    count: 20,
    run: (user: User, input: { groups: string[]; k: number }) => {
      try {
        return user.groupKFold(input.groups, input.k);
      } catch {
        return 'threw';
      }
    },
    what: 'folds of generated groups',
    compare: (actual, expected, t, input) => {
      if (expected === 'threw') {
        t.that(actual === 'threw', input.k < 2 ? 'groupKFold should throw for k < 2' : 'groupKFold should throw when there are fewer groups than folds');
        return;
      }
      t.that(actual !== 'threw', 'groupKFold threw for a k from 2 to the number of groups');
      checkFolds(actual, input.groups, input.k, t, 'groupKFold of generated groups');
    },
  }),
  generatedCases({
    id: 'encodes-generated-categories-like-the-reference',
    name: 'fits and applies encoders like the reference for generated rows (missing categories, zero encodings, any smoothing, unseen and case-different categories)',
    rules: ['prior-of-all-targets', 'smoothed-encoding', 'missing-category', 'unseen-gets-prior'],
    input: generatedEncoding,
    examples: [
      { categories: ['m-0001', 'm-0001', 'm-0002', null, ''], targets: [0, 0, 1, 1, 0], smoothing: 0, apply: ['m-0001', 'm-0002', null, '', 'm-9999'] },
      { categories: ['m-0001', 'm-0002', 'm-0002'], targets: [0, 0, 0], smoothing: 10, apply: ['m-0001', 'M-0001', 'toString'] },
    ],
    count: 20,
    run: (user: User, input: { categories: (string | null)[]; targets: number[]; smoothing: number; apply: (string | null)[] }) => {
      const encoder = user.fitTargetEncoder(input.categories, input.targets, input.smoothing);
      return { encoder, applied: user.applyTargetEncoder(encoder, input.apply) };
    },
    what: 'target encoding of generated rows',
    compare: (actual, _expected, t, input) => {
      const got = (actual ?? {}) as { encoder?: Plain; applied?: unknown[] };
      const want = fit(input.categories, input.targets, input.smoothing);
      checkEncoder(got.encoder ?? null, want, t, 'fitTargetEncoder of generated rows');
      const applied = apply(want, input.apply);
      t.that(Array.isArray(got.applied) && got.applied.length === applied.length, 'applyTargetEncoder should return one number per category');
      applied.forEach((x, i) => {
        t.that(close(got.applied![i], x), "applyTargetEncoder: a category's encoding (0 included) for a category in encodings, the prior for an unseen or missing one (compared exactly)", {
          expected: `${JSON.stringify(input.apply[i])}: ${x}`,
          actual: String(got.applied![i]),
        });
      });
    },
  }),
  generatedCases({
    id: 'encodes-generated-splits-like-the-reference',
    name: 'encodes generated splits like the reference (2 to 8 cards, k up to the number of cards, missing and unseen merchants, any smoothing)',
    rules: ['out-of-fold', 'test-with-all-train', 'lightest-fold', 'missing-category', 'unseen-gets-prior', 'smoothed-encoding'],
    input: generatedSplits,
    examples: [
      {
        train: [
          { cardId: 'card-1', merchantId: 'm-0001', chargeback: 0 },
          { cardId: 'card-2', merchantId: 'm-0001', chargeback: 0 },
          { cardId: 'card-2', merchantId: 'm-0002', chargeback: 1 },
          { cardId: 'card-10', merchantId: '', chargeback: 1 },
        ],
        test: [{ cardId: 'card-test', merchantId: 'm-0001', chargeback: 0 }, { cardId: 'card-test', merchantId: null, chargeback: 0 }],
        k: 3,
        smoothing: 0,
      },
    ],
    count: 24,
    run: (user: User, input: { train: Payment[]; test: Payment[]; k: number; smoothing: number }) => user.targetEncodeSplits(input.train, input.test, input.k, input.smoothing),
    what: 'target encoding of generated splits',
    compare: (actual, _expected, t, input) => {
      const out = (actual ?? {}) as Partial<Splits>;
      const cards = input.train.map((p) => p.cardId);
      checkFolds(out.folds, cards, input.k, t, 'folds of generated training payments');
      checkTrainEncodings(out.train, input.train, out.folds as number[], input.k, input.smoothing, t, 'out-of-fold encodings of generated training payments');
      checkEncoder(
        out.encoder ?? null,
        fit(
          input.train.map((p) => p.merchantId),
          input.train.map((p) => p.chargeback),
          input.smoothing,
        ),
        t,
        'encoder of generated splits (fitted on all training payments)',
      );
      checkTestEncodings(out.test, input.train, input.test, input.smoothing, t, 'encodings of generated test payments');
    },
  }),
]);
