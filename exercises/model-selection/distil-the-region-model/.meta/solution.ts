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

/**
 * The teacher's probabilities softened by a temperature: softmax(log(p) / T), which is
 * p^(1/T) renormalised. T = 1 keeps them; T > 1 spreads mass to the runner-up classes.
 */
export function softTargets(probabilities: number[][], temperature: number): number[][] {
  return probabilities.map((row) => {
    const powered = row.map((p) => p ** (1 / temperature));
    const total = powered.reduce((a, b) => a + b, 0);
    return powered.map((v) => v / total);
  });
}

/** The widest one-hidden-layer student (2 → h → classes) within the parameter budget. */
function studentWidth(inputs: number, classes: number, maxParams: number): number {
  // (inputs + 1)·h weights into the hidden layer, (h + 1)·classes into the output.
  return Math.floor((maxParams - classes) / (inputs + 1 + classes));
}

/**
 * Trains a small student on the teacher's softened predictions for every address it has. The
 * student is trained at T = 1 (its softmax is not divided by T), so it serves the softened
 * distribution; Hinton's form would divide its logits by T in training and scale the loss by T².
 */
export async function distil(teacher: tf.LayersModel, data: DistillationData, options: DistillationOptions): Promise<tf.LayersModel> {
  const rows = [...data.labelled.x, ...data.unlabelled];
  const probabilities = tf.tidy(() => (teacher.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][]);
  const targets = softTargets(probabilities, options.temperature);
  const classes = targets[0]!.length;
  const hidden = studentWidth(2, classes, options.maxParams);

  const student = tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const optimizer = tf.train.adam(0.1);
  student.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(rows);
  const y = tf.tensor2d(targets);
  try {
    await student.fit(x, y, { epochs: 10, batchSize: 200, shuffle: false, verbose: 0, yieldEvery: 'never' });
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
  return student;
}
