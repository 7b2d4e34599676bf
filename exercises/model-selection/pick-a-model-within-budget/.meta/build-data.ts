/**
 * Builds data/candidates.json: the four census-division models of the zoo as candidates for the
 * scanner firmware, with their validation accuracy and size from the model cards and 40 measured
 * latencies each of one conveyor batch (256 addresses) on tfjs's cpu backend.
 *
 * Latencies are measured interleaved (one call of each model per round, after a warm-up), so any
 * background load hits every candidate alike; they are machine-dependent, so re-running this
 * script changes them. The committed file is what the exercise grades against.
 *
 * Run: npx tsx exercises/model-selection/pick-a-model-within-budget/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describeMachine } from '../../../../lib/zoo/measure-latency';
import { readZooCard, readZooModel } from '../../../../lib/zoo/read-zoo';
import { loadZipSplits } from '../../../../lib/zoo/zip-regions';

const MODELS = ['region-linear', 'region-mlp-s', 'region-mlp-m', 'region-mlp-l'];
const BATCH = 256;
const ROUNDS = 40;
const WARM_UP = 10;

const here = path.dirname(new URL(import.meta.url).pathname);

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const card0 = readZooCard(MODELS[0]!);
  const { mean, std } = card0.inputs.normalisation!;
  const rows = loadZipSplits().test.slice(0, BATCH).map((r) => [(r.latitude - mean[0]!) / std[0]!, (r.longitude - mean[1]!) / std[1]!]);
  const batch = tf.tensor2d(rows);

  const models = await Promise.all(
    MODELS.map(async (name) => {
      const a = readZooModel(name);
      const weightData = new Float32Array(a.weightData).buffer;
      return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs, weightData }));
    }),
  );
  const once = (model: tf.LayersModel) => tf.tidy(() => (model.predict(batch) as tf.Tensor).dataSync());
  for (let i = 0; i < WARM_UP; i += 1) models.forEach(once);
  const samples = MODELS.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round += 1) {
    models.forEach((model, m) => {
      const startedAt = performance.now();
      once(model);
      samples[m]!.push(Number((performance.now() - startedAt).toFixed(3)));
    });
  }

  const candidates = MODELS.map((name, m) => {
    const card = readZooCard(name);
    return {
      name,
      architecture: card.architecture,
      parameters: card.parameters,
      accuracy: (card.metrics.validation as { accuracy: number }).accuracy,
      sizeBytes: card.size.totalBytes,
      latencyMs: samples[m]!,
    };
  });
  const machine = describeMachine(tf);
  const out = {
    measured: `predict + dataSync of one batch of ${BATCH} addresses, ${ROUNDS} rounds after ${WARM_UP} warm-up rounds, models interleaved; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, tfjs ${machine.tfjs} (${machine.backend} backend)`,
    accuracy: 'on the zoo validation split (2,000 postal codes never used for training)',
    candidates,
  };
  fs.writeFileSync(path.join(here, '..', 'data', 'candidates.json'), `${JSON.stringify(out, null, 2)}\n`);
  for (const c of candidates) {
    const sorted = [...c.latencyMs].sort((a, b) => a - b);
    console.log(`${c.name}: accuracy ${c.accuracy}, ${c.sizeBytes} B, p50 ${sorted[19]} ms, p95 ${sorted[37]} ms`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
