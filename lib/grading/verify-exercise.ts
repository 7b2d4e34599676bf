import fs from 'node:fs';
import path from 'node:path';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from './grade-submission';
import { loadTestSuite, TestSuiteError, type LoadedCase } from './load-test-suite';
import type { GradeResult } from './result';

export interface VerificationRow {
  exercise: string;
  subject: string;
  expected: string;
  /** A grade's status, or `ok`/`missing`/`invalid` for the checks that grade nothing. */
  status: GradeResult['status'] | 'ok' | 'missing' | 'invalid';
  durationMs: number;
  ok: boolean;
  problem?: string;
  /** Something not done yet that does not fail the check (an exercise without generated cases). */
  note?: string;
}

/** The checks that grade nothing: the suite loads with current reference outputs for its generated cases. */
function contentRows(exercise: Exercise, name: string, cases: LoadedCase[]): VerificationRow[] {
  const row = (subject: string, expected: string, problem: string | undefined, note?: string): VerificationRow => ({
    exercise: name,
    subject,
    expected,
    status: problem ? 'invalid' : note ? 'missing' : 'ok',
    durationMs: 0,
    ok: problem === undefined,
    ...(problem ? { problem } : {}),
    ...(note && !problem ? { note } : {}),
  });
  const generated = cases.filter((c) => c.generator !== undefined).length;
  return [row('generated cases', 'reference outputs current', undefined, generated > 0 ? undefined : 'no generated cases yet')];
}

function messages(result: GradeResult): string {
  return [result.message ?? '', ...result.tests.map((t) => t.message ?? '')].join('\n');
}

function firstProblem(result: GradeResult): string {
  const broken = result.tests.find((t) => t.status !== 'pass');
  return (result.message ?? (broken ? `${broken.name}: ${broken.message ?? broken.status}` : '')).split('\n')[0] ?? '';
}

/**
 * Grades, through the real sandbox, the reference solution (must pass), the starter (must fail,
 * not error or time out) and every mutant (must fail with the message its header declares).
 */
export async function verifyExercise(exercise: Exercise): Promise<VerificationRow[]> {
  const name = `${exercise.meta.track}/${exercise.meta.slug}`;
  const grade = async (file: string) => {
    const startedAt = performance.now();
    const result = await gradeSubmission({ exercise, code: fs.readFileSync(file, 'utf8'), mode: 'submit' });
    return { result, durationMs: Math.round(performance.now() - startedAt) };
  };
  const rows: VerificationRow[] = [];

  let cases: LoadedCase[];
  try {
    cases = await loadTestSuite(exercise);
  } catch (error) {
    if (!(error instanceof TestSuiteError)) throw error;
    return [{ exercise: name, subject: 'tests', expected: 'load', status: 'invalid', durationMs: 0, ok: false, problem: error.message }];
  }
  rows.push(...contentRows(exercise, name, cases));

  const solution = await grade(exercise.solutionFile);
  rows.push({
    exercise: name,
    subject: 'solution',
    expected: 'pass',
    status: solution.result.status,
    durationMs: solution.durationMs,
    ok: solution.result.status === 'pass',
    problem: solution.result.status === 'pass' ? undefined : firstProblem(solution.result),
  });

  const starter = await grade(path.join(exercise.dir, 'starter.ts'));
  rows.push({
    exercise: name,
    subject: 'starter',
    expected: 'fail',
    status: starter.result.status,
    durationMs: starter.durationMs,
    ok: starter.result.status === 'fail',
    problem: starter.result.status === 'fail' ? undefined : `starter must fail its tests, got ${starter.result.status}: ${firstProblem(starter.result)}`,
  });

  for (const mutant of exercise.mutants) {
    const graded = await grade(mutant.file);
    const caught = graded.result.status === 'fail' && messages(graded.result).includes(mutant.expect);
    rows.push({
      exercise: name,
      subject: `mutant ${mutant.name}`,
      expected: `fail: "${mutant.expect}"`,
      status: graded.result.status,
      durationMs: graded.durationMs,
      ok: caught,
      problem: caught
        ? undefined
        : graded.result.status === 'fail'
          ? `no failure message contains "${mutant.expect}"; first: ${firstProblem(graded.result)}`
          : `mutant must fail, got ${graded.result.status}${graded.result.status === 'pass' ? ' (the tests do not catch this mistake)' : `: ${firstProblem(graded.result)}`}`,
    });
  }
  return rows;
}
