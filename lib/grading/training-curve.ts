/** Epochs of one test's training that are kept for its loss curve; more are counted, not kept. */
export const MAX_LOGGED_EPOCHS = 1_000;

/**
 * The loss of every epoch the learner's code trained with `fit` during one test, in order (every
 * call of fit appends its epochs). Display only: it never decides a test. Plain data, bounded by
 * MAX_LOGGED_EPOCHS; null where a loss was not a finite number (NaN, Infinity) or not measured.
 */
export interface TrainingCurve {
  loss: (number | null)[];
  /** Validation loss of the same epochs, when fit had validation data; null where it had none. */
  valLoss: (number | null)[];
  /** Epochs trained beyond MAX_LOGGED_EPOCHS. */
  droppedEpochs: number;
}

function isLossList(value: unknown, length?: number): value is (number | null)[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_LOGGED_EPOCHS &&
    (length === undefined || value.length === length) &&
    value.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)))
  );
}

/** A curve as a grader process reported it, checked to be the bounded plain data above; anything else is no curve. */
export function readTrainingCurve(value: unknown): TrainingCurve | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { loss, valLoss, droppedEpochs } = value as Record<string, unknown>;
  if (!isLossList(loss) || loss.length === 0 || !isLossList(valLoss, loss.length)) return undefined;
  if (typeof droppedEpochs !== 'number' || !Number.isInteger(droppedEpochs) || droppedEpochs < 0) return undefined;
  return { loss, valLoss, droppedEpochs };
}
