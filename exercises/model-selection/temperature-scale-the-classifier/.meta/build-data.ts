/**
 * Trains the over-confident region model this exercise calibrates and writes:
 *   data/addresses.csv        300 validation and 300 test addresses (real US postal codes,
 *                             GeoNames via vega-datasets) with their census division, taken from
 *                             the zoo's validation and test splits (lib/zoo/zip-regions.ts)
 *   data/region-model.json    the model card (standardisation, labels, training) and the model as
 *                             plain artifacts: 2 -> 48 ReLU -> 48 ReLU -> 9 logits (no softmax)
 *   .meta/expected.json       the model's float32 logits of both splits (for the host-side checks)
 * The model is trained on only 240 addresses of the zoo's training split for 400 full-batch Adam
 * epochs on softmax cross-entropy: it fits them almost perfectly and becomes over-confident on new
 * addresses, which is what temperature scaling repairs.
 * Deterministic: seeded initialisers, full-batch unshuffled epochs, cpu backend, weights rounded
 * to 6 decimals before the logits are computed.
 *   npx tsx exercises/model-selection/temperature-scale-the-classifier/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { DIVISION_LABELS, loadZipSplits, type ZipRow } from '../../../../lib/zoo/zip-regions';
import { calibrationMetrics, fitTemperature } from './solution';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRAIN = 240;
const VALIDATION = 300;
const TEST = 300;
const EPOCHS = 400;
const round = (v: number, digits = 6) => Number(v.toFixed(digits));
const compactArrays = (json: string) => json.replace(/\[\s+(-?[\d.e-]+(?:,\s+-?[\d.e-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);

function buildModel(): tf.Sequential {
  return tf.sequential({
    name: 'region_logits_v2',
    layers: [
      tf.layers.dense({ name: 'hidden_1', units: 48, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 17 }) }),
      tf.layers.dense({ name: 'hidden_2', units: 48, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 18 }) }),
      tf.layers.dense({ name: 'logits', units: DIVISION_LABELS.length, kernelInitializer: tf.initializers.glorotUniform({ seed: 19 }) }),
    ],
  });
}

async function saveArtifacts(model: tf.LayersModel) {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  const weightData = Array.from(new Float32Array(saved!.weightData as ArrayBuffer)).map((v) => round(v));
  return { modelTopology: saved!.modelTopology, weightSpecs: saved!.weightSpecs!, weightData };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const splits = loadZipSplits();
  const train = splits.train.slice(0, TRAIN);
  const validation = splits.validation.slice(0, VALIDATION);
  const test = splits.test.slice(0, TEST);
  const coordinate = (r: ZipRow, k: number) => (k === 0 ? r.latitude : r.longitude);
  const mean = [0, 1].map((k) => round(train.reduce((s, r) => s + coordinate(r, k), 0) / TRAIN));
  const std = [0, 1].map((k) => round(Math.sqrt(train.reduce((s, r) => s + (coordinate(r, k) - mean[k]!) ** 2, 0) / TRAIN)));
  const standardise = (part: ZipRow[]) => part.map((r) => [0, 1].map((k) => (coordinate(r, k) - mean[k]!) / std[k]!));

  const model = buildModel();
  const optimizer = tf.train.adam(0.02);
  model.compile({ optimizer, loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const xs = tf.tensor2d(standardise(train));
  const ys = tf.oneHot(tf.tensor1d(train.map((r) => r.label), 'int32'), DIVISION_LABELS.length);
  await model.fit(xs, ys, { epochs: EPOCHS, batchSize: TRAIN, shuffle: false, verbose: 0, yieldEvery: 'never' });
  tf.dispose([xs, ys]);
  optimizer.dispose();
  const artifacts = await saveArtifacts(model);
  model.dispose();

  // Logits of the rounded model, exactly as the grader's copy computes them.
  const served = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs, weightData: new Float32Array(artifacts.weightData).buffer }));
  const logitsOf = (part: ZipRow[]) => tf.tidy(() => (served.predict(tf.tensor2d(standardise(part))) as tf.Tensor2D).arraySync());
  const logits = { validation: logitsOf(validation), test: logitsOf(test) };
  served.dispose();

  const labelsOf = (part: ZipRow[]) => part.map((r) => r.label);
  const fitted = fitTemperature(logits.validation, labelsOf(validation));
  const onTest = fitTemperature(logits.test, labelsOf(test));
  console.log(`T fitted on validation ${fitted.toFixed(4)} (on test it would be ${onTest.toFixed(4)})`);
  console.log('validation before', calibrationMetrics(logits.validation, labelsOf(validation), 1, 15), 'after', calibrationMetrics(logits.validation, labelsOf(validation), fitted, 15));
  console.log('test before', calibrationMetrics(logits.test, labelsOf(test), 1, 15), 'after', calibrationMetrics(logits.test, labelsOf(test), fitted, 15));

  const card = {
    model: 'region-logits v2',
    description: 'Census division (9 classes) of a US delivery address from its coordinates: dense 48 ReLU -> dense 48 ReLU -> dense 9. The output is logits: serving applies softmax.',
    labels: DIVISION_LABELS,
    features: ['latitude', 'longitude'],
    preprocessing: 'x = (feature - mean[k]) / std[k]',
    mean,
    std,
    training: `${TRAIN} addresses, ${EPOCHS} full-batch Adam epochs (learning rate 0.02), softmax cross-entropy`,
  };
  fs.writeFileSync(path.join(here, '..', 'data', 'region-model.json'), `${compactArrays(JSON.stringify({ card, artifacts }, null, 2))}\n`);
  const csv = [
    'zip,city,state,latitude,longitude,division,split',
    ...[...validation.map((r) => ({ r, split: 'validation' })), ...test.map((r) => ({ r, split: 'test' }))].map(({ r, split }) =>
      [r.zip, r.city.includes(',') ? `"${r.city}"` : r.city, r.state, r.latitude, r.longitude, DIVISION_LABELS[r.label], split].join(','),
    ),
  ];
  fs.writeFileSync(path.join(here, '..', 'data', 'addresses.csv'), `${csv.join('\n')}\n`);
  fs.writeFileSync(path.join(here, 'expected.json'), `${compactArrays(JSON.stringify({ logits }, null, 2))}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
