import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import type { Exercise } from '@/lib/exercises/load-catalog';
import type { TestCase } from './test-api';

export interface LoadedCase extends TestCase<unknown, unknown> {
  /** The driver as source text, ready to be evaluated inside the sandbox. */
  driverSource: string;
}

export class TestSuiteError extends Error {
  override name = 'TestSuiteError';
}

const CASE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `run(user) {…}` (method shorthand) is not an expression on its own; make it one. */
export function driverSource(fn: (...args: never[]) => unknown): string {
  const source = fn.toString().trim();
  if (/^(async\s+)?function\b/.test(source) || /^(async\s*)?(\([^)]*\)|[\w$]+)\s*=>/.test(source)) return source;
  const method = /^(async\s+)?([\w$]+)\s*\(/.exec(source);
  if (method) return `${method[1] ?? ''}function ${source.slice((method[1] ?? '').length)}`;
  throw new TestSuiteError(`cannot send this driver to the sandbox: ${source.slice(0, 60)}`);
}

async function loadSuiteFile(file: string): Promise<LoadedCase[]> {
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
  }).catch((error: { errors?: { text: string }[] }) => {
    throw new TestSuiteError(`${rel}: does not build: ${error.errors?.[0]?.text ?? String(error)}`);
  });
  const module = { exports: {} as { default?: { cases?: unknown } } };
  // Trusted code from the repository (not a submission): evaluated in the server process.
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(module, module.exports, createRequire(file));
  const cases = module.exports.default?.cases;
  if (!Array.isArray(cases) || cases.length === 0) throw new TestSuiteError(`${rel}: must \`export default defineTests<...>()([...cases])\``);

  const seen = new Set<string>();
  return (cases as TestCase<unknown, unknown>[]).map((testCase, index) => {
    const where = `${rel}: case ${index + 1}`;
    if (typeof testCase.id !== 'string' || !CASE_ID.test(testCase.id)) throw new TestSuiteError(`${where}: id must be kebab-case`);
    if (seen.has(testCase.id)) throw new TestSuiteError(`${where}: id "${testCase.id}" is used twice`);
    seen.add(testCase.id);
    if (typeof testCase.name !== 'string' || testCase.name.length < 5) throw new TestSuiteError(`${where}: name must say the behaviour`);
    if (typeof testCase.visible !== 'boolean') throw new TestSuiteError(`${where}: visible must be true or false`);
    if (typeof testCase.run !== 'function' || typeof testCase.check !== 'function') throw new TestSuiteError(`${where}: run and check must be functions`);
    return { ...testCase, driverSource: driverSource(testCase.run) };
  });
}

const cache = new Map<string, { mtimeMs: number; cases: Promise<LoadedCase[]> }>();

/** The exercise's test cases (cached; reloaded when tests.ts changes). */
export function loadTestSuite(exercise: Exercise): Promise<LoadedCase[]> {
  const mtimeMs = fs.statSync(exercise.testsFile).mtimeMs;
  const hit = cache.get(exercise.testsFile);
  if (hit && hit.mtimeMs === mtimeMs) return hit.cases;
  const cases = loadSuiteFile(exercise.testsFile);
  cache.set(exercise.testsFile, { mtimeMs, cases });
  cases.catch(() => cache.delete(exercise.testsFile));
  return cases;
}
