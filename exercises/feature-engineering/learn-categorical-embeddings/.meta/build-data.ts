/**
 * Builds data/strikes.csv from the FAA wildlife strike records in vega-datasets (`birdstrikes.csv`,
 * U.S. Government data, public domain): a mulberry32(2026) sample of 300 strikes from 1996-1997
 * (`train`) and 200 from 2000-2002 (`test`, with species never reported in the training years),
 * keeping the wildlife species, the phase of flight and whether the aircraft was damaged. Then
 * trains the prompt's recipes (cpu backend) and writes .meta/expected.json: the options, the
 * vocabulary, the trained damage model as plain artifacts, its embedding table, test log-losses
 * (joint model, phase-only baseline, logistic regression on the frozen embeddings), a second
 * training with other options, and the serving cases' probabilities.
 *
 *   npx tsx exercises/feature-engineering/learn-categorical-embeddings/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../../lib/seeded-random';
import { embeddingFeatures, embeddingTable, encodeCategories, predictDamage, trainDamageModel, trainOnEmbeddings, type Strikes } from './solution';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const PHASES = ['Approach', 'Climb', 'Take-off run', 'Landing Roll', 'Descent'];
const OPTIONS = { minCount: 5, dim: 3, epochs: 8, learningRate: 0.3, seed: 3 };
const OTHER_OPTIONS = { minCount: 3, dim: 2, epochs: 5, learningRate: 0.4, seed: 11 };

interface Strike {
  species: string;
  phase: string;
  damaged: number;
  year: number;
  split: 'train' | 'test';
}

const round = (v: number) => Number(v.toPrecision(9));
const roundDeep = (value: unknown): unknown => (Array.isArray(value) ? value.map(roundDeep) : typeof value === 'number' ? round(value) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)])) : value);

function sample<T>(items: T[], count: number, random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

function loadStrikes(): Strike[] {
  const text = fs.readFileSync(path.join(root, 'node_modules/vega-datasets/data/birdstrikes.csv'), 'utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const all = rows.map((r) => ({
    species: r['Wildlife Species']!.trim(),
    phase: r['Phase of flight']!,
    damaged: r['Effect Amount of damage'] === 'None' ? 0 : 1,
    year: Number(r['Flight Date']!.slice(0, 4)),
  }));
  const random = mulberry32(2026);
  const train = sample(all.filter((s) => s.year >= 1996 && s.year <= 1997), 300, random).map((s) => ({ ...s, split: 'train' as const }));
  const test = sample(all.filter((s) => s.year >= 2000), 200, random).map((s) => ({ ...s, split: 'test' as const }));
  return [...train, ...test];
}

const toStrikes = (part: Strike[]): Strikes => ({
  species: part.map((s) => s.species),
  features: part.map((s) => PHASES.map((phase) => (phase === s.phase ? 1 : 0))),
  damaged: part.map((s) => s.damaged),
});

const logLoss = (p: number[], y: number[]) => -y.reduce((sum, v, i) => sum + (v === 1 ? Math.log(p[i]!) : Math.log(1 - p[i]!)), 0) / y.length;

async function artifactsOf(model: tf.LayersModel) {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const data = tf.io.CompositeArrayBuffer.join(saved!.weightData!);
  return { modelTopology: saved!.modelTopology, weightSpecs: saved!.weightSpecs, weightData: Array.from(new Float32Array(data)) };
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const strikes = loadStrikes();
  const quote = (text: string) => (/[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ['species,phase,damaged,year,split', ...strikes.map((s) => [quote(s.species), quote(s.phase), s.damaged, s.year, s.split].join(','))];
  fs.writeFileSync(path.join(here, '..', 'data', 'strikes.csv'), `${lines.join('\n')}\n`);

  const train = toStrikes(strikes.filter((s) => s.split === 'train'));
  const test = toStrikes(strikes.filter((s) => s.split === 'test'));
  const seen = new Set(train.species);
  let started = performance.now();
  const { vocabulary, model } = await trainDamageModel(train, OPTIONS);
  console.log(`joint training: ${Math.round(performance.now() - started)} ms, vocabulary ${vocabulary.length} of ${seen.size} species`);
  const table = embeddingTable(model);
  const jointLoss = logLoss(predictDamage(model, vocabulary, test), test.damaged);
  const second = await trainOnEmbeddings(table, vocabulary, train, OPTIONS);
  const secondPredictions = tf.tidy(() => Array.from((second.predict(tf.tensor2d(embeddingFeatures(table, vocabulary, test))) as tf.Tensor).dataSync()));
  const secondLoss = logLoss(secondPredictions, test.damaged);
  const phaseOnly = await trainOnEmbeddings(table.map(() => []), vocabulary, train, OPTIONS);
  const phaseOnlyLoss = logLoss(tf.tidy(() => Array.from((phaseOnly.predict(tf.tensor2d(test.features)) as tf.Tensor).dataSync())), test.damaged);
  const unseenTest = test.species.filter((a) => !seen.has(a)).length;
  const unknownTest = encodeCategories(vocabulary, test.species).filter((i) => i === 0).length;
  console.log(`test log-loss: joint ${jointLoss.toFixed(4)}, second model on embeddings ${secondLoss.toFixed(4)}, phase only ${phaseOnlyLoss.toFixed(4)}`);
  console.log(`test strikes: ${unseenTest} with a species never seen in training, ${unknownTest} in the unknown bucket`);

  started = performance.now();
  const small = toStrikes(strikes.filter((s) => s.split === 'train').slice(0, 120));
  const other = await trainDamageModel(small, OTHER_OPTIONS);
  console.log(`second training: ${Math.round(performance.now() - started)} ms, vocabulary ${other.vocabulary.length}`);
  const otherTable = embeddingTable(other.model);
  const otherSecond = await trainOnEmbeddings(otherTable, other.vocabulary, small, OTHER_OPTIONS);

  // Serving: the first test strikes, then a species never reported, a missing one and a rare one in two phases each, and a known name in lower case.
  const rare = [...seen].find((a) => !vocabulary.includes(a))!;
  const serving = {
    species: [...test.species.slice(0, 12), 'Sandhill crane', 'Sandhill crane', '', '', rare, rare, vocabulary[0]!.toLowerCase()],
    features: [...test.features.slice(0, 12), [1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [1, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 1, 0, 0, 0]],
  };
  const expected = {
    options: OPTIONS,
    otherOptions: OTHER_OPTIONS,
    vocabulary,
    table,
    jointLoss,
    secondLoss,
    phaseOnlyLoss,
    model: await artifactsOf(model),
    other: {
      rows: 120,
      vocabulary: other.vocabulary,
      table: otherTable,
      model: await artifactsOf(other.model),
      loss: logLoss(predictDamage(other.model, other.vocabulary, test), test.damaged),
      secondLoss: logLoss(tf.tidy(() => Array.from((otherSecond.predict(tf.tensor2d(embeddingFeatures(otherTable, other.vocabulary, test))) as tf.Tensor).dataSync())), test.damaged),
      serving: predictDamage(other.model, other.vocabulary, serving),
    },
    serving: { ...serving, probabilities: predictDamage(model, vocabulary, serving) },
  };
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(roundDeep(expected))}\n`);
  for (const trained of [model, second, phaseOnly, other.model, otherSecond]) trained.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
