import type { Db } from '@/db/client';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import type { GradeMode, GradeResult } from '@/lib/grading/result';
import { recordExerciseEvent } from '@/lib/workspace/record-exercise-event';
import { recordSubmission } from './record-submission';
import { submissionLimiter } from './submission-rate-limit';

/** Submissions one user may have in grading at once (two tabs are fine; a flood is not). */
export const MAX_IN_FLIGHT_PER_USER = 2;
const inFlight = new Map<string, number>();

export interface SubmissionResult extends GradeResult {
  submissionId: string;
  /** True when this submit was the user's first to pass every test: the exercise is now solved. */
  firstSolve: boolean;
}

/** Grades a user's code for an exercise and stores the attempt with its result. */
export async function submitForGrading(db: Db, request: { userId: string; exerciseId: string; code: string; mode: GradeMode }): Promise<SubmissionResult> {
  const exercise = getExerciseByIdOrThrow(request.exerciseId);
  const running = inFlight.get(request.userId) ?? 0;
  submissionLimiter.takeOrThrow(request.userId, `You have sent ${getEnv().SUBMISSIONS_PER_MINUTE} runs and submits in the last minute.`);
  if (running >= MAX_IN_FLIGHT_PER_USER) {
    throw new AppError('rate_limited', `You already have ${running} submissions being graded. Wait for their results, then try again.`, { retryAfterSeconds: 2 });
  }
  inFlight.set(request.userId, running + 1);
  try {
    const result = await gradeSubmission({ exercise, code: request.code, mode: request.mode });
    const submissionId = recordSubmission(db, { ...request, result });
    const solves = request.mode === 'submit' && result.status === 'pass';
    const firstSolve = solves && recordExerciseEvent(db, { userId: request.userId, exerciseId: request.exerciseId, kind: 'solved', submissionId });
    return { ...result, submissionId, firstSolve };
  } finally {
    const left = (inFlight.get(request.userId) ?? 1) - 1;
    if (left <= 0) inFlight.delete(request.userId);
    else inFlight.set(request.userId, left);
  }
}
