import type { Checker } from './check';
import { batchDriverSource, driverSource } from './driver-source';
import { derivedSeed } from './exercise-seed';
import type { Plain } from './plain';
import type { GeneratedCases, TestCase } from './test-api';

type Spec = GeneratedCases<unknown, unknown>;

/** One generated test case before its expected outputs are known: a batch of a generator's inputs. */
export interface GeneratedBatch {
  id: string;
  name: string;
  spec: Spec;
  inputs: unknown[];
  driverSource: string;
}

const DEFAULT_PER_CASE = 4;

/** The generator's inputs (examples first, then sampled with a seed derived from the exercise's), `perCase` to a case. */
export function sampleBatches(spec: Spec, exerciseSeed: number): GeneratedBatch[] {
  const inputs = spec.sample(derivedSeed(exerciseSeed, spec.id));
  const perCase = spec.perCase ?? DEFAULT_PER_CASE;
  const source = batchDriverSource(driverSource(spec.run));
  const count = Math.ceil(inputs.length / perCase);
  return Array.from({ length: count }, (_, k) => ({
    id: `${spec.id}-${k + 1}`,
    name: count === 1 ? spec.name : `${spec.name} (generated inputs, set ${k + 1} of ${count})`,
    spec,
    inputs: inputs.slice(k * perCase, (k + 1) * perCase),
    driverSource: source,
  }));
}

function defaultCompare(what: string) {
  return (actual: Plain, expected: Plain, t: Checker) => t.closeTo(actual, expected, { what, exactKeys: true });
}

/** The batch as an ordinary hidden test case whose check compares each output with the reference's. */
export function generatedTestCase(batch: GeneratedBatch, expected: Plain[]): TestCase<unknown, unknown> & { driverSource: string } {
  const { spec, inputs } = batch;
  const compare = spec.compare ?? defaultCompare(spec.what);
  return {
    id: batch.id,
    name: batch.name,
    visible: false,
    rules: spec.rules,
    input: inputs,
    run: async (user, list, h) => {
      const outputs: unknown[] = [];
      for (const input of list as unknown[]) outputs.push(await spec.run(user, input, h));
      return outputs;
    },
    driverSource: batch.driverSource,
    check: (actual, t) => {
      const outputs = Array.isArray(actual) ? actual : [];
      t.that(outputs.length === inputs.length, `${spec.what}: an answer is missing`);
      inputs.forEach((input, i) => compare(outputs[i] as Plain, expected[i] as Plain, t, input));
    },
    ...(spec.checkLeaks !== undefined ? { checkLeaks: spec.checkLeaks } : {}),
    ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}),
  };
}
