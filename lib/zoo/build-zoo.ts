/**
 * Builds every zoo model from shipped data with fixed seeds, evaluates it on held-out splits,
 * measures its latency (optional) and writes `<out>/<name>/{model.json, weights.bin, card.json,
 * card.md}` plus `<out>/zoo.json`, the index.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { classCentroids, nearestCentroidAccuracy } from './embedding-metrics';
import { evaluateClassifier } from './evaluate-classifier';
import { drawGlyphSet, GLYPH_SEEDS, loadGlyphSplits, NEW_GLYPHS, PRETRAIN_GLYPHS, type GlyphSet } from './glyphs';
import { GLYPH_SIZE } from './draw-glyph';
import { describeMachine, measureLatency, type LatencyMeasurement } from './measure-latency';
import { renderCard, type ModelCard } from './model-card';
import { saveModel } from './save-model';
import { trainClassifier } from './train-classifier';
import { DIVISION_LABELS, loadZipSplits, ZIP_FEATURES, ZIP_SPLIT, zipFeatures, type ZipRow } from './zip-regions';
import { buildGlyphCnn, buildRegionModel, GLYPH_CNN, GLYPH_EMBEDDER, initialiserSeeds, REGION_MODELS } from './zoo-models';

export interface BuildOptions {
  /** Time predict calls and put the numbers in the cards (skipped by `zoo:check`). */
  measureLatency: boolean;
  log?: (line: string) => void;
}

export interface ZooIndexEntry {
  name: string;
  kind: ModelCard['kind'];
  task: string;
  parameters: number;
  totalBytes: number;
  headline: Record<string, number>;
}

const ZIP_DATA = {
  name: 'US postal codes with coordinates (zipcodes.csv), 48 contiguous states and DC, labelled with the census division of their state',
  source: 'the `vega-datasets` npm package (3.x), data/zipcodes.csv, from GeoNames postal codes',
  licence: 'CC BY 4.0 (GeoNames); package BSD-3-Clause',
  splits: { train: ZIP_SPLIT.train, validation: ZIP_SPLIT.validation, test: ZIP_SPLIT.test },
};
const GLYPH_DATA = {
  name: `synthetic 16x16 glyphs (${PRETRAIN_GLYPHS.join(', ')}) drawn by lib/zoo/draw-glyph.ts`,
  source: `generated with seeded mulberry32 (train seed ${GLYPH_SEEDS.train}, validation ${GLYPH_SEEDS.validation}, test ${GLYPH_SEEDS.test})`,
  licence: 'generated in this repository, no third-party data',
  splits: { train: 600, validation: 300, test: 300 },
};
const LICENCE = 'Model weights: same licence as this repository. Data: see below.';
const LATENCY_NOTE = 'predict + dataSync of one batch, 20 warm-up calls, then timed calls, in one Node process.';

function writeCard(dir: string, card: ModelCard): void {
  fs.writeFileSync(path.join(dir, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'card.md'), renderCard(card));
}

async function save(model: tf.LayersModel, out: string, name: string) {
  const files = await saveModel(tf, model, path.join(out, name));
  return { weightsBytes: files.weightsBytes, modelJsonBytes: files.modelJsonBytes, totalBytes: files.weightsBytes + files.modelJsonBytes };
}

function latencyOf(model: tf.LayersModel, batches: tf.Tensor[], runs: number, options: BuildOptions): ModelCard['latency'] {
  if (!options.measureLatency) return null;
  const measurements: LatencyMeasurement[] = batches.map((batch) => measureLatency(tf, model, batch, runs));
  return { measurements, machine: describeMachine(tf), note: LATENCY_NOTE };
}

