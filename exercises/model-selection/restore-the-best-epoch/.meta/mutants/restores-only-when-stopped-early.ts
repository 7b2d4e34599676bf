// mistake: restores the best weights only when patience ran out (Keras 2's restore_best_weights), so a run that reaches maxEpochs ships its last epoch
// expect: (training ran out of epochs)
import * as tf from '@tensorflow/tfjs';

export interface EarlyStoppingOptions {
  /** Train at most this many epochs. */
  maxEpochs: number;
  /** Stop after this many epochs in a row without an improvement (at least 1). */
  patience: number;
  /** An epoch improves only if its validation loss is below the best by more than this. */
  minDelta: number;
}

export interface StoppingState {
  /** The 1-based epoch whose weights are kept: the last one that improved. */
  bestEpoch: number;
  /** That epoch's validation loss. */
  bestValLoss: number;
  /** Whether training stops after the last epoch given. */
  stop: boolean;
}

/** The early-stopping rule, applied to the validation losses of epochs 1..k. */
export function earlyStoppingState(valLosses: number[], options: EarlyStoppingOptions): StoppingState {
  let bestEpoch = 0;
  let bestValLoss = Infinity;
  valLosses.forEach((loss, i) => {
    // NaN fails this comparison, so a diverged epoch never improves.
    if (loss < bestValLoss - options.minDelta) {
      bestEpoch = i + 1;
      bestValLoss = loss;
    }
  });
  const sinceBest = valLosses.length - bestEpoch;
  return { bestEpoch, bestValLoss, stop: sinceBest >= options.patience || valLosses.length >= options.maxEpochs };
}

export interface Split {
  /** Standardised [latitude, longitude] rows. */
  x: number[][];
  /** Division index (0-8) of each row. */
  labels: number[];
}

export interface TrainingReport {
  model: tf.LayersModel;
  bestEpoch: number;
  bestValLoss: number;
  epochsRun: number;
  valLosses: number[];
}

const CLASSES = 9;

/**
 * Trains `model` one epoch at a time (Adam, categorical cross-entropy, the whole training split as
 * one batch), watches the validation loss, stops by the rule above, and puts the best epoch's
 * weights back before returning.
 */
export async function trainWithEarlyStopping(
  model: tf.LayersModel,
  data: { train: Split; validation: Split },
  options: EarlyStoppingOptions & { learningRate: number },
): Promise<TrainingReport> {
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const xTrain = tf.tensor2d(data.train.x);
  const yTrain = tf.tidy(() => tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), CLASSES));
  const xVal = tf.tensor2d(data.validation.x);
  const yVal = tf.tidy(() => tf.oneHot(tf.tensor1d(data.validation.labels, 'int32'), CLASSES));
  const valLosses: number[] = [];
  // Copies, not model.getWeights() itself: those are the live variables the optimiser keeps changing.
  let bestWeights: tf.Tensor[] = [];
  let state: StoppingState = { bestEpoch: 0, bestValLoss: Infinity, stop: false };
  try {
    while (!state.stop) {
      await model.fit(xTrain, yTrain, { epochs: 1, batchSize: data.train.x.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
      valLosses.push(tf.tidy(() => (model.evaluate(xVal, yVal, { batchSize: data.validation.x.length }) as tf.Scalar).dataSync()[0]!));
      const previousBest = state.bestEpoch;
      state = earlyStoppingState(valLosses, options);
      if (state.bestEpoch !== previousBest) {
        tf.dispose(bestWeights);
        bestWeights = model.getWeights().map((w) => w.clone());
      }
    }
    // Restore whether patience ran out or the epochs did: the last epoch is rarely the best.
    if (bestWeights.length > 0 && valLosses.length < options.maxEpochs) model.setWeights(bestWeights);
  } finally {
    tf.dispose([xTrain, yTrain, xVal, yVal, ...bestWeights]);
    optimizer.dispose();
  }
  return { model, bestEpoch: state.bestEpoch, bestValLoss: state.bestValLoss, epochsRun: valLosses.length, valLosses };
}
