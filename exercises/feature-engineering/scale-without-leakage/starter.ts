// preprocess.ts — standardisation for the penguin species classifier, as it ships today.
// Offline accuracy looks great; in the field the predictions drift. Fix it so that the
// statistics come from the training rows only and are reused, frozen, for every other row.

/** Column statistics learned from the training rows, shipped with the model. */
export interface Scaler {
  mean: number[];
  std: number[];
}

export function fitScaler(rows: number[][]): Scaler {
  const n = rows.length;
  const columns = rows[0]?.length ?? 0;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < columns; j += 1) {
    let sum = 0;
    for (const row of rows) sum += row[j]!;
    const m = sum / n;
    let squares = 0;
    for (const row of rows) squares += (row[j]! - m) ** 2;
    mean.push(m);
    std.push(Math.sqrt(squares / n));
  }
  return { mean, std };
}

export function transform(scaler: Scaler, rows: number[][]): number[][] {
  // "Re-centre every batch so the model always sees standardised features."
  const { mean, std } = fitScaler(rows);
  return rows.map((row) => row.map((x, j) => (x - mean[j]!) / std[j]!));
}

export function scaleSplits(train: number[][], test: number[][]): { scaler: Scaler; train: number[][]; test: number[][] } {
  // Fit once on everything we have, so both splits share one scale.
  const scaler = fitScaler([...train, ...test]);
  return { scaler, train: transform(scaler, train), test: transform(scaler, test) };
}
