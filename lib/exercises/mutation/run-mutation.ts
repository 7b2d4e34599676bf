import fs from 'node:fs';
import { exerciseFingerprint } from '@/lib/exercises/exercise-fingerprint';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import type { GradeResult } from '@/lib/grading/result';
import { listMutants, type SourceMutant } from './list-mutants';
import { readEquivalentMutants, type MutationReport } from './mutation-report';

type ReportedMutant = MutationReport['mutants'][number];

function judge(mutant: SourceMutant, result: GradeResult, durationMs: number): ReportedMutant {
  const base = { key: mutant.key, mutatorName: mutant.mutatorName, line: mutant.line, durationMs };
  if (result.status === 'pass') return { ...base, outcome: 'survived', diff: mutant.diff };
  if (result.status === 'timeout') return { ...base, outcome: 'timeout' };
  const failed = result.tests.find((t) => t.status !== 'pass');
  return { ...base, outcome: 'killed', killedBy: failed ? failed.id : (result.message ?? result.status).split('\n')[0] };
}

/** The reference solution itself does not pass its tests: every mutant would count as killed. */
export class ReferenceFailsError extends Error {
  constructor(exercise: Exercise, result: GradeResult) {
    const failed = result.tests.filter((t) => t.status !== 'pass').map((t) => t.id);
    super(
      `${exercise.relDir}: the reference solution does not pass its own tests (${result.status}${failed.length > 0 ? `: ${failed.join(', ')}` : result.message ? `: ${result.message.split('\n')[0]}` : ''}), so a mutation score would mean nothing. Fix the solution or the tests, run \`npm run exercises:expect -- --only ${exercise.meta.slug}\` if the generated cases changed, then mutate again.`,
    );
    this.name = 'ReferenceFailsError';
  }
}

/** Grades the unmutated reference like a Submit: the baseline every mutant is judged against. */
async function assertReferencePasses(exercise: Exercise, code: string): Promise<void> {
  const result = await gradeSubmission({ exercise, code, mode: 'submit', client: 'exercises:mutate' });
  if (result.status !== 'pass') throw new ReferenceFailsError(exercise, result);
}

/**
 * Mutates the exercise's reference solution with StrykerJS's instrumenter and grades every
 * mutant exactly as a Submit is graded (all tests, the real sandbox, each test case under the
 * exercise's time budget and the whole grade under its deadline). Mutants listed in
 * `.meta/equivalent-mutants.json` are reported as equivalent, not graded. Throws
 * ReferenceFailsError, grading no mutant, when the reference itself does not pass.
 */
export async function runMutation(exercise: Exercise, onMutant?: (mutant: ReportedMutant, index: number, total: number) => void): Promise<MutationReport> {
  const fingerprint = exerciseFingerprint(exercise);
  const solution = fs.readFileSync(exercise.solutionFile, 'utf8');
  await assertReferencePasses(exercise, solution);
  const mutants = await listMutants(exercise.solutionFile, solution);
  const equivalents = new Map(readEquivalentMutants(exercise).map((e) => [e.mutant, e.reason]));
  const reported: ReportedMutant[] = [];
  for (const [index, mutant] of mutants.entries()) {
    const reason = equivalents.get(mutant.key);
    let entry: ReportedMutant;
    if (reason !== undefined) {
      entry = { key: mutant.key, mutatorName: mutant.mutatorName, line: mutant.line, outcome: 'equivalent', reason, diff: mutant.diff, durationMs: 0 };
    } else {
      const startedAt = performance.now();
      const result = await gradeSubmission({ exercise, code: mutant.code, mode: 'submit', client: 'exercises:mutate' });
      entry = judge(mutant, result, Math.round(performance.now() - startedAt));
    }
    reported.push(entry);
    onMutant?.(entry, index, mutants.length);
  }
  return { fingerprint, generatedAt: new Date().toISOString(), mutants: reported };
}
