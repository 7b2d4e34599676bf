import fs from 'node:fs';
import path from 'node:path';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from './grade-submission';
import type { GradeResult } from './result';

export interface VerificationRow {
  exercise: string;
  subject: string;
  expected: string;
  status: GradeResult['status'];
  durationMs: number;
  ok: boolean;
  problem?: string;
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
