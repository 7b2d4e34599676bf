/**
 * Golden results of the normal grading path, through the real grader, for the fixture exercise
 * "double-the-values" (two visible tests, then two hidden ones).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { AppError } from '@/lib/errors';
import { gradeSubmission, MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { getGrader, stopGrader } from '@/lib/grading/grader';

const CATALOG = path.resolve(__dirname, '..', '..', 'fixtures', 'catalog');
const HEADER = "import * as tf from '@tensorflow/tfjs';\n\n";
const TENSOR = 'export function doubleTensor(x: tf.Tensor): tf.Tensor {\n  return tf.tidy(() => x.mul(2));\n}\n';

let exercise: Exercise;
const read = (file: string) => fs.readFileSync(path.join(exercise.dir, file), 'utf8');

beforeAll(async () => {
  exercise = loadCatalogOrThrow(CATALOG).find((e) => e.meta.slug === 'double-the-values')!;
  await getGrader();
}, 60_000);

afterAll(async () => {
  await stopGrader();
});

const test = (id: string, name: string, visible: boolean) => ({ id, name, visible });
const SMALL_LIST = test('doubles-small-list', 'doubles each value of a short list', true);
const A_TENSOR = test('doubles-a-tensor', 'doubles a tensor without leaking', true);
const EMPTY_LIST = test('keeps-empty-list-empty', 'returns an empty list for an empty list', false);
const NEGATIVE = test('doubles-negative-values', 'doubles negative and fractional values', false);

describe('gradeSubmission', () => {
  it('passes the reference solution: every test in file order, with its id, name and visibility', async () => {
    const result = await gradeSubmission({ exercise, code: read('.meta/solution.ts'), mode: 'submit' });
    expect(result).toEqual({
      version: 2,
      status: 'pass',
      durationMs: expect.any(Number),
      // A hidden test has no time: code could spend time in proportion to its input.
      tests: [SMALL_LIST, A_TENSOR, EMPTY_LIST, NEGATIVE].map((t) => ({ ...t, status: 'pass', output: '', ...(t.visible ? { durationMs: expect.any(Number), tensorsLeaked: 0 } : {}) })),
    });
  });

  it('fails the starter; visible tests say the input, the expected value with its tolerance, and the actual value', async () => {
    const result = await gradeSubmission({ exercise, code: read('starter.ts'), mode: 'submit' });
    expect(result.status).toBe('fail');
    expect(result.message).toBeUndefined();
    expect(result.tests.map((t) => [t.id, t.status, t.message])).toEqual([
      [
        SMALL_LIST.id,
        'fail',
        'doubled values: [0] is off by more than 0.000001\n' +
          '  input:    { values: [1, 2, 3] }\n' +
          '  expected: [2, 4, 6] (tolerance 0.000001)\n' +
          '  actual:   [1, 2, 3]',
      ],
      [
        A_TENSOR.id,
        'fail',
        'doubled tensor: [0] is off by more than 0.000001\n' +
          '  input:    { values: [0.5, -1] }\n' +
          '  expected: [1, -2] (tolerance 0.000001)\n' +
          '  actual:   [0.5, -1]',
      ],
      [EMPTY_LIST.id, 'pass', undefined],
      [NEGATIVE.id, 'fail', 'doubled negative values: a value is off by more than 0.000001\n(hidden test: its data is not shown)'],
    ]);
  });

  it('says only the property that broke for a hidden test, never its input, expected or actual values', async () => {
    // Wrong only on negative values, so only the hidden test fails; its data is [-1.5, 0, 7] -> [-3, 0, 14].
    const code = `${HEADER}export function double(values: number[]): number[] {\n  return values.map((v) => (v < 0 ? v : v * 2));\n}\n\n${TENSOR}`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'pass', 'pass', 'fail']);
    const hidden = result.tests[3]!;
    expect(hidden.message).toBe('doubled negative values: a value is off by more than 0.000001\n(hidden test: its data is not shown)');
    for (const secret of ['-1.5', '-3', '14', 'input', 'expected', 'actual']) expect(hidden.message).not.toContain(secret);
  });

  it('grades only the visible tests in run mode', async () => {
    const result = await gradeSubmission({ exercise, code: read('starter.ts'), mode: 'run' });
    expect(result.tests.map((t) => [t.id, t.visible, t.status])).toEqual([
      [SMALL_LIST.id, true, 'fail'],
      [A_TENSOR.id, true, 'fail'],
    ]);
    const passing = await gradeSubmission({ exercise, code: read('.meta/solution.ts'), mode: 'run' });
    expect(passing.status).toBe('pass');
    expect(passing.tests.map((t) => t.id)).toEqual([SMALL_LIST.id, A_TENSOR.id]);
  });

  it('grades only the tests named by caseIds in submit mode, hidden ones included, in suite order; an unknown id is refused', async () => {
    const result = await gradeSubmission({ exercise, code: read('starter.ts'), mode: 'submit', caseIds: [NEGATIVE.id, SMALL_LIST.id] });
    expect(result.tests.map((t) => [t.id, t.visible, t.status])).toEqual([
      [SMALL_LIST.id, true, 'fail'],
      [NEGATIVE.id, false, 'fail'],
    ]);
    await expect(gradeSubmission({ exercise, code: read('starter.ts'), mode: 'submit', caseIds: ['no-such-test'] })).rejects.toThrow('No test of this exercise has the id "no-such-test"');
  });

  it('frees tensors returned inside an object or array: the answer is not a leak', async () => {
    const code = `${HEADER}export function double(values: number[]): number[] {\n  return values.map((v) => v * 2);\n}\nexport function doubleTensor(x: tf.Tensor) {\n  return { doubled: x.mul(2), parts: [x.add(0), { again: x.mul(1) }] };\n}\n`;
    const result = await gradeSubmission({ exercise, code, mode: 'run' });
    const tensorTest = result.tests.find((t) => t.id === A_TENSOR.id)!;
    expect(tensorTest.status).toBe('fail');
    expect(tensorTest.tensorsLeaked).toBe(0);
    expect(tensorTest.message).not.toContain('leaked');
  });

  it('refuses code over 100 KB, counted in UTF-8 bytes, with AppError payload_too_large before grading', async () => {
    const exactly = `${HEADER}${'/'.repeat(MAX_CODE_BYTES - HEADER.length)}`;
    expect(Buffer.byteLength(exactly)).toBe(MAX_CODE_BYTES);
    await expect(gradeSubmission({ exercise, code: exactly, mode: 'submit' })).resolves.toMatchObject({ status: 'error' });

    // 60,000 characters, 120,000 bytes.
    const wide = `${HEADER}// ${'é'.repeat(60_000)}\n`;
    const refused = gradeSubmission({ exercise, code: wide, mode: 'submit' });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: 'payload_too_large', status: 413, message: expect.stringContaining('the limit is 100 KB') });
  });

  it('reports a syntax error with its line and column, and runs nothing', async () => {
    const code = `${HEADER}export function double(values: number[]): number[] {\n  return values.map((v) => v * 2;\n}\n`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result).toEqual({
      version: 2,
      status: 'error',
      message: 'Your code does not compile: Expected ")" but found ";" (line 4, column 33)\n  4 |   return values.map((v) => v * 2;\n    |                                 ^',
      location: { line: 4, column: 33 },
      tests: [],
      durationMs: expect.any(Number),
    });
  });

  it('reports code that only V8 rejects (esbuild does not check regular expressions) with its line and column', async () => {
    const code = `${HEADER}const pattern = /(?<d>x)(?<d>y)/;\n\nexport function double(values: number[]): number[] {\n  return values.map((v) => v * 2 + Number(pattern.test('')));\n}\n\n${TENSOR}`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Your code does not compile: SyntaxError: Invalid regular expression: .*Duplicate capture group name \(line 3, column \d+\)$/),
      location: { line: 3 },
      tests: [],
    });
  });

  it('reports code nested too deeply to compile (V8 runs out of stack parsing it)', async () => {
    const code = `${HEADER}export const nested = ${'['.repeat(30_000)}${']'.repeat(30_000)};\n\nexport function double(values: number[]): number[] {\n  return values.map((v) => v * 2);\n}\n\n${TENSOR}`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result).toMatchObject({ status: 'error', message: 'Your code is nested too deeply to compile (RangeError: Maximum call stack size exceeded).', tests: [] });
  });

  it('points an error thrown by the submission at its line in a visible test, and withholds its text in a hidden one', async () => {
    const code = `${HEADER}export function double(values: number[]): number[] {\n  if (values.length > 0) throw new Error('boom ' + values.join(','));\n  return [];\n}\n\n${TENSOR}`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result.tests.map((t) => [t.status, t.message])).toEqual([
      ['error', 'Your code threw Error: boom 1,2,3 (line 4 of your code)'],
      ['pass', undefined],
      ['pass', undefined],
      ['error', 'Your code threw an error on this hidden test (the error and the data are not shown). Check the edge cases the prompt describes.'],
    ]);
  });

  it('says how many tensors a visible test leaked, and of a hidden test only that it leaked (a count can follow the hidden input)', async () => {
    // One tensor left behind per value: the count is the length of the input.
    const code = `${HEADER}export function double(values: number[]): number[] {\n  values.forEach((v) => tf.scalar(v));\n  return values.map((v) => v * 2);\n}\n\n${TENSOR}`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result.tests[0]!.message).toContain('leaked 3 tensors: wrap tensor work in tf.tidy()');
    expect(result.tests[0]!.tensorsLeaked).toBe(3);
    const negative = result.tests[3]!;
    expect(negative.message).toBe('leaked tensors: wrap tensor work in tf.tidy() or dispose() tensors you no longer need\n(hidden test: its data is not shown)');
    expect(negative.tensorsLeaked).toBeUndefined();
  });

  it('quotes at most 60 characters on each side of a syntax error on a very long line', async () => {
    const code = `${HEADER}export const pad = "${'x'.repeat(50_000)}"; let oops = ;\n`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result.status).toBe('error');
    expect(result.location).toEqual({ line: 3, column: 50_035 });
    const [, quoted, caret] = result.message!.split('\n');
    expect(quoted).toBe(`  3 | …${'x'.repeat(46)}"; let oops = ;`);
    expect(caret!.indexOf('^')).toBe(quoted!.indexOf(';', quoted!.indexOf('=')));
    expect(result.message!.length).toBeLessThan(400);
  });

  it('runs the visible tests before the hidden ones, so nothing a visible test shows can follow a hidden input; results stay in suite order', async () => {
    // A copy of the exercise whose suite starts with a hidden test.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hidden-first-'));
    try {
      const copy = path.join(dir, 'feature-engineering', 'double-the-values');
      fs.cpSync(exercise.dir, copy, { recursive: true });
      const testsFile = path.join(copy, '.meta', 'tests.ts');
      const source = fs.readFileSync(testsFile, 'utf8');
      const cases = source.split(/\n  testCase\(/);
      const [head, ...entries] = cases;
      fs.writeFileSync(testsFile, [head, entries[2], entries[0], entries[1], entries[3]].join('\n  testCase('));
      const hiddenFirst = loadCatalogOrThrow(dir)[0]!;
      // Runs out of memory on the hidden empty list, which stops the isolate: whatever runs after it is not run.
      const code = `${HEADER}export function double(values: number[]): number[] {\n  if (values.length === 0) new Float64Array(2 ** 31);\n  return values.map((v) => v * 2);\n}\n\n${TENSOR}`;
      const result = await gradeSubmission({ exercise: hiddenFirst, code, mode: 'submit' });
      expect(result.tests.map((t) => [t.id, t.status, t.message])).toEqual([
        [EMPTY_LIST.id, 'memory', expect.any(String)],
        [SMALL_LIST.id, 'pass', undefined],
        [A_TENSOR.id, 'pass', undefined],
        [NEGATIVE.id, 'error', `Not run: grading stopped after "${EMPTY_LIST.name}" did not finish.`],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never returns the console output of a hidden test (it could print the hidden input)', async () => {
    const code = `${HEADER}export function double(values: number[]): number[] {\n  console.log('input', JSON.stringify(values));\n  return values.map((v) => (v < 0 ? v : v * 2));\n}\n\n${TENSOR}`;
    const result = await gradeSubmission({ exercise, code, mode: 'submit' });
    expect(result.tests[0]!.output).toBe('input [1,2,3]\n');
    const hidden = result.tests.filter((t) => !t.visible);
    expect(hidden.length).toBeGreaterThan(0);
    for (const test of hidden) {
      expect(test.output).toBe('');
      expect(test.message ?? '').not.toMatch(/-1\.5|\[\d+\]/);
    }
  });
});
