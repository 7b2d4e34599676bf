/**
 * Compares a freshly built zoo with the committed one: same models, same topology, weights and
 * held-out metrics within tolerance, same parameter counts and weight sizes. Latency is not
 * compared (it depends on the machine).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ModelCard } from './model-card';
import { readModelArtifacts } from './save-model';
import type { ZooIndexEntry } from './build-zoo';

export interface Tolerances {
  /** Largest allowed absolute difference of any weight. */
  weight: number;
  /** Largest allowed absolute difference of any held-out metric. */
  metric: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { weight: 1e-5, metric: 1e-3 };

export interface ModelComparison {
  name: string;
  maxWeightDifference: number;
  maxMetricDifference: number;
}

export interface ZooComparison {
  models: ModelComparison[];
  problems: string[];
}

const readIndex = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'zoo.json'), 'utf8')) as ZooIndexEntry[];
const readCard = (dir: string, name: string) => JSON.parse(fs.readFileSync(path.join(dir, name, 'card.json'), 'utf8')) as ModelCard;

function numericLeaves(value: unknown, prefix: string, out: Map<string, number>): Map<string, number> {
  if (typeof value === 'number') out.set(prefix, value);
  else if (value !== null && typeof value === 'object') for (const [key, v] of Object.entries(value)) numericLeaves(v, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

function compareModel(committedDir: string, rebuiltDir: string, name: string, tolerances: Tolerances, problems: string[]): ModelComparison {
  const committed = readModelArtifacts(path.join(committedDir, name));
  const rebuilt = readModelArtifacts(path.join(rebuiltDir, name));
  if (!isDeepStrictEqual(committed.modelTopology, rebuilt.modelTopology)) problems.push(`${name}: model topology differs from the committed model.json`);
  if (!isDeepStrictEqual(committed.weightSpecs, rebuilt.weightSpecs)) problems.push(`${name}: weight names or shapes differ from the committed model.json`);

  let maxWeightDifference = 0;
  let worstAt = -1;
  if (committed.weightData.length !== rebuilt.weightData.length) {
    problems.push(`${name}: ${rebuilt.weightData.length} weights rebuilt, ${committed.weightData.length} committed`);
    maxWeightDifference = Infinity;
  } else {
    committed.weightData.forEach((w, i) => {
      const difference = Math.abs(w - rebuilt.weightData[i]!);
      if (!(difference <= maxWeightDifference)) [maxWeightDifference, worstAt] = [Number.isNaN(difference) ? Infinity : difference, i];
    });
    if (maxWeightDifference > tolerances.weight) {
      problems.push(`${name}: weight ${worstAt} differs by ${maxWeightDifference.toExponential(2)} (tolerance ${tolerances.weight})`);
    }
  }

  const [before, after] = [readCard(committedDir, name), readCard(rebuiltDir, name)];
  if (before.parameters !== after.parameters) problems.push(`${name}: ${after.parameters} parameters rebuilt, ${before.parameters} in the committed card`);
  if (before.size.weightsBytes !== after.size.weightsBytes) problems.push(`${name}: weights.bin is ${after.size.weightsBytes} bytes rebuilt, ${before.size.weightsBytes} committed`);
  const [metricsBefore, metricsAfter] = [numericLeaves(before.metrics, '', new Map()), numericLeaves(after.metrics, '', new Map())];
  let maxMetricDifference = 0;
  for (const [key, value] of metricsBefore) {
    const rebuiltValue = metricsAfter.get(key);
    if (rebuiltValue === undefined) {
      problems.push(`${name}: metric ${key} is missing from the rebuilt card`);
      continue;
    }
    const difference = Math.abs(value - rebuiltValue);
    maxMetricDifference = Math.max(maxMetricDifference, difference);
    if (!(difference <= tolerances.metric)) problems.push(`${name}: metric ${key} is ${rebuiltValue} rebuilt, ${value} committed (tolerance ${tolerances.metric})`);
  }
  return { name, maxWeightDifference, maxMetricDifference };
}

export function compareZoo(committedDir: string, rebuiltDir: string, tolerances: Tolerances = DEFAULT_TOLERANCES): ZooComparison {
  const problems: string[] = [];
  const committed = readIndex(committedDir).map((e) => e.name);
  const rebuilt = readIndex(rebuiltDir).map((e) => e.name);
  for (const name of rebuilt.filter((n) => !committed.includes(n))) problems.push(`${name}: built but not committed (run npm run zoo:build and commit exercises/zoo/)`);
  const models: ModelComparison[] = [];
  for (const name of committed) {
    if (!rebuilt.includes(name)) problems.push(`${name}: committed but the build no longer makes it`);
    else models.push(compareModel(committedDir, rebuiltDir, name, tolerances, problems));
  }
  return { models, problems };
}
