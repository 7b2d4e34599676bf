/**
 * Builds data/embeddings.json from the model zoo's pretrained-network outputs
 * (exercises/zoo/pretrained/swatches-mobilenet-v2.json, written by `npm run pretrained:build`):
 * the 128-d `dense_2` activations of nsfwjs's MobileNetV2 (MIT) for 160 generated fabric-swatch
 * photographs, 16 training, 8 validation and 8 test photos of each of five patterns. Only the
 * embeddings and labels are kept (not the network's own NSFW class probabilities).
 * Then runs the reference solution on them with the job's settings (JOB) and writes
 * .meta/expected.json: the validation scores, the choice, the test accuracy and the probe's
 * validation probabilities. It checks that no probe prediction is closer than 1e-3 to a tie
 * between two classes, so float32 noise between runs cannot change an answer.
 *
 * Run: npx tsx exercises/model-selection/probe-or-knn-on-frozen-embeddings/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { SWATCH_PATTERNS } from '../../../../lib/zoo/pretrained/draw-swatch';
import { selectAndReport } from './solution';

/** The weekly job's settings, as the prompt states them. */
export const JOB = { ks: [1, 3, 5, 7], probe: { classes: 5, epochs: 20, learningRate: 0.05, seed: 7 } };

const here = path.dirname(fileURLToPath(import.meta.url));
const source = JSON.parse(fs.readFileSync(path.join(here, '../../../zoo/pretrained/swatches-mobilenet-v2.json'), 'utf8')) as {
  network: string;
  embeddingLayer: string;
  images: { id: string; split: string; pattern: (typeof SWATCH_PATTERNS)[number]; embedding: number[] }[];
};

const splitOf = (name: string) => {
  const rows = source.images.filter((image) => image.split === name);
  return { ids: rows.map((r) => r.id), labels: rows.map((r) => SWATCH_PATTERNS.indexOf(r.pattern)), embeddings: rows.map((r) => r.embedding) };
};

const out = {
  network: 'MobileNetV2 from the nsfwjs npm package (MIT), frozen',
  layer: source.embeddingLayer,
  classes: SWATCH_PATTERNS,
  train: splitOf('train'),
  validation: splitOf('validation'),
  test: splitOf('test'),
};
fs.writeFileSync(path.join(here, '..', 'data', 'embeddings.json'), `${JSON.stringify(out)}\n`);
console.log(`wrote ${out.train.ids.length} training, ${out.validation.ids.length} validation and ${out.test.ids.length} test embeddings`);

async function expected(): Promise<void> {
  const report = await selectAndReport(out, JOB);
  const { mean, std } = report.probe;
  const probabilities = tf.tidy(() => {
    const x = tf.tensor2d(out.validation.embeddings.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)));
    return (report.probe.model.predict(x) as tf.Tensor).arraySync() as number[][];
  });
  report.probe.model.dispose();
  const margin = Math.min(...probabilities.map((row) => {
    const sorted = [...row].sort((a, b) => b - a);
    return sorted[0]! - sorted[1]!;
  }));
  if (margin < 1e-3) throw new Error(`a probe prediction is within ${margin} of a tie: change the job's settings`);
  const round = (v: number) => Number(v.toFixed(6));
  const file = { job: JOB, validation: report.validation, chosen: report.chosen, testAccuracy: report.testAccuracy, validationProbabilities: probabilities.map((row) => row.map(round)), smallestMargin: round(margin) };
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(file, null, 1)}\n`);
  console.log(`chosen ${report.chosen}, test accuracy ${report.testAccuracy}, smallest probe margin ${margin.toFixed(4)}`);
}

expected().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
