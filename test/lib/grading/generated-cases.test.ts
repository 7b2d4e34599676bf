/**
 * Generated cases through the real grader, on the fixture exercise "clip-the-readings": one
 * visible and one hidden hand-written case, then a generator of ranges and readings whose
 * expected outputs are the reference's, committed in .meta/expected-outputs.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import { getGrader, stopGrader } from '@/lib/grading/grader';
import { loadTestSuite, TestSuiteError } from '@/lib/grading/load-test-suite';
import { summarizeGrade } from '@/test/helpers/summarize-grade';

const CATALOG = path.resolve(__dirname, '..', '..', 'fixtures', 'generated-catalog');
const GENERATED = ['matches-the-reference-1', 'matches-the-reference-2', 'matches-the-reference-3', 'matches-the-reference-4'];

let exercise: Exercise;
const read = (file: string) => fs.readFileSync(path.join(exercise.dir, file), 'utf8');

beforeAll(async () => {
  [exercise] = loadCatalogOrThrow(CATALOG) as [Exercise];
  await getGrader();
}, 60_000);

afterAll(async () => {
  await stopGrader();
});

describe('generated cases', () => {
  it('expand into hidden cases after the hand-written ones, the examples first, the same inputs on every load', async () => {
    const cases = await loadTestSuite(exercise);
    expect(cases.map((c) => [c.id, c.visible, c.rules])).toEqual([
      ['clips-to-the-range', true, ['clip-to-range']],
      ['drops-null', false, ['drop-missing']],
      ...GENERATED.map((id) => [id, false, ['clip-to-range', 'drop-missing']]),
    ]);
    const generated = cases.filter((c) => c.generator === 'matches-the-reference');
    expect(generated.map((c) => (c.input as unknown[]).length)).toEqual([3, 3, 3, 3]);
    expect((generated[0]!.input as unknown[]).slice(0, 2)).toEqual([
      { readings: [], low: 0, high: 0 },
      { readings: [Number.NaN, null, 5], low: 5, high: 5 },
    ]);
    // A second copy of the exercise samples exactly the same inputs (the seed is the exercise's).
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-'));
    try {
      fs.cpSync(CATALOG, root, { recursive: true });
      const [copy] = loadCatalogOrThrow(root);
      expect((await loadTestSuite(copy!)).map((c) => c.input)).toEqual(cases.map((c) => c.input));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('pass the reference solution', async () => {
    const result = await gradeSubmission({ exercise, code: read('.meta/solution.ts'), mode: 'submit' });
    expect(result.status, summarizeGrade(result)).toBe('pass');
    expect(result.tests.map((t) => t.id)).toEqual(['clips-to-the-range', 'drops-null', ...GENERATED]);
  });

  it('catch code that hard-codes the one range the hand-written cases use, and say only the property', async () => {
    const result = await gradeSubmission({ exercise, code: read('.meta/mutants/one-range-only.ts'), mode: 'submit' });
    expect(result.tests.slice(0, 2).map((t) => t.status), summarizeGrade(result)).toEqual(['pass', 'pass']);
    const failed = result.tests.filter((t) => t.status === 'fail');
    expect(failed.length, summarizeGrade(result)).toBeGreaterThan(0);
    for (const test of failed) {
      expect(test.id).toMatch(/^matches-the-reference-\d$/);
      expect(test.message).toMatch(/^clipped readings: (a value is off by more than 1e-9|an array has the wrong length)\n\(hidden test: its data is not shown\)$/);
    }
  });

  it('catch state kept in module scope between calls (inputs of a case run one after another in one context)', async () => {
    const result = await gradeSubmission({ exercise, code: read('.meta/mutants/remembers-the-first-range.ts'), mode: 'submit' });
    // Each hand-written case is a fresh context with one call: the first range is the right one.
    expect(result.tests.slice(0, 2).map((t) => t.status), summarizeGrade(result)).toEqual(['pass', 'pass']);
    expect(result.status).toBe('fail');
  });

  it('are refused, with the command that recomputes them, when the committed outputs are not current', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'generated-'));
    try {
      fs.cpSync(CATALOG, root, { recursive: true });
      const [copy] = loadCatalogOrThrow(root);
      fs.appendFileSync(copy!.solutionFile, '\n// a change to the reference\n');
      await expect(loadTestSuite(copy!)).rejects.toThrow(TestSuiteError);
      await expect(loadTestSuite(copy!)).rejects.toThrow(/out of date .* run `npm run exercises:expect -- --only clip-the-readings`/);
      fs.rmSync(path.join(copy!.dir, '.meta', 'expected-outputs.json'));
      await expect(loadTestSuite(copy!)).rejects.toThrow(/have not been computed/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
