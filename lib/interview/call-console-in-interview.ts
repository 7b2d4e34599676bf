import type { AppDb } from '@/db/app-db';
import type { ConsoleResult } from '@/lib/grading/run-console-call';
import { callFromConsole } from '@/lib/workspace/call-from-console';
import { assertBeforeDeadlineOrThrow } from './assert-before-deadline';
import { getInterviewExerciseOrThrow, getInterviewOrThrow } from './get-interview';

/**
 * A console call inside a running mock: the console is not a hint (it runs only the learner's own
 * code), so it is allowed, on the mock's exercises and before its deadline only.
 */
export async function callConsoleInInterview(
  db: AppDb,
  request: { userId: string; client: string; interviewId: string; exerciseId: string; code: string; expression: string; now?: Date },
): Promise<ConsoleResult> {
  const interview = await getInterviewOrThrow(db, request.userId, request.interviewId);
  assertBeforeDeadlineOrThrow(interview, 'console', request.now ?? new Date());
  await getInterviewExerciseOrThrow(db, interview.id, request.exerciseId);
  const { userId, client, exerciseId, code, expression } = request;
  return callFromConsole({ userId, client, exerciseId, code, expression });
}
