// mistake: orders each column's categories by how often they were seen, so the column order changes whenever the counts change between retrains
// expect: sorted by code units, not by count
import * as tf from '@tensorflow/tfjs';

/** One record as the pipeline reads it: column name -> category (null or '' when missing). */
export type Row = Record<string, string | null | undefined>;

/** The categories kept for one column, in their one-hot order. The unknown slot follows them. */
export interface ColumnVocabulary {
  name: string;
  categories: string[];
}

/** Plain data, learned from the training rows and shipped with the model. */
export interface OneHotEncoder {
  columns: ColumnVocabulary[];
}

export const UNKNOWN = '__unknown__';

const isMissing = (value: string | null | undefined): value is null | undefined | '' => value === null || value === undefined || value === '';

export function fitEncoder(rows: Row[], columns: string[], minCount: number): OneHotEncoder {
  return {
    columns: columns.map((name) => {
      const counts = new Map<string, number>();
      for (const row of rows) {
        const value = row[name];
        if (!isMissing(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const categories = [...counts].filter(([, count]) => count >= minCount).map(([category]) => category);
      // Most frequent first.
      return { name, categories: categories.sort((a, b) => counts.get(b)! - counts.get(a)!) };
    }),
  };
}

export function featureNames(encoder: OneHotEncoder): string[] {
  return encoder.columns.flatMap((column) => [...column.categories.map((c) => `${column.name}=${c}`), `${column.name}=${UNKNOWN}`]);
}

export function encode(encoder: OneHotEncoder, rows: Row[]): tf.Tensor2D {
  // Slot of each row in each column, worked out in plain JS: anything not in the vocabulary
  // (unseen, too rare in training, missing) goes to the column's last slot.
  const indices = encoder.columns.map((column) => {
    const slot = new Map(column.categories.map((category, i) => [category, i]));
    return rows.map((row) => {
      const value = row[column.name];
      return isMissing(value) ? column.categories.length : (slot.get(value) ?? column.categories.length);
    });
  });
  return tf.tidy(() => {
    if (encoder.columns.length === 0) return tf.zeros([rows.length, 0]) as tf.Tensor2D;
    const blocks = encoder.columns.map((column, j) =>
      // tf.oneHot needs a depth of at least 2; a column with no categories is just its unknown slot.
      column.categories.length === 0 ? tf.ones([rows.length, 1], 'int32') : tf.oneHot(tf.tensor1d(indices[j]!, 'int32'), column.categories.length + 1),
    );
    return tf.concat(blocks, 1).toFloat() as tf.Tensor2D;
  });
}
