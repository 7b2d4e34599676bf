// lag-features.ts — weather features for the daily electricity-demand model, as it ships today.
// Written like the notebook: sort, shift, rolling. Validation error is suspiciously low, and the
// New York forecasts for 1 January use Seattle's weather. Fix it so every feature for a day uses
// only that location's earlier days.

export interface DailyWeather {
  location: string;
  date: string; // YYYY-MM-DD
  tempMax: number;
  precipitation: number;
}

export interface LagFeatures {
  location: string;
  date: string;
  tempMaxLag1: number;
  tempMaxLag7: number;
  tempMaxMean7: number;
  precipitationSum3: number;
}

export function buildFeatures(days: DailyWeather[]): LagFeatures[] {
  // df.sort_values('date'), then shift(1), shift(7), rolling(7).mean(), rolling(3).sum()
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  return sorted.map((day, i) => {
    const window7 = sorted.slice(Math.max(0, i - 6), i + 1);
    const window3 = sorted.slice(Math.max(0, i - 2), i + 1);
    return {
      location: day.location,
      date: day.date,
      tempMaxLag1: sorted[i - 1]?.tempMax ?? NaN,
      tempMaxLag7: sorted[i - 7]?.tempMax ?? NaN,
      tempMaxMean7: window7.reduce((s, d) => s + d.tempMax, 0) / window7.length,
      precipitationSum3: window3.reduce((s, d) => s + d.precipitation, 0),
    };
  });
}
