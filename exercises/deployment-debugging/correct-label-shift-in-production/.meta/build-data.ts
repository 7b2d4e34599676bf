/**
 * Builds data/production.json from the model zoo's pretrained-network outputs
 * (exercises/zoo/pretrained/swatches-mobilenet-v2.json, written by `npm run pretrained:build`; the
 * networks are not rerun here): the 128-d `dense_2` activations of nsfwjs's MobileNetV2 (MIT) for
 * the generated fabric-swatch photographs.
 *
 * - `train`: the 80 training photos (16 per pattern), as the tagger was trained on them.
 * - `production`: one week of the weaving line, 400 photos drawn with replacement from the 40 test
 *   swatches (the line photographs the same bolts again and again) with the line's pattern mix
 *   PRODUCTION_MIX: first a pattern by the mix, then one of that pattern's test swatches uniformly,
 *   both from one mulberry32 stream seeded with SEED.
 * - `audit`: the 160 production rows the quality team labelled by hand, chosen from the same
 *   stream by a partial Fisher–Yates shuffle, in ascending row order.
 *
 * Then runs the reference solution with the job's settings (JOB) and writes .meta/expected.json:
 * the true label of every production row (hidden tests audit the whole week), the training priors, the estimate, the audit scores before and after, and the smallest margin
 * between the top two corrected probabilities of an audited row, which must stay above 1e-3 so
 * that float32 noise between runs cannot change a prediction.
 *
 * Run: npx tsx exercises/deployment-debugging/correct-label-shift-in-production/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { SWATCH_PATTERNS } from '../../../../lib/zoo/pretrained/draw-swatch';
import { mulberry32 } from '../../../../lib/seeded-random';
import { adjustPosteriors, correctProduction } from './solution';

/** The weaving line's pattern mix this week, in SWATCH_PATTERNS order (stripes, checks, dots, chevron, plain). */
export const PRODUCTION_MIX = [0.04, 0.04, 0.04, 0.36, 0.52];
/** The job's settings, as the prompt states them. */
export const JOB = { probe: { classes: 5, epochs: 20, learningRate: 0.05, seed: 7 }, em: { maxIterations: 200, tolerance: 1e-6, floor: 0.001 } };
const SEED = 1721;
const PRODUCTION_ROWS = 400;
const AUDIT_ROWS = 160;

const here = path.dirname(fileURLToPath(import.meta.url));
const source = JSON.parse(fs.readFileSync(path.join(here, '../../../zoo/pretrained/swatches-mobilenet-v2.json'), 'utf8')) as {
  embeddingLayer: string;
  images: { id: string; split: string; pattern: (typeof SWATCH_PATTERNS)[number]; embedding: number[] }[];
};

const labelOf = (pattern: (typeof SWATCH_PATTERNS)[number]) => SWATCH_PATTERNS.indexOf(pattern);
const trainRows = source.images.filter((image) => image.split === 'train');
const testRows = source.images.filter((image) => image.split === 'test');
const random = mulberry32(SEED);

function drawPattern(): number {
  let u = random();
  let k = 0;
  while (k < PRODUCTION_MIX.length - 1 && u >= PRODUCTION_MIX[k]!) {
    u -= PRODUCTION_MIX[k]!;
    k += 1;
  }
  return k;
}

const week = Array.from({ length: PRODUCTION_ROWS }, () => {
  const pattern = drawPattern();
  const candidates = testRows.filter((row) => labelOf(row.pattern) === pattern);
  return candidates[Math.floor(random() * candidates.length)]!;
});

const order = Array.from({ length: PRODUCTION_ROWS }, (_, i) => i);
for (let i = 0; i < AUDIT_ROWS; i += 1) {
  const j = i + Math.floor(random() * (PRODUCTION_ROWS - i));
  [order[i], order[j]] = [order[j]!, order[i]!];
}
const auditRows = order.slice(0, AUDIT_ROWS).sort((a, b) => a - b);

const out = {
  network: 'MobileNetV2 from the nsfwjs npm package (MIT), frozen',
  layer: source.embeddingLayer,
  classes: SWATCH_PATTERNS,
  train: { ids: trainRows.map((r) => r.id), labels: trainRows.map((r) => labelOf(r.pattern)), embeddings: trainRows.map((r) => r.embedding) },
  production: { swatches: week.map((r) => r.id), embeddings: week.map((r) => r.embedding) },
  audit: { rows: auditRows, labels: auditRows.map((i) => labelOf(week[i]!.pattern)) },
};
fs.writeFileSync(path.join(here, '..', 'data', 'production.json'), `${JSON.stringify(out)}\n`);
const counts = SWATCH_PATTERNS.map((_, k) => week.filter((r) => labelOf(r.pattern) === k).length);
console.log(`wrote ${out.train.ids.length} training rows, ${week.length} production rows (per pattern ${counts.join(', ')}), ${auditRows.length} audited`);

async function expected(): Promise<void> {
  const data = { train: out.train, production: out.production.embeddings, audit: out.audit };
  const report = await correctProduction(data, JOB);
  const { mean, std } = report.probe;
  const posteriors = tf.tidy(() => {
    const x = tf.tensor2d(out.production.embeddings.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!)));
    return (report.probe.model.predict(x) as tf.Tensor).arraySync() as number[][];
  });
  report.probe.model.dispose();
  const corrected = adjustPosteriors(posteriors, report.trainingPriors, report.estimate.priors);
  const marginOf = (row: number[]) => {
    const sorted = [...row].sort((a, b) => b - a);
    return sorted[0]! - sorted[1]!;
  };
  const margin = Math.min(...auditRows.flatMap((i) => [marginOf(posteriors[i]!), marginOf(corrected[i]!)]));
  if (margin < 1e-3) throw new Error(`an audited prediction is within ${margin} of a tie: change the job's settings`);
  const round = (v: number) => Number(v.toFixed(6));
  const file = {
    job: JOB,
    productionMix: PRODUCTION_MIX,
    productionLabels: week.map((r) => labelOf(r.pattern)),
    trainingPriors: report.trainingPriors,
    estimate: { ...report.estimate, priors: report.estimate.priors.map(round) },
    before: report.before,
    after: report.after,
    smallestMargin: round(margin),
  };
  fs.writeFileSync(path.join(here, 'expected.json'), `${JSON.stringify(file, null, 1)}\n`);
  console.log(JSON.stringify({ estimate: file.estimate, before: file.before, after: file.after, margin }));
}

expected().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
