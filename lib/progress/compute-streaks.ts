import { addDays, dayNumber, type LocalDay } from './local-day';

export interface Streaks {
  /** Consecutive active days ending today, or yesterday when today has no activity yet. */
  current: number;
  longest: number;
  activeToday: boolean;
  /** The last day of the longest streak (the most recent one on a tie), if any. */
  longestEndedOn: LocalDay | null;
}

/**
 * Current and longest streaks of consecutive active calendar days. Days are local days of the
 * user's time zone (see toLocalDay), so "consecutive" follows their midnight, not UTC's.
 */
export function computeStreaks(activeDays: Iterable<LocalDay>, today: LocalDay): Streaks {
  const days = [...new Set(activeDays)].filter((day) => day <= today).sort();
  let longest = 0;
  let longestEndedOn: LocalDay | null = null;
  let run = 0;
  let previous: number | undefined;
  for (const day of days) {
    const n = dayNumber(day);
    run = previous !== undefined && n === previous + 1 ? run + 1 : 1;
    previous = n;
    if (run >= longest) {
      longest = run;
      longestEndedOn = day;
    }
  }
  const set = new Set(days);
  const activeToday = set.has(today);
  let current = 0;
  let cursor = activeToday ? today : addDays(today, -1);
  while (set.has(cursor)) {
    current += 1;
    cursor = addDays(cursor, -1);
  }
  return { current, longest, activeToday, longestEndedOn };
}
