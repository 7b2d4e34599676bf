import fc from 'fast-check';
import { defineTests, generatedCases, parseCsv, testCase, type Checker, type Plain } from '@/lib/grading/test-api';
import minutesCsv from '../data/minutes.csv';

interface MinuteStats {
  minute: number;
  requests: number;
  fallbacks: number;
}
interface AlertRule {
  windowMinutes: number;
  fireAbove: number;
  resolveBelow: number;
  minRequests: number;
}
interface AlertEvent {
  minute: number;
  state: 'firing' | 'resolved';
  rate: number;
}
interface User {
  evaluateAlert(stats: MinuteStats[], rule: AlertRule): AlertEvent[];
}
interface Input {
  stats: MinuteStats[];
  rule: AlertRule;
}

const day: MinuteStats[] = parseCsv(minutesCsv).map((row) => ({ minute: Number(row.minute), requests: Number(row.requests), fallbacks: Number(row.fallbacks) }));
const RULE: AlertRule = { windowMinutes: 10, fireAbove: 0.05, resolveBelow: 0.03, minRequests: 200 };

/** The rule, evaluated the slow and obvious way: re-sum the window at every row. */
function reference(stats: MinuteStats[], rule: AlertRule): AlertEvent[] {
  const events: AlertEvent[] = [];
  let firing = false;
  for (const row of stats) {
    const window = stats.filter((r) => r.minute > row.minute - rule.windowMinutes && r.minute <= row.minute);
    const requests = window.reduce((n, r) => n + r.requests, 0);
    const fallbacks = window.reduce((n, r) => n + r.fallbacks, 0);
    if (requests < rule.minRequests) continue;
    const rate = fallbacks / requests;
    if (!firing && rate > rule.fireAbove) {
      firing = true;
      events.push({ minute: row.minute, state: 'firing', rate });
    } else if (firing && rate < rule.resolveBelow) {
      firing = false;
      events.push({ minute: row.minute, state: 'resolved', rate });
    }
  }
  return events;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const describe = (events: { minute?: unknown; state?: unknown }[]) =>
  events.length === 0 ? 'no events' : events.map((e) => `${typeof e.minute === 'number' ? hhmm(e.minute) : String(e.minute)} ${String(e.state)}`).join(', ');

function checkEvents(actual: Plain | unknown, input: Input, t: Checker, what: string): void {
  const expected = reference(input.stats, input.rule);
  t.that(Array.isArray(actual), `events for ${what} should be an array of { minute, state, rate }`);
  const events = actual as unknown as AlertEvent[];
  const detail = { expected: describe(expected), actual: describe(events) };
  const pages = events.filter((e) => e?.state === 'firing').length;
  const expectedPages = expected.filter((e) => e.state === 'firing').length;
  t.that(pages <= expectedPages, `${what}: the alert fires too often: it flaps`, {
    ...detail,
    visibleProperty: `${what}: the alert fired ${pages} times (${describe(events.slice(0, 8))}${events.length > 8 ? ', ...' : ''}): it flaps`,
  });
  for (let i = 0; i < Math.max(events.length, expected.length); i += 1) {
    const got = events[i];
    const want = expected[i];
    if (want === undefined) {
      t.that(false, `${what}: the alert changes state more often than the rule does`, {
        ...detail,
        visibleProperty: `${what}: event ${i + 1} (${describe([got ?? {}])}) should not happen: the state changes only ${expected.length} times`,
      });
    } else if (got === undefined) {
      t.that(false, `${what}: the alert is missing a state change`, { ...detail, visibleProperty: `${what}: after ${events.length} events the alert is missing a state change` });
    } else {
      t.that(got.minute === want.minute && got.state === want.state, `${what}: an event is not when the rule changes state`, {
        ...detail,
        visibleProperty: `${what}: event ${i + 1} is ${describe([got])}, which is not when the rule changes state`,
      });
    }
  }
  t.closeTo(
    events.map((e) => e?.rate),
    expected.map((e) => e.rate),
    { what: `window fallback rates of the alert events for ${what} (fallbacks / requests over the window)` },
  );
}

const run = (user: User, input: Input) => user.evaluateAlert(input.stats, input.rule);
const steady = (from: number, to: number, requests: number, fallbacks: (minute: number) => number): MinuteStats[] =>
  Array.from({ length: to - from }, (_, i) => ({ minute: from + i, requests, fallbacks: fallbacks(from + i) }));

/** 8% for ten minutes, then 4% (between the thresholds), then 1%. */
const hysteresis = steady(0, 30, 100, (m) => (m < 10 ? 8 : m < 20 ? 4 : 1));
/** A five-minute burst of 40% at 100 requests a minute, then clean traffic: the window length decides the resolve minute. */
const burst = steady(0, 25, 100, (m) => (m < 5 ? 40 : 0));
/** The same burst, then the collector is down for minutes 5-11 (no rows), then clean traffic. */
const gap = [...steady(0, 5, 100, () => 40), ...steady(12, 31, 100, () => 0)];
/** A busy incident, then night traffic (5 a minute, no fallbacks), then the morning at 1%. */
const quietAfterIncident = [...steady(0, 10, 100, () => 20), ...steady(10, 70, 5, () => 0), ...steady(70, 90, 100, () => 1)];
/** Exactly 5% (must not fire), 6% (fires), exactly 3% (must not resolve), then 2% (resolves). */
const atThresholds = steady(0, 50, 100, (m) => (m < 15 ? 5 : m < 25 ? 6 : m < 35 ? 3 : 2));
/** Minutes with no requests at all inside a busy window. */
const withIdleMinutes = steady(0, 30, 100, (m) => (m < 8 ? 9 : 0)).map((row) => (row.minute % 3 === 1 ? { ...row, requests: 0, fallbacks: 0 } : row));

/**
 * Streams of any traffic (idle minutes, nights, bursts), with collector gaps, checked with rules of
 * any window, thresholds and minimum volume. Rates in percent of 100 requests put many windows
 * exactly at a threshold.
 */
const minuteRow = fc.record({
  gap: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 12 }) }),
  requests: fc.oneof(fc.constantFrom(0, 4, 100), fc.integer({ min: 0, max: 400 })),
  share: fc.oneof(fc.constantFrom(0, 0.02, 0.03, 0.05, 0.06, 0.25, 1), fc.double({ min: 0, max: 1, noNaN: true })),
});
const generatedStream = fc.record({
  start: fc.integer({ min: 0, max: 30 }),
  rows: fc.array(minuteRow, { maxLength: 80 }),
  rule: fc.record({
    windowMinutes: fc.integer({ min: 1, max: 15 }),
    fireAbove: fc.constantFrom(0.03, 0.05, 0.06, 0.08, 0.1),
    gapBetween: fc.constantFrom(0, 0.01, 0.02),
    minRequests: fc.constantFrom(0, 1, 100, 200, 500),
  }),
}).map(({ start, rows, rule }): Input => {
  let minute = start - 1;
  const stats = rows.map((r) => {
    minute += r.gap;
    return { minute, requests: r.requests, fallbacks: Math.round(r.requests * r.share) };
  });
  return { stats, rule: { windowMinutes: rule.windowMinutes, fireAbove: rule.fireAbove, resolveBelow: Math.round((rule.fireAbove - rule.gapBetween) * 100) / 100, minRequests: rule.minRequests } };
});

