/**
 * What a data preview draws for each column of a table: a histogram of a numeric column, the
 * counts of a categorical one, or nothing for a column a chart would not help read (identifiers,
 * free text, nested values).
 */
export type ColumnChart =
  | { kind: 'histogram'; column: string; bins: { from: number; to: number; count: number }[]; missing: number }
  | { kind: 'categories'; column: string; bars: { label: string; count: number }[]; others: number; distinct: number; missing: number };

/** Most bins a histogram gets (Sturges' rule below that). */
export const MAX_BINS = 12;
/** Most bars a category chart gets; the rest are summed as "others". */
export const MAX_BARS = 8;
/** A text column with more distinct values than this share of its rows is an identifier or free text: no chart. */
const MAX_DISTINCT_SHARE = 0.5;

const isMissing = (value: unknown) => value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));

function histogram(column: string, values: number[], missing: number): ColumnChart {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const count = min === max ? 1 : Math.min(MAX_BINS, Math.ceil(Math.log2(values.length)) + 1);
  const width = (max - min) / count;
  const bins = Array.from({ length: count }, (_, i) => ({ from: min + i * width, to: i === count - 1 ? max : min + (i + 1) * width, count: 0 }));
  for (const value of values) {
    // The last bin includes its upper edge (the maximum).
    const index = width === 0 ? 0 : Math.min(count - 1, Math.floor((value - min) / width));
    bins[index]!.count += 1;
  }
  return { kind: 'histogram', column, bins, missing };
}

function categories(column: string, values: string[], missing: number): ColumnChart | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  if (counts.size > MAX_BARS && counts.size > values.length * MAX_DISTINCT_SHARE) return null;
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const bars = sorted.slice(0, MAX_BARS).map(([label, count]) => ({ label, count }));
  const others = sorted.slice(MAX_BARS).reduce((sum, [, count]) => sum + count, 0);
  return { kind: 'categories', column, bars, others, distinct: counts.size, missing };
}

/** The chart of one column from all its values (every row of the file, not only the previewed ones). */
export function chartColumn(column: string, values: readonly unknown[]): ColumnChart | null {
  const present = values.filter((value) => !isMissing(value));
  const missing = values.length - present.length;
  if (present.length === 0) return null;
  if (present.every((value) => typeof value === 'number' && Number.isFinite(value))) return histogram(column, present as number[], missing);
  if (present.every((value) => typeof value === 'string' || typeof value === 'boolean')) return categories(column, present.map(String), missing);
  return null;
}

/** A chart per column that has one, in column order. */
export function chartColumns(columns: readonly string[], records: readonly Record<string, unknown>[]): ColumnChart[] {
  return columns.flatMap((column) => chartColumn(column, records.map((record) => record[column])) ?? []);
}
