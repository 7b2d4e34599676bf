import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { driverSource, TestSuiteError } from './driver-source';
import { exerciseSeed } from './exercise-seed';
import { expectationKey, expectedOutputsFile, readExpectedOutputs } from './expected-outputs';
import { generatedTestCase, sampleBatches, type GeneratedBatch } from './generated-test-cases';
import { isGeneratedCases, type GeneratedCases, type TestCase } from './test-api';

export { driverSource, TestSuiteError } from './driver-source';

export interface LoadedCase extends TestCase<unknown, unknown> {
  /** The driver as source text, ready to be evaluated inside the sandbox. */
  driverSource: string;
  /** Set on cases expanded from a generator: its id. */
  generator?: string;
}

type Entry = TestCase<unknown, unknown> | GeneratedCases<unknown, unknown>;

/** The suite as declared: hand-written cases (ready) and generators (not yet sampled), in file order. */
interface SuiteDefinition {
  entries: Entry[];
}

const CASE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function validateEntry(entry: Entry, where: string): void {
  if (typeof entry.id !== 'string' || !CASE_ID.test(entry.id)) throw new TestSuiteError(`${where}: id must be kebab-case`);
  if (typeof entry.name !== 'string' || entry.name.length < 5) throw new TestSuiteError(`${where}: name must say the behaviour`);
  if (entry.rules !== undefined && (!Array.isArray(entry.rules) || entry.rules.some((r) => typeof r !== 'string'))) throw new TestSuiteError(`${where}: rules must be a list of rule ids`);
  if (isGeneratedCases(entry)) {
    if (typeof entry.run !== 'function' || typeof entry.sample !== 'function') throw new TestSuiteError(`${where}: declare generated cases with generatedCases({ ... })`);
    if (typeof entry.what !== 'string' || entry.what.length < 3) throw new TestSuiteError(`${where}: what must say what is compared`);
    return;
  }
  if (typeof entry.visible !== 'boolean') throw new TestSuiteError(`${where}: visible must be true or false`);
  if (typeof entry.run !== 'function' || typeof entry.check !== 'function') throw new TestSuiteError(`${where}: run and check must be functions`);
}

async function loadSuiteFile(file: string): Promise<SuiteDefinition> {
  const rel = path.relative(process.cwd(), file);
  const result = await build({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    loader: { '.csv': 'text' },
    tsconfig: path.join(process.cwd(), 'tsconfig.json'),
    // Packages (fast-check, papaparse) are required from the project's node_modules when the suite
    // runs, once for every suite, not bundled into each: a suite builds in a tenth of the time.
    packages: 'external',
  }).catch((error: { errors?: { text: string }[] }) => {
    throw new TestSuiteError(`${rel}: does not build: ${error.errors?.[0]?.text ?? String(error)}`);
  });
  const commonJs = { exports: {} as { default?: { cases?: unknown } } };
  // Trusted code from the repository (not a submission): evaluated in the server process.
  // Its `require` resolves from the project, so a catalog outside the project folder finds the packages too.
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(commonJs, commonJs.exports, createRequire(path.join(process.cwd(), 'package.json')));
  const entries = commonJs.exports.default?.cases;
  if (!Array.isArray(entries) || entries.length === 0) throw new TestSuiteError(`${rel}: must \`export default defineTests<...>()([...cases])\``);

  const seen = new Set<string>();
  (entries as Entry[]).forEach((entry, index) => {
    const where = `${rel}: case ${index + 1}`;
    validateEntry(entry, where);
    if (seen.has(entry.id)) throw new TestSuiteError(`${where}: id "${entry.id}" is used twice`);
    seen.add(entry.id);
    if (!isGeneratedCases(entry)) {
      try {
        driverSource(entry.run);
      } catch (error) {
        throw error instanceof TestSuiteError ? new TestSuiteError(`${where}: ${error.message}`) : error;
      }
    }
  });
  return { entries: entries as Entry[] };
}

/** Every generator's inputs, sampled with the exercise's seed: what `exercises:expect` runs the reference on. */
export function sampleGeneratedBatches(exercise: Pick<Exercise, 'meta'>, definition: SuiteDefinition): GeneratedBatch[] {
  const seed = exerciseSeed(exercise.meta.uuid);
  return definition.entries.filter(isGeneratedCases).flatMap((spec) => sampleBatches(spec, seed));
}

export function batchInputs(batches: GeneratedBatch[]): Record<string, unknown[]> {
  return Object.fromEntries(batches.map((b) => [b.id, b.inputs]));
}

function expandSuite(exercise: Exercise, definition: SuiteDefinition): LoadedCase[] {
  const rel = path.relative(process.cwd(), exercise.testsFile);
  const batches = sampleGeneratedBatches(exercise, definition);
  const expected = batches.length > 0 ? readExpectedOutputs(exercise) : undefined;
  if (batches.length > 0 && expected?.key !== expectationKey(exercise, batchInputs(batches))) {
    const why = expected ? 'are out of date (the solution, tests, data or generated inputs changed)' : 'have not been computed';
    throw new TestSuiteError(`${rel}: the reference's outputs for the generated cases ${why}: run \`npm run exercises:expect -- --only ${exercise.meta.slug}\``);
  }
  const ids = new Set<string>();
  const cases: LoadedCase[] = definition.entries.flatMap((entry): LoadedCase[] => {
    if (!isGeneratedCases(entry)) return [{ ...entry, driverSource: driverSource(entry.run) }];
    return batches.filter((b) => b.spec === entry).map((batch) => ({ ...generatedTestCase(batch, expected!.outputs[batch.id] ?? []), generator: entry.id }));
  });
  for (const testCase of cases) {
    if (ids.has(testCase.id)) throw new TestSuiteError(`${rel}: generated case id "${testCase.id}" is also the id of another case`);
    ids.add(testCase.id);
  }
  return cases;
}

const cache = new Map<string, { mtimeMs: number; definition: Promise<SuiteDefinition> }>();

/** The suite as declared (cached; reloaded when tests.ts changes). */
export function loadSuiteDefinition(exercise: Pick<Exercise, 'testsFile'>): Promise<SuiteDefinition> {
  const mtimeMs = fs.statSync(exercise.testsFile).mtimeMs;
  const hit = cache.get(exercise.testsFile);
  if (hit && hit.mtimeMs === mtimeMs) return hit.definition;
  const definition = loadSuiteFile(exercise.testsFile);
  cache.set(exercise.testsFile, { mtimeMs, definition });
  definition.catch(() => cache.delete(exercise.testsFile));
  return definition;
}

const expanded = new Map<string, { stamp: string; cases: Promise<LoadedCase[]> }>();

/** Changes whenever a file the expanded cases depend on changes. */
function stampOf(exercise: Exercise): string {
  const files = [exercise.testsFile, exercise.solutionFile, expectedOutputsFile(exercise), ...(exercise.dataFiles ?? []).map((f) => f.file)];
  return files.map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0)).join(':');
}

/**
 * The exercise's test cases, generated ones expanded with the reference's committed outputs
 * (cached until one of its files changes). Throws TestSuiteError when the suite is invalid or
 * those outputs are not current.
 */
export function loadTestSuite(exercise: Exercise): Promise<LoadedCase[]> {
  const stamp = stampOf(exercise);
  const hit = expanded.get(exercise.testsFile);
  if (hit && hit.stamp === stamp) return hit.cases;
  const cases = loadSuiteDefinition(exercise).then((definition) => expandSuite(exercise, definition));
  expanded.set(exercise.testsFile, { stamp, cases });
  cases.catch(() => expanded.delete(exercise.testsFile));
  return cases;
}
