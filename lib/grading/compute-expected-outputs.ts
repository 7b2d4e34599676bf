import fs from 'node:fs';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { exerciseSeed } from './exercise-seed';
import { expectationKey, type ExpectedOutputs } from './expected-outputs';
import { DEADLINE_SLACK_MS, LOG_CAP_BYTES } from './grade-submission';
import { getGrader } from './grader';
import { batchInputs, loadSuiteDefinition, sampleGeneratedBatches } from './load-test-suite';
import type { Plain } from './plain';
import { transpileSubmission } from './transpile';

export class ReferenceFailedError extends Error {
  override name = 'ReferenceFailedError';
}

/**
 * Runs the reference solution, through the real sandbox, on every generated input of the
 * exercise and returns its outputs with the key they were computed for (write them with
 * writeExpectedOutputs). Throws ReferenceFailedError when the reference does not answer an input.
 */
export async function computeExpectedOutputs(exercise: Exercise): Promise<ExpectedOutputs> {
  const batches = sampleGeneratedBatches(exercise, await loadSuiteDefinition(exercise));
  const key = expectationKey(exercise, batchInputs(batches));
  if (batches.length === 0) return { key, outputs: {} };
  const { grader } = exercise.meta;
  const timeoutMs = (b: (typeof batches)[number]) => b.spec.timeoutMs ?? grader.timeoutMs;
  const reference = await transpileSubmission(fs.readFileSync(exercise.solutionFile, 'utf8'));
  const { pool } = await getGrader();
  const result = await pool.run(
    {
      code: reference.code,
      exports: exercise.meta.exports,
      cases: batches.map((b) => ({ id: b.id, driver: b.driverSource, input: b.inputs, timeoutMs: timeoutMs(b) })),
      memoryMb: grader.memoryMb,
      seed: exerciseSeed(exercise.meta.uuid),
      logCapBytes: LOG_CAP_BYTES,
    },
    batches.reduce((sum, b) => sum + timeoutMs(b), 0) + DEADLINE_SLACK_MS,
    'exercises:expect',
  );
  const where = `${exercise.relDir}/.meta/solution.ts`;
  if (result.kind === 'crashed') throw new ReferenceFailedError(`${where}: the grader stopped (${result.reason}) while running the generated inputs`);
  if (result.outcome.load) throw new ReferenceFailedError(`${where}: did not load (${result.outcome.load.kind})`);
  const outputs: Record<string, Plain[]> = {};
  for (const outcome of result.outcome.cases) {
    if (outcome.status !== 'ok') {
      const error = outcome.error ? `: ${outcome.error.name}: ${outcome.error.message}` : '';
      throw new ReferenceFailedError(`${where}: generated case ${outcome.id} ended with ${outcome.status}${error}`);
    }
    if (outcome.tensorsLeaked > 0) throw new ReferenceFailedError(`${where}: generated case ${outcome.id} leaked ${outcome.tensorsLeaked} tensors`);
    outputs[outcome.id] = outcome.output as Plain[];
  }
  return { key, outputs };
}
