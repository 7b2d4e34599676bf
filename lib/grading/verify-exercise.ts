import fs from 'node:fs';
import path from 'node:path';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { mutationReportProblem, readMutationReport } from '@/lib/exercises/mutation/mutation-report';
import { gradeSubmission } from './grade-submission';
import { loadTestSuite, TestSuiteError, type LoadedCase } from './load-test-suite';
import type { GradeResult } from './result';

export interface VerificationRow {
  exercise: string;
  subject: string;
  expected: string;
  /** A grade's status, or `ok`/`invalid` for the checks that grade nothing. */
  status: GradeResult['status'] | 'ok' | 'invalid';
  durationMs: number;
  ok: boolean;
  problem?: string;
}

/** Unknown rule ids named by a case, and stated rules no hidden case checks. */
export function ruleProblems(exercise: Exercise, cases: LoadedCase[]): string[] {
  const rules = exercise.meta.rules ?? [];
  const known = new Set(rules.map((r) => r.id));
  const problems = cases.flatMap((c) => (c.rules ?? []).filter((id) => !known.has(id)).map((id) => `test "${c.generator ?? c.id}" names the rule "${id}", which meta.json does not list`));
  const checked = new Set(cases.filter((c) => !c.visible).flatMap((c) => c.rules ?? []));
  for (const rule of rules) if (!checked.has(rule.id)) problems.push(`rule "${rule.id}" has no hidden test`);
  return [...new Set(problems)];
}

/** The checks that grade nothing: rules stated and covered, generated cases with current reference outputs, a current mutation report of at least 90%. */
function contentRows(exercise: Exercise, name: string, cases: LoadedCase[]): VerificationRow[] {
  const row = (subject: string, expected: string, problem: string | undefined): VerificationRow => ({
    exercise: name,
    subject,
    expected,
    status: problem ? 'invalid' : 'ok',
    durationMs: 0,
    ok: problem === undefined,
    ...(problem ? { problem } : {}),
  });
  const rules = exercise.meta.rules ? ruleProblems(exercise, cases) : ['meta.json lists no rules: state each rule of the prompt there, with an id (exercises/README.md)'];
  const generated = cases.filter((c) => c.generator !== undefined).length;
  const report = readMutationReport(exercise);
  return [
    row('rules', 'each rule has a hidden test', rules.length > 0 ? rules.join('; ') : undefined),
    row('generated cases', 'reference outputs current', generated > 0 ? undefined : 'the tests declare no generated cases: add generatedCases(...) for every size and edge the prompt defines (exercises/README.md)'),
    row('mutation report', 'current, score >= 90%', report ? mutationReportProblem(exercise, report) : 'no mutation report: run npm run exercises:mutate -- --only <slug>'),
  ];
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
