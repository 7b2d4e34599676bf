// encode.ts — one-hot features for the strike-damage model, as it ships today.
// It was written like pandas.get_dummies: the columns come from whatever rows it is given.
// Training looks fine; in production the model throws on shape errors, and JetBlue strikes
// (an operator the model has never seen) come out as rows of zeros. Fix it: learn a fixed
// vocabulary from the training rows, keep its order stable, and give every column an unknown slot.
import * as tf from '@tensorflow/tfjs';

export type Row = Record<string, string | null | undefined>;

export interface ColumnVocabulary {
  name: string;
  categories: string[];
}

export interface OneHotEncoder {
  columns: ColumnVocabulary[];
}

export const UNKNOWN = '__unknown__';

export function fitEncoder(rows: Row[], columns: string[], minCount: number): OneHotEncoder {
  // Every value we have seen, in the order we first saw it. (minCount: TODO, rare ones are fine for now.)
  void minCount;
  return {
    columns: columns.map((name) => ({
      name,
      categories: [...new Set(rows.map((row) => row[name]))].filter((v): v is string => typeof v === 'string'),
    })),
  };
}

export function featureNames(encoder: OneHotEncoder): string[] {
  return encoder.columns.flatMap((column) => column.categories.map((category) => `${column.name}=${category}`));
}

export function encode(encoder: OneHotEncoder, rows: Row[]): tf.Tensor2D {
  // Like get_dummies: one column per value present in this batch.
  const columns = fitEncoder(
    rows,
    encoder.columns.map((column) => column.name),
    1,
  ).columns;
  const data = rows.map((row) => columns.flatMap((column) => column.categories.map((category) => (row[column.name] === category ? 1 : 0))));
  return tf.tensor2d(data, [rows.length, data[0]?.length ?? 0]);
}
