import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import type { GradeMode, GradeResult } from '@/lib/grading/result';
import { recordSubmission } from './record-submission';

/** Submissions one user may have in grading at once (two tabs are fine; a flood is not). */
export const MAX_IN_FLIGHT_PER_USER = 2;
const inFlight = new Map<string, number>();

export interface SubmissionResult extends GradeResult {
  submissionId: string;
}

/** Grades a user's code for an exercise and stores the attempt with its result. */
export async function submitForGrading(db: Db, request: { userId: string; exerciseId: string; code: string; mode: GradeMode }): Promise<SubmissionResult> {
  const exercise = getExerciseByIdOrThrow(request.exerciseId);
  const running = inFlight.get(request.userId) ?? 0;
  if (running >= MAX_IN_FLIGHT_PER_USER) {
    throw new AppError('rate_limited', `You already have ${running} submissions being graded. Wait for their results, then try again.`, { retryAfterSeconds: 2 });
  }
  inFlight.set(request.userId, running + 1);
  try {
    const result = await gradeSubmission({ exercise, code: request.code, mode: request.mode });
    const submissionId = recordSubmission(db, { ...request, result });
    return { ...result, submissionId };
  } finally {
    const left = (inFlight.get(request.userId) ?? 1) - 1;
    if (left <= 0) inFlight.delete(request.userId);
    else inFlight.set(request.userId, left);
  }
}
