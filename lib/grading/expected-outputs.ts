import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exerciseFingerprint } from '@/lib/exercises/exercise-fingerprint';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { parsePlain, stringifyPlain } from './encode-plain';
import type { Plain } from './plain';

/**
 * The reference solution's outputs for an exercise's generated inputs, committed in
 * `.meta/expected-outputs.json` so a Submit never runs the reference. Written by
 * `npm run exercises:expect`; current while `key` matches the exercise (solution, tests, data,
 * seed) and the inputs its generators give.
 */
export interface ExpectedOutputs {
  key: string;
  /** Per generated case id: the reference's output for each of its inputs, in order. */
  outputs: Record<string, Plain[]>;
}

export const EXPECTED_OUTPUTS_FILE = 'expected-outputs.json';

export function expectedOutputsFile(exercise: Pick<Exercise, 'dir'>): string {
  return path.join(exercise.dir, '.meta', EXPECTED_OUTPUTS_FILE);
}

/** What the cached outputs must have been computed from. */
export function expectationKey(exercise: Pick<Exercise, 'meta' | 'solutionFile' | 'testsFile' | 'dataFiles'>, inputs: Record<string, unknown[]>): string {
  return createHash('sha256').update(exerciseFingerprint(exercise)).update(stringifyPlain(inputs)).digest('hex');
}

export function readExpectedOutputs(exercise: Pick<Exercise, 'dir'>): ExpectedOutputs | undefined {
  const file = expectedOutputsFile(exercise);
  if (!fs.existsSync(file)) return undefined;
  return parsePlain(fs.readFileSync(file, 'utf8')) as ExpectedOutputs;
}

/** One line per case, so a change shows as a readable diff. */
export function writeExpectedOutputs(exercise: Pick<Exercise, 'dir'>, expected: ExpectedOutputs): void {
  const lines = Object.entries(expected.outputs).map(([id, outputs]) => `    ${JSON.stringify(id)}: ${stringifyPlain(outputs)}`);
  fs.writeFileSync(expectedOutputsFile(exercise), `{\n  "key": ${JSON.stringify(expected.key)},\n  "outputs": {\n${lines.join(',\n')}\n  }\n}\n`);
}
