/**
 * Measures a model's predict latency the way a server sees it: warm-up calls first (the first
 * call of a tfjs model is slow), then timed calls of predict + reading the result out.
 */
import os from 'node:os';
import type * as tfjs from '@tensorflow/tfjs';

export interface LatencyMeasurement {
  batchSize: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

export interface MachineDescription {
  cpu: string;
  cores: number;
  node: string;
  tfjs: string;
  backend: string;
}

const round = (value: number) => Number(value.toFixed(4));

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function measureLatency(tf: typeof tfjs, model: tfjs.LayersModel, batch: tfjs.Tensor, runs = 200, warmUp = 20): LatencyMeasurement {
  const once = () => tf.tidy(() => (model.predict(batch) as tfjs.Tensor).dataSync());
  for (let i = 0; i < warmUp; i += 1) once();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const startedAt = performance.now();
    once();
    times.push(performance.now() - startedAt);
  }
  times.sort((a, b) => a - b);
  return {
    batchSize: batch.shape[0]!,
    runs,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    meanMs: round(times.reduce((a, b) => a + b, 0) / runs),
  };
}

export function describeMachine(tf: typeof tfjs): MachineDescription {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, node: process.version, tfjs: tf.version.tfjs, backend: tf.getBackend() };
}
