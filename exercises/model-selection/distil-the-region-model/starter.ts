import * as tf from '@tensorflow/tfjs';

export interface DistillationData {
  /** Addresses the ops team labelled by hand: standardised [latitude, longitude] and the division index. */
  labelled: { x: number[][]; labels: number[] };
  /** Addresses from the scanner logs, no labels: standardised [latitude, longitude]. */
  unlabelled: number[][];
}

export interface DistillationOptions {
  temperature: number;
  maxParams: number;
}

/** The teacher's probabilities softened by a temperature. */
export function softTargets(probabilities: number[][], temperature: number): number[][] {
  // TODO: apply the temperature.
  void temperature;
  return probabilities.map((row) => row.slice());
}

/** A student within the parameter budget. */
export async function distil(teacher: tf.LayersModel, data: DistillationData, options: DistillationOptions): Promise<tf.LayersModel> {
  // The handheld's current model: trained on the hand labels only. The teacher is not used yet.
  void teacher;
  const classes = 9;
  const hidden = Math.floor((options.maxParams - classes) / (3 + classes));
  const student = tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const optimizer = tf.train.adam(0.05);
  student.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(data.labelled.x);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labelled.labels, 'int32'), classes));
  await student.fit(x, y, { epochs: 60, batchSize: data.labelled.x.length, shuffle: false, verbose: 0, yieldEvery: 'never' });
  tf.dispose([x, y]);
  optimizer.dispose();
  return student;
}
