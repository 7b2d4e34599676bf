// mistake: re-fits the statistics on every batch it scales (fit_transform at serving time) instead of using the scaler it is given
// expect: scaled with the given scaler
/** Column statistics learned from the training rows, frozen and shipped with the model. */
export interface Scaler {
  mean: number[];
  std: number[];
}

/**
 * Learns per-column mean and population std (divide by the count) from `rows`, skipping
 * missing values (NaN). No rows: no columns.
 */
export function fitScaler(rows: number[][]): Scaler {
  const columns = rows[0]?.length ?? 0;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < columns; j += 1) {
    const values = rows.map((row) => row[j]!).filter((x) => !Number.isNaN(x));
    const m = values.reduce((sum, x) => sum + x, 0) / values.length;
    const variance = values.reduce((sum, x) => sum + (x - m) ** 2, 0) / values.length;
    mean.push(m);
    std.push(Math.sqrt(variance));
  }
  return { mean, std };
}

/**
 * Applies a fitted scaler to new rows, using only the scaler's statistics (never the rows' own).
 * Missing values stay missing; a column that was constant in training (std 0) becomes 0.
 */
export function transform(scaler: Scaler, rows: number[][]): number[][] {
  // Centre every batch on its own statistics, so the model always sees mean 0 and std 1.
  const batch = rows.length > 0 ? fitScaler(rows) : scaler;
  return rows.map((row) =>
    row.map((x, j) => {
      if (Number.isNaN(x)) return NaN;
      const std = batch.std[j]!;
      return std === 0 ? 0 : (x - batch.mean[j]!) / std;
    }),
  );
}

/** Fits on the training split only, then scales both splits with that one scaler. */
export function scaleSplits(train: number[][], test: number[][]): { scaler: Scaler; train: number[][]; test: number[][] } {
  const scaler = fitScaler(train);
  return { scaler, train: transform(scaler, train), test: transform(scaler, test) };
}
