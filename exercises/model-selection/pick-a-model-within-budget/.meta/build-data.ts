/**
 * Builds data/candidates.json: the four census-division models of the zoo as candidates for the
 * scanner firmware, with their validation accuracy and size from the model cards, the floating-point
 * operations of one conveyor batch (256 addresses) counted from their kernels, and 40 latencies each
 * of that batch on the scanner, from the firmware team's cost model.
 *
 * Why a cost model: latencies measured on a shared build machine were mostly contention noise
 * (1 to 107 ms for models of 27 to 4,937 parameters; the two fastest that fit were 1.4 ms apart at
 * p95), so the choice rested on the load of the machine, not on the models. The cost model is
 * deterministic in its signal: a fixed dispatch cost per layer plus the batch's FLOPs at the
 * scanner's rate. On top of it, seeded jitter of the size the scanner shows (a few percent, and an
 * occasional interrupt from the belt sensors), so the samples still have a tail to budget.
 *
 * Seeded: running it again writes the same file.
 * Run: npx tsx exercises/model-selection/pick-a-model-within-budget/.meta/build-data.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../../lib/seeded-random';
import { readZooCard, readZooModel } from '../../../../lib/zoo/read-zoo';

const MODELS = ['region-linear', 'region-mlp-s', 'region-mlp-m', 'region-mlp-l'];
const BATCH = 256;
const SAMPLES = 40;
/** The scanner's cost model: dispatch per layer, and sustained floating-point rate (50 MFLOP/s). */
const MS_PER_LAYER = 0.5;
const FLOPS_PER_MS = 50_000;
/** Jitter: |N(0, 1)| × 4% of the modelled time on every batch, and an interrupt of 5-10 ms on 3% of them. */
const JITTER = 0.04;
const INTERRUPT_RATE = 0.03;

const here = path.dirname(new URL(import.meta.url).pathname);
const random = mulberry32(20261202);

/** Standard normal (Box-Muller). */
function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** FLOPs of one batch: 2 per multiply-add of every dense kernel [in, out], as tfjs's FLOP counter counts a matMul. */
function flopsPerBatch(name: string): { layers: number; flops: number } {
  const kernels = readZooModel(name).weightSpecs.filter((spec) => spec.shape.length === 2);
  return { layers: kernels.length, flops: kernels.reduce((sum, spec) => sum + 2 * BATCH * spec.shape[0]! * spec.shape[1]!, 0) };
}

function latencies(layers: number, flops: number): number[] {
  const modelled = layers * MS_PER_LAYER + flops / FLOPS_PER_MS;
  return Array.from({ length: SAMPLES }, () => {
    const interrupt = random() < INTERRUPT_RATE ? 5 + 5 * random() : 0;
    return Number((modelled * (1 + JITTER * Math.abs(gaussian())) + interrupt).toFixed(3));
  });
}

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(0.95 * samples.length) - 1]!;

function main(): void {
  const candidates = MODELS.map((name) => {
    const card = readZooCard(name);
    const { layers, flops } = flopsPerBatch(name);
    return {
      name,
      architecture: card.architecture,
      parameters: card.parameters,
      accuracy: (card.metrics.validation as { accuracy: number }).accuracy,
      sizeBytes: card.size.totalBytes,
      flopsPerBatch: flops,
      latencyMs: latencies(layers, flops),
    };
  });
  // The choice must rest on the models, not on the jitter: every batch of the runner-up is slower than the winner's p95.
  const fitting = candidates.filter((c) => c.accuracy >= 0.95 && p95(c.latencyMs) <= 50 && c.sizeBytes <= 16_384).sort((a, b) => p95(a.latencyMs) - p95(b.latencyMs));
  const [winner, runnerUp] = fitting;
  if (!winner || !runnerUp || Math.min(...runnerUp.latencyMs) <= p95(winner.latencyMs)) throw new Error('the choice would rest on jitter: the candidates that fit overlap at the winner’s p95');
  const out = {
    measured: `latency of one batch of ${BATCH} addresses on the scanner, from the firmware team's cost model: ${MS_PER_LAYER} ms per dense layer + the batch's FLOPs at ${FLOPS_PER_MS / 1000} MFLOP/s, with the scanner's jitter (${JITTER * 100}% × |N(0, 1)|, and a 5-10 ms interrupt on ${INTERRUPT_RATE * 100}% of batches); ${SAMPLES} batches per model`,
    accuracy: 'on the zoo validation split (2,000 postal codes never used for training)',
    candidates,
  };
  fs.writeFileSync(path.join(here, '..', 'data', 'candidates.json'), `${JSON.stringify(out, null, 2)}\n`);
  for (const c of candidates) {
    const sorted = [...c.latencyMs].sort((a, b) => a - b);
    console.log(`${c.name}: accuracy ${c.accuracy}, ${c.sizeBytes} B, ${c.flopsPerBatch} FLOPs, p50 ${sorted[19]} ms, p95 ${p95(c.latencyMs)} ms, mean ${(c.latencyMs.reduce((a, b) => a + b, 0) / SAMPLES).toFixed(2)} ms`);
  }
}

main();
