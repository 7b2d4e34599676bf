import type { AppDb } from '@/db/app-db';
import type { GradeMode } from '@/lib/grading/result';
import { submitForGrading, type SubmissionResult } from '@/lib/submissions/submit-for-grading';
import { assertBeforeDeadlineOrThrow } from './assert-before-deadline';
import { getInterviewExerciseOrThrow, getInterviewOrThrow } from './get-interview';

/**
 * Run or Submit inside a running mock: refused (before any grading) when it arrives after the
 * deadline; otherwise graded and stored like any attempt, marked with the mock.
 */
export async function submitInterviewAttempt(
  db: AppDb,
  request: { userId: string; client: string; interviewId: string; exerciseId: string; code: string; mode: GradeMode; testId?: string; now?: Date },
): Promise<SubmissionResult> {
  const interview = await getInterviewOrThrow(db, request.userId, request.interviewId);
  assertBeforeDeadlineOrThrow(interview, 'submission', request.now ?? new Date());
  await getInterviewExerciseOrThrow(db, interview.id, request.exerciseId);
  const { userId, client, exerciseId, code, mode, testId } = request;
  return submitForGrading(db, { userId, client, exerciseId, code, mode, testId, interviewId: interview.id });
}
