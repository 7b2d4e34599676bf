// mistake: keeps the first (smallest) k when candidates tie on cross-validated accuracy
// expect: take the largest k on a tie
/** One labelled bird: four measurements, its sex, and the split it belongs to. */
export interface Row {
  id: string;
  features: number[];
  label: string;
  split: string;
}

/** A trained pipeline (scaler + k-nearest neighbours). */
export interface Model {
  predict(rows: Row[]): string[];
}

/** The team's training pipeline: fits the scaler and the neighbour index on `rows` only. */
export type Train = (rows: Row[], k: number) => Model;

export interface Selection {
  cvAccuracy: number[];
  bestK: number;
  testAccuracy: number | null;
  model: Model;
}

export function crossValidate(train: Train, rows: Row[], k: number, folds: number): number {
  if (!Number.isInteger(folds) || folds < 2 || folds > rows.length) {
    throw new Error(`folds must be a whole number from 2 to the number of rows (${rows.length}), got ${folds}`);
  }
  let correct = 0;
  for (let fold = 0; fold < folds; fold += 1) {
    // Row i belongs to fold i % folds. The model that scores a fold never sees it.
    const heldOut = rows.filter((_, i) => i % folds === fold);
    const rest = rows.filter((_, i) => i % folds !== fold);
    const predictions = train(rest, k).predict(heldOut);
    heldOut.forEach((row, i) => {
      if (predictions[i] === row.label) correct += 1;
    });
  }
  // Pooled: every row is predicted exactly once, by the model that did not train on it.
  return correct / rows.length;
}

export function selectK(train: Train, rows: Row[], candidates: number[], folds: number): Selection {
  const development = rows.filter((row) => row.split === 'train' || row.split === 'validation');
  const test = rows.filter((row) => row.split === 'test');

  // Choose with cross-validation on train + validation; the test rows take no part.
  const cvAccuracy = candidates.map((k) => crossValidate(train, development, k, folds));
  let best = 0;
  cvAccuracy.forEach((accuracy, i) => {
    // On equal accuracy the larger k wins: the smoother model.
    if (accuracy > cvAccuracy[best]! || (accuracy === cvAccuracy[best]! && candidates[i]! < candidates[best]!)) best = i;
  });
  const bestK = candidates[best]!;

  // Refit on every development row, then look at the test split once, with that model.
  const model = train(development, bestK);
  let testAccuracy: number | null = null;
  if (test.length > 0) {
    const predictions = model.predict(test);
    testAccuracy = test.filter((row, i) => predictions[i] === row.label).length / test.length;
  }
  return { cvAccuracy, bestK, testAccuracy, model };
}