async function buildRegionModels(out: string, options: BuildOptions): Promise<ModelCard[]> {
  const splits = loadZipSplits();
  const features = (rows: ZipRow[]) => rows.map(zipFeatures);
  const train = features(splits.train);
  const mean = ZIP_FEATURES.map((_, j) => Number((train.reduce((s, r) => s + r[j]!, 0) / train.length).toFixed(4)));
  const std = ZIP_FEATURES.map((_, j) => Number(Math.sqrt(train.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / train.length).toFixed(4)));
  const x = (rows: ZipRow[]) => tf.tensor2d(features(rows).map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)));
  const [xTrain, xValidation, xTest] = [x(splits.train), x(splits.validation), x(splits.test)];
  const single = xTest.slice([0, 0], [1, 2]);
  const batch = xTest.slice([0, 0], [256, 2]);

  const cards: ModelCard[] = [];
  for (const [index, spec] of REGION_MODELS.entries()) {
    const seeds = initialiserSeeds(index + 1, spec.hidden.length + 1);
    const model = buildRegionModel(tf, spec, ZIP_FEATURES.length, DIVISION_LABELS.length, seeds);
    const durationMs = await trainClassifier(tf, model, xTrain, splits.train.map((r) => r.label), DIVISION_LABELS.length, spec.plan);
    const size = await save(model, out, spec.name);
    const card: ModelCard = {
      name: spec.name,
      title: spec.title,
      task: 'Predicts which of the nine US census divisions a delivery address is in, from its latitude and longitude (48 contiguous states and DC).',
      kind: 'classifier',
      architecture: spec.hidden.length === 0 ? 'dense softmax (multinomial logistic regression)' : `dense ${spec.hidden.join(' → ')} relu → dense ${DIVISION_LABELS.length} softmax`,
      inputs: { shape: [-1, 2], features: [...ZIP_FEATURES], preprocessing: 'standardise each feature with the training mean and std below: (x - mean) / std', normalisation: { mean, std } },
      outputs: { shape: [-1, DIVISION_LABELS.length], labels: DIVISION_LABELS, description: 'probability of each census division' },
      parameters: model.countParams(),
      size,
      metrics: { validation: evaluateClassifier(tf, model, xValidation, splits.validation.map((r) => r.label)), test: evaluateClassifier(tf, model, xTest, splits.test.map((r) => r.label)) },
      latency: latencyOf(model, [single, batch], 200, options),
      training: { ...spec.plan, trainRows: splits.train.length, initialiserSeeds: seeds, durationMs },
      data: ZIP_DATA,
      licence: LICENCE,
    };
    writeCard(path.join(out, spec.name), card);
    options.log?.(`${spec.name}: ${card.parameters} parameters, validation accuracy ${card.metrics.validation!.accuracy}, trained in ${durationMs} ms`);
    cards.push(card);
    model.dispose();
  }
  tf.dispose([xTrain, xValidation, xTest, single, batch]);
  return cards;
}

const glyphTensor = (set: GlyphSet) => tf.tensor4d(set.images.flat(), [set.images.length, GLYPH_SIZE, GLYPH_SIZE, 1]);

