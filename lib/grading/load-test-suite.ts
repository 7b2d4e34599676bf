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

/** Whether `source` parses as one expression (compiled by the host's parser, never run). */
function isExpression(source: string): boolean {
  try {
    // Trusted test code: the suite file itself was already evaluated in this process.
    new Function(`return (${source}\n);`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The driver as an expression the sandbox can evaluate. Arrow functions and function expressions
 * are one already; a method shorthand (`run(user) {…}`, `async run(user) {…}`) becomes a function
 * expression. Decided by the parser, not by pattern, so default parameters or destructuring of
 * any shape are fine; a bound or native function (no source) is refused here, at load time.
 */
export function driverSource(fn: (...args: never[]) => unknown): string {
  const source = fn.toString().trim();
  const async = /^async\s+/.exec(source);
  const candidates = [source, `function ${source}`, ...(async ? [`async function ${source.slice(async[0].length)}`] : [])];
  const expression = candidates.find(isExpression);
  if (expression === undefined) throw new TestSuiteError(`cannot send this driver to the sandbox (write it as an arrow function or a method): ${source.slice(0, 60)}`);
  return expression;
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
  const commonJs = { exports: {} as { default?: { cases?: unknown } } };
  // Trusted code from the repository (not a submission): evaluated in the server process.
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(commonJs, commonJs.exports, createRequire(file));
  const cases = commonJs.exports.default?.cases;
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
    try {
      return { ...testCase, driverSource: driverSource(testCase.run) };
    } catch (error) {
      throw error instanceof TestSuiteError ? new TestSuiteError(`${where}: ${error.message}`) : error;
    }
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