export default defineTests<User>()([
  testCase({
    id: 'stays-quiet-at-night',
    name: 'does not page during the night, when a single fallback is 25% of a minute’s traffic',
    visible: true,
    rules: ['minimum-volume', 'rolling-window'],
    input: { stats: day.filter((r) => r.minute < 360), rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: day.filter((r) => r.minute < 360), rule: RULE }, t, 'the night (00:00-06:00)'),
  }),
  testCase({
    id: 'pages-once-for-the-incident',
    name: 'fires once for the 14:10 incident and resolves once when it is over',
    visible: true,
    rules: ['hysteresis', 'state-changes-only'],
    input: { stats: day.filter((r) => r.minute >= 780 && r.minute < 960), rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: day.filter((r) => r.minute >= 780 && r.minute < 960), rule: RULE }, t, 'the afternoon (13:00-16:00)'),
  }),
  testCase({
    id: 'holds-between-the-thresholds',
    name: 'stays firing while the rate is between the resolve and fire thresholds (hysteresis)',
    visible: true,
    rules: ['hysteresis'],
    input: { stats: hysteresis, rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: hysteresis, rule: RULE }, t, '8%, then 4% (between the thresholds), then 1%'),
  }),
  testCase({
    id: 'pages-twice-in-the-whole-day',
    name: 'pages exactly twice over the whole day: the incident and the degraded evening',
    visible: true,
    rules: ['rolling-window', 'hysteresis', 'minimum-volume'],
    input: { stats: day, rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: day, rule: RULE }, t, 'the whole day'),
  }),
  testCase({
    id: 'returns-nothing-for-no-data',
    name: 'returns no events for an empty stream',
    visible: false,
    rules: ['state-changes-only'],
    input: { stats: [] as MinuteStats[], rule: RULE },
    run,
    check: (actual, t) => t.equal(actual, [], { what: 'events for an empty stream' }),
  }),
  testCase({
    id: 'window-is-exactly-ten-minutes',
    name: 'uses a window of exactly windowMinutes minutes (m - 10, m]',
    visible: false,
    rules: ['rolling-window'],
    input: { stats: burst, rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: burst, rule: RULE }, t, 'a burst, then clean traffic (a window of exactly 10 minutes)'),
  }),
  testCase({
    id: 'window-spans-minutes-not-rows',
    name: 'after a collector gap, the window still covers the last 10 minutes, not the last 10 rows',
    visible: false,
    rules: ['rolling-window'],
    input: { stats: gap, rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: gap, rule: RULE }, t, 'a burst, then a collector gap'),
  }),
  testCase({
    id: 'low-traffic-keeps-the-state',
    name: 'keeps firing through low traffic (too few requests to tell) and resolves only when enough traffic shows recovery',
    visible: false,
    rules: ['minimum-volume'],
    input: { stats: quietAfterIncident, rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: quietAfterIncident, rule: RULE }, t, 'an incident followed by low traffic'),
  }),
  testCase({
    id: 'thresholds-are-strict',
    name: 'a rate exactly at fireAbove does not fire and a rate exactly at resolveBelow does not resolve',
    visible: false,
    rules: ['hysteresis'],
    input: { stats: atThresholds, rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: atThresholds, rule: RULE }, t, 'rates exactly at the thresholds'),
  }),
  testCase({
    id: 'idle-minutes-count-as-no-traffic',
    name: 'minutes with no requests add nothing to the window (no NaN, no 0% minutes averaged in)',
    visible: false,
    rules: ['rate'],
    input: { stats: withIdleMinutes, rule: RULE },
    run,
    check: (actual, t) => checkEvents(actual, { stats: withIdleMinutes, rule: RULE }, t, 'a window with idle minutes'),
  }),
  testCase({
    id: 'follows-the-rule-it-is-given',
    name: 'uses the rule’s window, thresholds and minimum volume (a 5-minute rule at 8%/6%, 100 requests)',
    visible: false,
    rules: ['rule-as-given'],
    input: { stats: day, rule: { windowMinutes: 5, fireAbove: 0.08, resolveBelow: 0.06, minRequests: 100 } },
    run,
    check: (actual, t) => checkEvents(actual, { stats: day, rule: { windowMinutes: 5, fireAbove: 0.08, resolveBelow: 0.06, minRequests: 100 } }, t, 'the day with a 5-minute rule'),
  }),
  generatedCases({
    id: 'follows-the-rule-on-generated-streams',
    name: 'changes state exactly when the rule does on generated streams (gaps, idle minutes, any window, thresholds and minimum volume)',
    rules: ['rolling-window', 'rate', 'minimum-volume', 'hysteresis', 'state-changes-only', 'rule-as-given'],
    input: generatedStream,
    examples: [
      { stats: [], rule: RULE },
      { stats: steady(0, 3, 100, () => 5), rule: { ...RULE, windowMinutes: 1, minRequests: 100 } },
      { stats: steady(0, 3, 100, () => 6), rule: { ...RULE, windowMinutes: 1, minRequests: 100, resolveBelow: 0.06, fireAbove: 0.06 } },
      { stats: [...steady(0, 2, 100, () => 10), ...steady(2, 4, 0, () => 0), ...steady(4, 6, 100, () => 0)], rule: { ...RULE, windowMinutes: 1, minRequests: 100 } },
    ],
    count: 36,
    run,
    what: 'alert events',
  }),
]);
