import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { runConsoleCall, type ConsoleResult } from '@/lib/grading/run-console-call';
import { holdGradingSlotOrThrow } from '@/lib/limits';

/**
 * A console call from the workspace: held to the user's grading slots like Run and Submit, run in
 * the grader's sandbox, and not stored (it is neither a run nor a submit, and counts for nothing
 * in progress).
 */
export async function callFromConsole(request: { userId: string; client: string; exerciseId: string; code: string; expression: string }): Promise<ConsoleResult> {
  const exercise = getExerciseByIdOrThrow(request.exerciseId);
  const release = await holdGradingSlotOrThrow(request.userId);
  try {
    return await runConsoleCall({ exercise, code: request.code, expression: request.expression, client: request.client });
  } finally {
    await release();
  }
}
