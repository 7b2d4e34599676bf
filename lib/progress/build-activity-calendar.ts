import { addDays, weekday, type LocalDay } from './local-day';

export interface CalendarDay {
  day: LocalDay;
  count: number;
  /** Column of the heatmap: 0 is the oldest week shown. */
  week: number;
  /** Row of the heatmap: 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export interface ActivityCalendar {
  days: CalendarDay[];
  weeks: number;
  totalAttempts: number;
  activeDays: number;
  /** Attempts and active days per month (`YYYY-MM`), oldest first: the heatmap's table form. */
  months: { month: string; attempts: number; activeDays: number }[];
}

/**
 * One year of activity ending `today`, laid out like a contribution graph: whole weeks,
 * Sunday first, the first column starting on the Sunday on or before the day a year ago.
 */
export function buildActivityCalendar(countsByDay: ReadonlyMap<LocalDay, number>, today: LocalDay): ActivityCalendar {
  const yearAgo = addDays(today, -364);
  const start = addDays(yearAgo, -weekday(yearAgo));
  const days: CalendarDay[] = [];
  const months = new Map<string, { attempts: number; activeDays: number }>();
  let totalAttempts = 0;
  let activeDays = 0;
  for (let index = 0, day = start; day <= today; index += 1, day = addDays(day, 1)) {
    const count = countsByDay.get(day) ?? 0;
    days.push({ day, count, week: Math.floor(index / 7), weekday: index % 7 });
    if (day < yearAgo) continue;
    totalAttempts += count;
    if (count > 0) activeDays += 1;
    const month = day.slice(0, 7);
    const entry = months.get(month) ?? { attempts: 0, activeDays: 0 };
    entry.attempts += count;
    if (count > 0) entry.activeDays += 1;
    months.set(month, entry);
  }
  return {
    days,
    weeks: Math.floor((days.length - 1) / 7) + 1,
    totalAttempts,
    activeDays,
    months: [...months].map(([month, entry]) => ({ month, ...entry })),
  };
}
