/**
 * The loss curve of a Run: every epoch the submission trains with fit during a visible test comes
 * back with that test, as bounded plain data, through the real grader; hidden tests carry none,
 * and the verdicts are what they would be without it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import { getGrader, stopGrader } from '@/lib/grading/grader';
import { MAX_LOGGED_EPOCHS, readTrainingCurve } from '@/lib/grading/training-curve';

const CATALOG = path.resolve(__dirname, '..', '..', 'fixtures', 'catalog');
let exercise: Exercise;

beforeAll(async () => {
  exercise = loadCatalogOrThrow(CATALOG).find((e) => e.meta.slug === 'double-the-values')!;
  await getGrader();
}, 60_000);
afterAll(async () => {
  await stopGrader();
});

/** The fixture's solution, with `double` training a one-weight model first (`fits`: the fit calls, each as its options). */
function trainingSolution(fits: string[]): string {
  return `import * as tf from '@tensorflow/tfjs';
export async function double(values: number[]): Promise<number[]> {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  const optimizer = tf.train.sgd(0.05);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = tf.tensor2d([[1], [2], [3], [4]]);
  const y = tf.tensor2d([[2], [4], [6], [8]]);
  ${fits.map((options) => `await model.fit(x, y, ${options});`).join('\n  ')}
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return values.map((v) => v * 2);
}
export function doubleTensor(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => x.mul(2));
}
`;
}

describe('the loss curve of a Run', () => {
  it('reports one training loss per epoch of every fit in order, with validation loss when fit had validation data', async () => {
    const result = await gradeSubmission({ exercise, code: trainingSolution(['{ epochs: 3, verbose: 0, yieldEvery: "never" }', '{ epochs: 2, verbose: 0, yieldEvery: "never", validationData: [x, y] }']), mode: 'run' });
    expect(result.status, JSON.stringify(result.tests.map((t) => t.message))).toBe('pass');
    const [list, tensor] = result.tests;
    const curve = list!.training!;
    expect(curve.loss).toHaveLength(5);
    expect(curve.loss.every((v) => typeof v === 'number' && v > 0)).toBe(true);
    // SGD on a convex loss: the loss falls from epoch to epoch.
    expect(curve.loss[4]!).toBeLessThan(curve.loss[0]!);
    expect(curve.valLoss.slice(0, 3)).toEqual([null, null, null]);
    expect(curve.valLoss.slice(3).every((v) => typeof v === 'number')).toBe(true);
    expect(curve.droppedEpochs).toBe(0);
    // A test whose code trains nothing has no curve.
    expect(tensor!.training).toBeUndefined();
  });

  it('trains with fit’s own defaults: no options, or options without yieldEvery', async () => {
    const result = await gradeSubmission({ exercise, code: trainingSolution(['undefined', '{ epochs: 2, verbose: 0 }']), mode: 'run', testId: 'doubles-small-list' });
    expect(result.status, JSON.stringify(result.tests.map((t) => t.message))).toBe('pass');
    expect(result.tests[0]!.training!.loss).toHaveLength(3);
  });

  it('draws a diverged loss as a gap (null), not as a number', async () => {
    const diverging = trainingSolution(['{ epochs: 4, verbose: 0, yieldEvery: "never" }']).replace('tf.train.sgd(0.05)', 'tf.train.sgd(1e30)');
    const diverged = await gradeSubmission({ exercise, code: diverging, mode: 'run', testId: 'doubles-small-list' });
    expect(diverged.tests[0]!.training!.loss).toContain(null);
  });

  it('never shows a hidden test’s curve, and leaves every verdict as it was', async () => {
    const result = await gradeSubmission({ exercise, code: trainingSolution(['{ epochs: 2, verbose: 0, yieldEvery: "never" }']), mode: 'submit' });
    expect(result.status).toBe('pass');
    expect(result.tests.filter((t) => !t.visible).map((t) => t.training)).toEqual([undefined, undefined]);
    expect(result.tests.find((t) => t.id === 'doubles-small-list')!.training!.loss).toHaveLength(2);
  });

  it('reads only bounded plain data from a grader process', () => {
    expect(readTrainingCurve({ loss: [1, null], valLoss: [null, 2], droppedEpochs: 0 })).toEqual({ loss: [1, null], valLoss: [null, 2], droppedEpochs: 0 });
    for (const bad of [null, 'x', { loss: [], valLoss: [], droppedEpochs: 0 }, { loss: [1], valLoss: [], droppedEpochs: 0 }, { loss: ['1'], valLoss: [null], droppedEpochs: 0 }, { loss: [NaN], valLoss: [null], droppedEpochs: 0 }, { loss: [1], valLoss: [null], droppedEpochs: -1 }, { loss: Array(MAX_LOGGED_EPOCHS + 1).fill(1), valLoss: Array(MAX_LOGGED_EPOCHS + 1).fill(null), droppedEpochs: 0 }]) {
      expect(readTrainingCurve(bad)).toBeUndefined();
    }
  });
});
