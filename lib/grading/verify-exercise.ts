import fs from 'node:fs';
import path from 'node:path';
import type { Exercise, Mutant } from '@/lib/exercises/load-catalog';
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

/** Grades a file of the exercise like a Submit (on the tests named by `caseIds` only, if given), timed; `client` is who the grading queue serves. */
async function gradeFile(exercise: Exercise, file: string, client: string, caseIds?: readonly string[]): Promise<{ result: GradeResult; durationMs: number }> {
  const startedAt = performance.now();
  const result = await gradeSubmission({ exercise, code: fs.readFileSync(file, 'utf8'), mode: 'submit', client, caseIds });
  return { result, durationMs: Math.round(performance.now() - startedAt) };
}

/** Splits items, in order, into groups of 1, 2, 4, … : the first groups are small, and together the groups hold each item once. */
export function doublingGroups<T>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let start = 0, size = 1; start < items.length; start += size, size *= 2) groups.push(items.slice(start, start + size));
  return groups;
}

/** A mutant is caught when its grade fails (no test timed out or ran out of memory) and a failure message contains what it declares. */
const isCaught = (result: GradeResult, expected: string) => result.status === 'fail' && messages(result).includes(expected);

/**
 * Grades a mutant on its tests a group at a time, in suite order (doublingGroups), until a group
 * catches it: the tests after the one that fails with the declared message need not run. Returns
 * the time the groups took, or undefined when no group caught it (a whole grade then says why).
 */
async function gradeUntilCaught(exercise: Exercise, mutant: Mutant, caseIds: readonly string[], client: string): Promise<number | undefined> {
  let durationMs = 0;
  for (const group of doublingGroups(caseIds)) {
    const graded = await gradeFile(exercise, mutant.file, client, group);
    durationMs += graded.durationMs;
    if (isCaught(graded.result, mutant.expect)) return durationMs;
  }
  return undefined;
}

const rowName = (exercise: Exercise) => `${exercise.meta.track}/${exercise.meta.slug}`;

/**
 * The checks that grade nothing (rules, generated cases, mutation report), and the tests; no tests
 * when they do not load, and then nothing of the exercise can be graded.
 */
async function verifyContent(exercise: Exercise): Promise<{ rows: VerificationRow[]; cases?: LoadedCase[] }> {
  const name = rowName(exercise);
  try {
    const cases = await loadTestSuite(exercise);
    return { rows: contentRows(exercise, name, cases), cases };
  } catch (error) {
    if (!(error instanceof TestSuiteError)) throw error;
    return { rows: [{ exercise: name, subject: 'tests', expected: 'load', status: 'invalid', durationMs: 0, ok: false, problem: error.message }] };
  }
}

/** Grades the reference solution through the real sandbox: it must pass. */
async function verifySolution(exercise: Exercise, client = 'local'): Promise<VerificationRow> {
  const solution = await gradeFile(exercise, exercise.solutionFile, client);
  return {
    exercise: rowName(exercise),
    subject: 'solution',
    expected: 'pass',
    status: solution.result.status,
    durationMs: solution.durationMs,
    ok: solution.result.status === 'pass',
    problem: solution.result.status === 'pass' ? undefined : firstProblem(solution.result),
  };
}

/**
 * A mutant must fail with the message its header declares: graded a group of tests at a time until
 * caught, then once in full when no group catches it, for the row to say why.
 */
async function verifyMutant(exercise: Exercise, mutant: Mutant, caseIds: readonly string[], client: string): Promise<VerificationRow> {
  const row = (status: GradeResult['status'], durationMs: number, problem?: string): VerificationRow => ({
    exercise: rowName(exercise),
    subject: `mutant ${mutant.name}`,
    expected: `fail: "${mutant.expect}"`,
    status,
    durationMs,
    ok: problem === undefined,
    ...(problem ? { problem } : {}),
  });
  const caughtInMs = await gradeUntilCaught(exercise, mutant, caseIds, client);
  if (caughtInMs !== undefined) return row('fail', caughtInMs);
  const { result, durationMs } = await gradeFile(exercise, mutant.file, client);
  if (isCaught(result, mutant.expect)) return row(result.status, durationMs);
  if (result.status === 'fail') return row(result.status, durationMs, `no failure message contains "${mutant.expect}"; first: ${firstProblem(result)}`);
  return row(result.status, durationMs, `mutant must fail, got ${result.status}${result.status === 'pass' ? ' (the tests do not catch this mistake)' : `: ${firstProblem(result)}`}`);
}

/** Grades the starter (must fail, not error or time out) and every mutant (verifyMutant). */
async function verifyStarterAndMutants(exercise: Exercise, caseIds: readonly string[], client: string): Promise<VerificationRow[]> {
  const name = rowName(exercise);
  const starter = await gradeFile(exercise, path.join(exercise.dir, 'starter.ts'), client);
  const rows: VerificationRow[] = [
    {
      exercise: name,
      subject: 'starter',
      expected: 'fail',
      status: starter.result.status,
      durationMs: starter.durationMs,
      ok: starter.result.status === 'fail',
      problem: starter.result.status === 'fail' ? undefined : `starter must fail its tests, got ${starter.result.status}: ${firstProblem(starter.result)}`,
    },
  ];
  for (const mutant of exercise.mutants) rows.push(await verifyMutant(exercise, mutant, caseIds, client));
  return rows;
}

/**
 * Checks the exercise's content, then grades, through the real sandbox, the reference solution
 * (must pass), the starter (must fail, not error or time out) and every mutant (must fail with the
 * message its header declares).
 */
export async function verifyExercise(exercise: Exercise, client = 'local'): Promise<VerificationRow[]> {
  const { rows, cases } = await verifyContent(exercise);
  if (!cases) return rows;
  const caseIds = cases.map((c) => c.id);
  return [...rows, await verifySolution(exercise, client), ...(await verifyStarterAndMutants(exercise, caseIds, client))];
}
