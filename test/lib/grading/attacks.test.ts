/**
 * The attack suite: every folder under test/fixtures/grading/ holds a hostile `submission.ts`
 * for the fixture exercise "double-the-values" and the verdict it must get (`expected.json`).
 * Each attack is graded through the real grader (warm pool, bubblewrap when available, isolates),
 * then the reference solution is graded and must pass: whatever the attack did, the next
 * submission is unaffected.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow, type Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import { getGrader, stopGrader } from '@/lib/grading/grader';
import { SUBMISSION_STATUSES, type GradeResult, type SubmissionStatus } from '@/lib/grading/result';
import { summarizeGrade } from '@/test/helpers/summarize-grade';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
const ATTACKS = path.join(FIXTURES, 'grading');
const CASE_IDS = ['doubles-small-list', 'doubles-a-tensor', 'keeps-empty-list-empty', 'doubles-negative-values'];
/** Output is capped at 8 KB plus a note; messages are a few lines. Nothing a submission does makes them bigger. */
const MAX_TEXT_CHARS = 10_000;

interface Expected {
  status: SubmissionStatus;
  fragment: string;
  in: 'message' | 'output';
}

interface Attack {
  name: string;
  code: string;
  /** The verdict, or verdicts that are equally right (an array: a memory bomb on a busy machine may meet the time limit first). */
  expected: Expected[];
}

function readExpected(name: string): Expected[] {
  const file = path.join(ATTACKS, name, 'expected.json');
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Expected> | Partial<Expected>[];
  return (Array.isArray(parsed) ? parsed : [parsed]).map((value) => {
    if (!SUBMISSION_STATUSES.includes(value.status as SubmissionStatus)) throw new Error(`${file}: status must be one of ${SUBMISSION_STATUSES.join(', ')}`);
    if (typeof value.fragment !== 'string' || value.fragment === '') throw new Error(`${file}: fragment must be a non-empty string`);
    if (value.in !== 'message' && value.in !== 'output') throw new Error(`${file}: "in" must be "message" or "output"`);
    return value as Expected;
  });
}

const attacks: Attack[] = fs
  .readdirSync(ATTACKS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .map((name) => ({ name, code: fs.readFileSync(path.join(ATTACKS, name, 'submission.ts'), 'utf8'), expected: readExpected(name) }));

/** Where a fragment may appear: the top-level message or any test's message, or any test's output. */
function textsIn(result: GradeResult, where: Expected['in']): string[] {
  return where === 'message' ? [result.message ?? '', ...result.tests.map((t) => t.message ?? '')] : result.tests.map((t) => t.output);
}


let exercise: Exercise;
let solution: string;

beforeAll(async () => {
  exercise = loadCatalogOrThrow(path.join(FIXTURES, 'catalog')).find((e) => e.meta.slug === 'double-the-values')!;
  solution = fs.readFileSync(exercise.solutionFile, 'utf8');
  await getGrader();
}, 60_000);

afterAll(async () => {
  await stopGrader();
});

describe('attacks on the grader', () => {
  it('has at least 35 attack fixtures', () => {
    expect(attacks.length).toBeGreaterThanOrEqual(35);
  });

  for (const { name, code, expected: alternatives } of attacks) {
    const described = alternatives.map((e) => `${e.status}, "${e.fragment}" in the ${e.in}`).join(' or ');
    it(`${name}: ${described}; the next submission passes`, async () => {
      const result = await gradeSubmission({ exercise, code, mode: 'submit' });
      const expected = alternatives.find((e) => e.status === result.status) ?? alternatives[0]!;
      expect(result.status, summarizeGrade(result)).toBe(expected.status);
      expect(
        textsIn(result, expected.in).some((text) => text.includes(expected.fragment)),
        `"${expected.fragment}" not found in any ${expected.in}:\n${summarizeGrade(result)}`,
      ).toBe(true);

      // Nothing lost: either nothing ran (and the message says why) or every test has a result, in file order.
      if (result.tests.length === 0) expect(result.message, summarizeGrade(result)).toBeTruthy();
      else expect(result.tests.map((t) => t.id)).toEqual(CASE_IDS);
      for (const text of [...textsIn(result, 'message'), ...textsIn(result, 'output')]) {
        expect(text.length, `a message or output of ${text.length} characters`).toBeLessThanOrEqual(MAX_TEXT_CHARS);
      }

      const next = await gradeSubmission({ exercise, code: solution, mode: 'submit' });
      expect(next.status, `the reference solution after "${name}":\n${summarizeGrade(next)}`).toBe('pass');
    }, 30_000);
  }
});
