import pLimit from 'p-limit';
import { verifyContent, verifySolution, verifyStarterAndMutants, type VerificationRow } from '@/lib/grading/verify-exercise';
import { verifyQuestions } from '@/lib/interview/verify-questions';
import type { Exercise } from './load-catalog';

export interface VerifyCatalogOptions {
  /** How many exercises' starters and mutants are graded at a time (the grader's process count). */
  lanes: number;
  /** Called with each exercise's rows, in catalog order, as soon as they and all before them are done. */
  onExercise?: (rows: VerificationRow[]) => void;
}

/**
 * Verifies every exercise (`exercises:verify`): first each one's content checks and reference
 * solution, one exercise at a time, so that a reference grade's time is its own and not shared with
 * another grade; then the starters and mutants, `lanes` exercises at a time. Each exercise is its own
 * client of the grading queue. The rows come out as if verified one after another: per exercise its
 * content checks, solution, starter, mutants and interview questions.
 */
export async function verifyCatalog(exercises: Exercise[], { lanes, onExercise }: VerifyCatalogOptions): Promise<VerificationRow[]> {
  const client = (exercise: Exercise) => `exercises:verify ${exercise.relDir}`;
  const firstRows: { rows: VerificationRow[]; loaded: boolean }[] = [];
  for (const exercise of exercises) {
    const content = await verifyContent(exercise);
    firstRows.push(content.loaded ? { rows: [...content.rows, await verifySolution(exercise, client(exercise))], loaded: true } : content);
  }
  const limit = pLimit(Math.max(1, lanes));
  const rest = exercises.map((exercise, i) => (firstRows[i]!.loaded ? limit(() => verifyStarterAndMutants(exercise, client(exercise))) : Promise.resolve([])));
  const all: VerificationRow[] = [];
  for (const [i, exercise] of exercises.entries()) {
    const rows = [...firstRows[i]!.rows, ...(await rest[i]!), verifyQuestions(exercise)];
    onExercise?.(rows);
    all.push(...rows);
  }
  return all;
}
