import pLimit from 'p-limit';
import { verifyExercise, type VerificationRow } from '@/lib/grading/verify-exercise';
import { verifyQuestions } from '@/lib/interview/verify-questions';
import type { Exercise } from './load-catalog';

export interface VerifyCatalogOptions {
  /** How many exercises are verified at a time (the grader's process count). */
  lanes: number;
  /** Called with each exercise's rows, in catalog order, as soon as they and all before them are done. */
  onExercise?: (rows: VerificationRow[]) => void;
}

/**
 * Verifies every exercise (`exercises:verify`), `lanes` exercises at a time (one per grader
 * process), each exercise in its own lane: its content checks, reference solution, starter and
 * mutants. A reference grade's time is taken beside the other lanes' grades; `--only <slug>` times
 * one alone. Each exercise is its own client of the grading queue. The rows come out as if verified
 * one after another: per exercise its content checks, solution, starter, mutants and interview
 * questions.
 */
export async function verifyCatalog(exercises: Exercise[], { lanes, onExercise }: VerifyCatalogOptions): Promise<VerificationRow[]> {
  const limit = pLimit(Math.max(1, lanes));
  const verified = exercises.map((exercise) => limit(() => verifyExercise(exercise, `exercises:verify ${exercise.relDir}`)));
  const all: VerificationRow[] = [];
  for (const [i, exercise] of exercises.entries()) {
    const rows = [...(await verified[i]!), verifyQuestions(exercise)];
    onExercise?.(rows);
    all.push(...rows);
  }
  return all;
}
