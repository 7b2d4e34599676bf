import { randomUUID } from 'node:crypto';
import type { AppDb } from '@/db/app-db';
import { getExerciseByIdOrThrow } from '@/lib/exercises/catalog';
import { gradeSubmission } from '@/lib/grading/grade-submission';
import type { GradeMode, GradeResult } from '@/lib/grading/result';
import { holdGradingSlotOrThrow } from '@/lib/limits';
import { solves } from '@/lib/progress/solved';
import { recordExerciseEvent } from '@/lib/workspace/record-exercise-event';
import { recordSubmission } from './record-submission';

export interface SubmissionResult extends GradeResult {
  submissionId: string;
  /** True when this submit was the user's first to pass every test: the exercise is now solved. */
  firstSolve: boolean;
}

/**
 * Grades a user's code for an exercise and stores the attempt with its result. `client` is who
 * sent it (lib/http/client-address.ts): the grading queue shares graders fairly between clients.
 */
export async function submitForGrading(
  db: AppDb,
  request: {
    userId: string;
    client: string;
    exerciseId: string;
    code: string;
    mode: GradeMode;
    /** Run only this visible test (mode `run`). */
    testId?: string;
    /** Made in this mock interview (lib/interview); `autoSubmitted` when the mock submitted it at its end. */
    interviewId?: string;
    autoSubmitted?: boolean;
  },
): Promise<SubmissionResult> {
  const exercise = getExerciseByIdOrThrow(request.exerciseId);
  const release = await holdGradingSlotOrThrow(request.userId);
  try {
    // The grading job and the submission share one id, so a job is never recorded twice.
    const jobId = randomUUID();
    const result = await gradeSubmission({ exercise, code: request.code, mode: request.mode, testId: request.testId, client: request.client, jobId });
    const submissionId = await recordSubmission(db, { ...request, id: jobId, result });
    const firstSolve = solves({ mode: request.mode, status: result.status }) && (await recordExerciseEvent(db, { userId: request.userId, exerciseId: request.exerciseId, kind: 'solved', submissionId }));
    return { ...result, submissionId, firstSolve };
  } finally {
    await release();
  }
}
