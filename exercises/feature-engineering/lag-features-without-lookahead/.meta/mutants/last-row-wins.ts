// mistake: overwrites a day that appears twice instead of rejecting it, so the lags quietly use whichever copy came last
// expect: two rows for the same day should throw
/** One day of one weather station's record. A missing measurement is NaN (or null). */
export interface DailyWeather {
  location: string;
  date: string; // YYYY-MM-DD
  tempMax: number;
  precipitation: number;
}

/** What the model may know on the morning of `date` at `location`: only the days before it. */
export interface LagFeatures {
  location: string;
  date: string;
  tempMaxLag1: number; // tempMax of the day before
  tempMaxLag7: number; // tempMax of the same weekday a week before
  tempMaxMean7: number; // mean tempMax of the 7 days before (at least 4 of them recorded)
  precipitationSum3: number; // total precipitation of the 3 days before (all 3 recorded)
}

const DAY_MS = 86_400_000;
const MIN_DAYS_FOR_MEAN = 4;

function dayNumber(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid date "${date}"`);
  return Math.round(ms / DAY_MS);
}

const recorded = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

export function buildFeatures(days: DailyWeather[]): LagFeatures[] {
  // Index every row by (location, calendar day): lags are "k days earlier", not "k rows earlier".
  const index = new Map<string, Map<number, DailyWeather>>();
  for (const day of days) {
    const byDay = index.get(day.location) ?? new Map<number, DailyWeather>();
    const n = dayNumber(day.date);
    byDay.set(n, day);
    index.set(day.location, byDay);
  }

  return days.map((day) => {
    const byDay = index.get(day.location)!;
    const n = dayNumber(day.date);
    // k >= 1 always: the row's own day is never read.
    const before = (k: number, field: 'tempMax' | 'precipitation'): number => {
      const value = byDay.get(n - k)?.[field];
      return recorded(value) ? value : NaN;
    };

    const temps = [1, 2, 3, 4, 5, 6, 7].map((k) => before(k, 'tempMax')).filter((t) => !Number.isNaN(t));
    const rain = [1, 2, 3].map((k) => before(k, 'precipitation'));
    return {
      location: day.location,
      date: day.date,
      tempMaxLag1: before(1, 'tempMax'),
      tempMaxLag7: before(7, 'tempMax'),
      tempMaxMean7: temps.length >= MIN_DAYS_FOR_MEAN ? temps.reduce((s, t) => s + t, 0) / temps.length : NaN,
      precipitationSum3: rain.some(Number.isNaN) ? NaN : rain.reduce((s, r) => s + r, 0),
    };
  });
}
