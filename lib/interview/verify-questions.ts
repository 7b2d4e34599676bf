import type { Exercise } from '@/lib/exercises/load-catalog';
import type { VerificationRow } from '@/lib/grading/verify-exercise';
import { readQuestions } from './load-questions';

/** The `exercises:verify` row for an exercise's interview questions: at least 3, each valid. */
export function verifyQuestions(exercise: Exercise): VerificationRow {
  const startedAt = performance.now();
  const result = readQuestions(exercise);
  return {
    exercise: `${exercise.meta.track}/${exercise.meta.slug}`,
    subject: 'questions',
    expected: 'valid',
    status: result.ok ? 'pass' : 'fail',
    durationMs: Math.round(performance.now() - startedAt),
    ok: result.ok,
    problem: result.ok ? undefined : result.problems.join('\n       '),
  };
}
