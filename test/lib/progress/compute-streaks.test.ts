import { describe, expect, it } from 'vitest';
import { sqliteConnectionOf } from '@/db/app-db';
import { buildActivityCalendar } from '@/lib/progress/build-activity-calendar';
import { computeStreaks } from '@/lib/progress/compute-streaks';
import { countActivity } from '@/lib/progress/count-activity';
import { allAttemptsQuery, loadExerciseHistories } from '@/lib/progress/load-exercise-histories';
import { addDays, isValidTimeZone, toLocalDay } from '@/lib/progress/local-day';
import { DIALECTS, useAppDatabase, type AppDatabase } from '@/test/helpers/use-app-database';

describe('local days', () => {
  it('puts an instant on the calendar day of the time zone, not of UTC', async () => {
    const instant = new Date('2025-03-01T23:30:00Z');
    expect(toLocalDay(instant, 'UTC')).toBe('2025-03-01');
    expect(toLocalDay(instant, 'Europe/Paris')).toBe('2025-03-02');
    expect(toLocalDay(instant, 'America/Los_Angeles')).toBe('2025-03-01');
    expect(toLocalDay(instant, 'Asia/Kolkata')).toBe('2025-03-02');
  });

  it('agrees with Intl for every hour of two years in zones with and without daylight saving', async () => {
    const formatters = new Map<string, Intl.DateTimeFormat>();
    const reference = (instant: Date, timeZone: string) => {
      if (!formatters.has(timeZone)) formatters.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
      const parts = formatters.get(timeZone)!.formatToParts(instant);
      const get = (type: string) => parts.find((part) => part.type === type)!.value;
      return `${get('year')}-${get('month')}-${get('day')}`;
    };
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago'];
    const start = Date.parse('2024-01-01T00:00:00Z');
    for (const zone of zones) {
      for (let ms = start; ms < start + 2 * 365 * 86_400_000; ms += 3_600_000 + 17 * 60_000) {
        const instant = new Date(ms);
        if (toLocalDay(instant, zone) !== reference(instant, zone)) expect(`${zone} ${instant.toISOString()} ${toLocalDay(instant, zone)}`).toBe(reference(instant, zone));
      }
    }
  });

  it('steps over month, year and leap-day boundaries', async () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('knows real time zones and refuses made-up ones', async () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('activity calendar', () => {
  it('lays out a year of whole weeks starting on Sunday, with per-month totals', async () => {
    const counts = new Map([
      ['2025-06-30', 3],
      ['2025-06-01', 1],
      ['2024-06-01', 9], // more than a year ago: not counted
    ]);
    const calendar = buildActivityCalendar(counts, '2025-06-30');
    expect(calendar.days[0]!.weekday).toBe(0);
    expect(new Date(`${calendar.days[0]!.day}T00:00:00Z`).getUTCDay()).toBe(0);
    expect(calendar.days.at(-1)).toMatchObject({ day: '2025-06-30', count: 3 });
    expect(calendar.weeks).toBeGreaterThanOrEqual(53);
    expect(calendar.totalAttempts).toBe(4);
    expect(calendar.activeDays).toBe(2);
    expect(calendar.months.at(-1)).toEqual({ month: '2025-06', attempts: 4, activeDays: 2 });
    expect(calendar.months[0]!.month).toBe('2024-07');
  });
});

describe.each(DIALECTS)('on %s', (dialect) => {
  const t = useAppDatabase(dialect);

  /** Streaks of a user whose attempts were stored at `instants`, seen from `timeZone` at `now`. */
  async function streaksOf(instants: string[], timeZone: string, now: string) {
    const userId = await t.addUser();
    for (const at of instants) await t.addSubmission({ userId, exerciseId: 'fe-easy', at, mode: 'run', status: 'fail' });
    const activity = countActivity((await loadExerciseHistories(t.db, userId)).values(), timeZone);
    return { activity, streaks: computeStreaks(activity.keys(), toLocalDay(new Date(now), timeZone)) };
  }

  describe('streaks in the user’s time zone (stored attempts, real database)', () => {
    it('counts two attempts an hour apart across local midnight as two days', async () => {
      // 23:30 and 00:30 in Paris (UTC+1 in winter).
      const { streaks } = (await streaksOf(['2025-01-10T22:30:00Z', '2025-01-10T23:30:00Z'], 'Europe/Paris', '2025-01-11T12:00:00Z'));
      expect(streaks).toMatchObject({ current: 2, longest: 2, activeToday: true });
      // The same instants are one UTC day.
      const utc = (await streaksOf(['2025-01-10T22:30:00Z', '2025-01-10T23:30:00Z'], 'UTC', '2025-01-11T12:00:00Z'));
      expect(utc.streaks).toMatchObject({ current: 1, longest: 1, activeToday: false });
    });

    it('keeps a streak across the spring daylight-saving change (a 23-hour day)', async () => {
      // New York springs forward on 2025-03-09: late-evening attempts on the 8th, 9th and 10th.
      const instants = ['2025-03-09T04:30:00Z', '2025-03-10T03:30:00Z', '2025-03-11T03:30:00Z'];
      expect(instants.map((i) => toLocalDay(new Date(i), 'America/New_York'))).toEqual(['2025-03-08', '2025-03-09', '2025-03-10']);
      const { streaks } = (await streaksOf(instants, 'America/New_York', '2025-03-11T14:00:00Z'));
      expect(streaks).toMatchObject({ current: 3, longest: 3, activeToday: false });
    });

    it('keeps a streak across the autumn change (a 25-hour day) and does not double a day', async () => {
      // London falls back on 2025-10-26: 00:30 BST and 23:30 GMT on the 26th are one day.
      const instants = ['2025-10-25T12:00:00Z', '2025-10-25T23:30:00Z', '2025-10-26T23:30:00Z', '2025-10-27T08:00:00Z'];
      const { activity, streaks } = (await streaksOf(instants, 'Europe/London', '2025-10-27T20:00:00Z'));
      expect([...activity]).toEqual([
        ['2025-10-25', 1],
        ['2025-10-26', 2],
        ['2025-10-27', 1],
      ]);
      expect(streaks).toMatchObject({ current: 3, longest: 3, activeToday: true });
    });

    it('keeps the current streak alive until the end of today, then breaks it', async () => {
      const instants = ['2025-05-01T10:00:00Z', '2025-05-02T10:00:00Z'];
      expect((await streaksOf(instants, 'UTC', '2025-05-03T23:59:00Z')).streaks).toMatchObject({ current: 2, activeToday: false });
      expect((await streaksOf(instants, 'UTC', '2025-05-04T00:01:00Z')).streaks).toMatchObject({ current: 0, longest: 2 });
    });

    it('reads days in the user’s zone: the same two attempts are a streak in Auckland, not in Honolulu', async () => {
      // Honolulu: 31 May 23:00 and 2 June 01:00. Auckland: 1 June 21:00 and 2 June 23:00.
      const instants = ['2025-06-01T09:00:00Z', '2025-06-02T11:00:00Z'];
      const now = '2025-06-02T12:00:00Z'; // Honolulu 2 June 02:00, Auckland 3 June 00:00
      expect((await streaksOf(instants, 'Pacific/Honolulu', now)).streaks).toMatchObject({ current: 1, longest: 1, activeToday: true });
      expect((await streaksOf(instants, 'Pacific/Auckland', now)).streaks).toMatchObject({ current: 2, longest: 2, activeToday: false });
    });

    it('finds the longest streak in the past and ignores other users', async () => {
      const other = await t.addUser('other');
      for (let day = 1; day <= 9; day += 1) await t.addSubmission({ userId: other, exerciseId: 'fe-easy', at: `2025-02-0${day}T10:00:00Z` });
      const instants = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-10', '2025-01-11'].map((d) => `${d}T12:00:00Z`);
      const { streaks } = (await streaksOf(instants, 'UTC', '2025-01-11T18:00:00Z'));
      expect(streaks).toEqual({ current: 2, longest: 4, activeToday: true, longestEndedOn: '2025-01-04' });
    });
  });

  describe('the progress query', () => {
    it('reads every attempt of a user from a covering index, without sorting or touching code and results', async () => {
      const plan = await queryPlanOf(t, allAttemptsQuery(t.db, 'someone').toSQL());
      expect(plan).toContain(COVERING_PLAN[dialect].coveringIndex);
      expect(plan).not.toContain(COVERING_PLAN[dialect].sort);
    });
  });
});

/** How each engine's plan says "only the index is read" and "rows are sorted". */
const COVERING_PLAN = {
  sqlite: { coveringIndex: 'USING COVERING INDEX submissions_user_progress_idx (user_id=?)', sort: 'TEMP B-TREE' },
  postgresql: { coveringIndex: 'Index Only Scan using submissions_user_progress_idx', sort: 'Sort' },
} as const;

/**
 * The engine's plan for `query`, as text. On PostgreSQL the planner would scan a nearly empty
 * table whole, so sequential and bitmap scans are switched off for this transaction: the plan
 * shows which index can serve the query, and whether its order needs a sort.
 */
async function queryPlanOf(t: AppDatabase, query: { sql: string; params: unknown[] }): Promise<string> {
  const sqlite = sqliteConnectionOf(t.db);
  if (sqlite) return (sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map((row) => row.detail).join('\n');
  const client = await t.db.$client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    await client.query('SET LOCAL enable_bitmapscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.sql}`, query.params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}
