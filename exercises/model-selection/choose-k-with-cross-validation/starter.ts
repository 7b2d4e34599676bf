// select_k.ts: how the sexing model's k was chosen for the last data release.
// The reviewers' question: "how was k chosen, and on which birds was the accuracy measured?"

export interface Row {
  id: string;
  features: number[]; // bill length, bill depth, flipper length (mm), body mass (g)
  label: string; // 'female' | 'male'
  split: string; // 'train' | 'validation' | 'test'
}

export interface Model {
  predict(rows: Row[]): string[];
}

/** The team's pipeline: fits a standard scaler and a k-nearest-neighbour index on `rows` only. */
export type Train = (rows: Row[], k: number) => Model;

export interface Selection {
  cvAccuracy: number[];
  bestK: number;
  testAccuracy: number | null;
  model: Model;
}

function accuracy(model: Model, rows: Row[]): number {
  const predictions = model.predict(rows);
  return rows.filter((row, i) => predictions[i] === row.label).length / rows.length;
}

/** Pooled out-of-fold accuracy of k: row i is held out in fold i % folds. */
export function crossValidate(train: Train, rows: Row[], k: number, folds: number): number {
  // TODO: hold out each fold in turn and score it with a model trained on the other folds.
  // This scores the rows with a model that has already seen them.
  void folds;
  return accuracy(train(rows, k), rows);
}

export function selectK(train: Train, rows: Row[], candidates: number[], folds: number): Selection {
  // The notebook: train on `train`, score each k on the 67 validation birds, keep the best.
  // TODO: choose k by cross-validation on train + validation, refit, then score test once.
  void folds;
  const trainRows = rows.filter((row) => row.split === 'train');
  const validation = rows.filter((row) => row.split === 'validation');
  const test = rows.filter((row) => row.split === 'test');
  const cvAccuracy = candidates.map((k) => accuracy(train(trainRows, k), validation));
  const bestK = candidates[cvAccuracy.indexOf(Math.max(...cvAccuracy))]!;
  const model = train(trainRows, bestK);
  return { cvAccuracy, bestK, testAccuracy: accuracy(model, test), model };
}