async function buildGlyphModels(out: string, options: BuildOptions): Promise<ModelCard[]> {
  const splits = loadGlyphSplits();
  const [xTrain, xValidation, xTest] = [glyphTensor(splits.train), glyphTensor(splits.validation), glyphTensor(splits.test)];
  const seeds = initialiserSeeds(REGION_MODELS.length + 1, 4);
  const model = buildGlyphCnn(tf, GLYPH_SIZE, PRETRAIN_GLYPHS.length, seeds);
  const durationMs = await trainClassifier(tf, model, xTrain, splits.train.labels, PRETRAIN_GLYPHS.length, GLYPH_CNN.plan);
  const single = xTest.slice([0, 0, 0, 0], [1, GLYPH_SIZE, GLYPH_SIZE, 1]);
  const batch = xTest.slice([0, 0, 0, 0], [32, GLYPH_SIZE, GLYPH_SIZE, 1]);
  const inputs = { shape: [-1, GLYPH_SIZE, GLYPH_SIZE, 1], features: ['pixel intensity, row-major'], preprocessing: 'none: pixel values already in [0, 1] (0 = background, 1 = ink)' };
  const training = { ...GLYPH_CNN.plan, trainRows: splits.train.labels.length, initialiserSeeds: seeds, durationMs };

  const cnn: ModelCard = {
    name: GLYPH_CNN.name,
    title: 'glyph classifier, small CNN',
    task: `Classifies a 16x16 grayscale glyph as one of ${PRETRAIN_GLYPHS.length} shapes.`,
    kind: 'classifier',
    architecture: 'conv 3x3x8 stride 2 relu → conv 3x3x16 stride 2 relu → flatten → dense 32 relu ("embedding") → dense 6 softmax',
    inputs,
    outputs: { shape: [-1, PRETRAIN_GLYPHS.length], labels: PRETRAIN_GLYPHS, description: 'probability of each glyph' },
    parameters: model.countParams(),
    size: await save(model, out, GLYPH_CNN.name),
    metrics: { validation: evaluateClassifier(tf, model, xValidation, splits.validation.labels), test: evaluateClassifier(tf, model, xTest, splits.test.labels) },
    latency: latencyOf(model, [single, batch], 100, options),
    training,
    data: GLYPH_DATA,
    licence: LICENCE,
  };
  writeCard(path.join(out, GLYPH_CNN.name), cnn);
  options.log?.(`${cnn.name}: ${cnn.parameters} parameters, validation accuracy ${cnn.metrics.validation!.accuracy}, trained in ${durationMs} ms`);

  // The embedder is the classifier cut at its 32-unit layer: same weights, no softmax head.
  const embedder = tf.model({ name: 'glyphs_embedder', inputs: model.inputs, outputs: model.getLayer(GLYPH_EMBEDDER.embeddingLayer).output as tf.SymbolicTensor });
  const embed = (x: tf.Tensor) => tf.tidy(() => (embedder.predict(x) as tf.Tensor).arraySync() as number[][]);
  const known = classCentroids(embed(xTrain), splits.train.labels, PRETRAIN_GLYPHS.length);
  const support = drawGlyphSet(NEW_GLYPHS, 5, 404);
  const queries = drawGlyphSet(NEW_GLYPHS, 50, 505);
  const [xSupport, xQueries] = [glyphTensor(support), glyphTensor(queries)];
  const fresh = classCentroids(embed(xSupport), support.labels, NEW_GLYPHS.length);
  const embedderCard: ModelCard = {
    ...cnn,
    name: GLYPH_EMBEDDER.name,
    title: 'glyph embedder (the CNN without its softmax head)',
    task: 'Maps a 16x16 grayscale glyph to a 32-dimensional vector; similar shapes get similar vectors (cosine similarity). A base for transfer learning and nearest-neighbour search.',
    kind: 'embedder',
    architecture: 'conv 3x3x8 stride 2 relu → conv 3x3x16 stride 2 relu → flatten → dense 32 relu (output)',
    outputs: { shape: [-1, 32], description: 'embedding vector (non-negative, not normalised; L2-normalise before cosine similarity)' },
    parameters: embedder.countParams(),
    size: await save(embedder, out, GLYPH_EMBEDDER.name),
    metrics: {
      'test, seen glyphs': { nearestCentroidAccuracy: nearestCentroidAccuracy(known, embed(xTest), splits.test.labels), classes: PRETRAIN_GLYPHS.length, queries: splits.test.labels.length },
      [`unseen glyphs (${NEW_GLYPHS.join(', ')}), 5 examples each`]: {
        nearestCentroidAccuracy: nearestCentroidAccuracy(fresh, embed(xQueries), queries.labels),
        classes: NEW_GLYPHS.length,
        queries: queries.labels.length,
      },
    },
    latency: latencyOf(embedder, [single, batch], 100, options),
    training: { derivedFrom: `The first four layers of ${GLYPH_CNN.name}, with its weights (trained as that classifier; not trained further).` },
  };
  writeCard(path.join(out, GLYPH_EMBEDDER.name), embedderCard);
  options.log?.(`${embedderCard.name}: ${embedderCard.parameters} parameters`);
  tf.dispose([xTrain, xValidation, xTest, single, batch, xSupport, xQueries]);
  model.dispose();
  return [cnn, embedderCard];
}

const headline = (card: ModelCard): Record<string, number> => {
  const first = Object.values(card.metrics)[0] as Record<string, number>;
  return 'accuracy' in first ? { validationAccuracy: first.accuracy! } : { nearestCentroidAccuracy: first.nearestCentroidAccuracy! };
};

export async function buildZoo(out: string, options: BuildOptions): Promise<ZooIndexEntry[]> {
  await tf.setBackend('cpu');
  fs.mkdirSync(out, { recursive: true });
  const cards = [...(await buildRegionModels(out, options)), ...(await buildGlyphModels(out, options))];
  const index = cards.map((card) => ({ name: card.name, kind: card.kind, task: card.title, parameters: card.parameters, totalBytes: card.size.totalBytes, headline: headline(card) }));
  fs.writeFileSync(path.join(out, 'zoo.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}
