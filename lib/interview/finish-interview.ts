import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { interviewExercises, interviewQuestions, interviews, submissions, type Interview } from '@/db/schema';
import { hasErrorCode } from '@/lib/errors';
import { INTERVIEW_LIMITS } from '@/lib/limits';
import { submitForGrading } from '@/lib/submissions/submit-for-grading';
import { computeReport } from './compute-report';
import { listInterviewExercises } from './get-interview';
import { phaseOf, type InterviewPhase } from './interview-rules';
import { loadReportInput } from './load-report-input';

/** Who submits a mock's drafts in the grading queue (its own client: it never takes a user's turn). */
export const FINISHER_CLIENT = 'mock-interview-finisher';
const BUSY_RETRIES = 20;
const BUSY_WAIT_MS = 1_000;

/**
 * Takes the finishing of a mock for this caller: at most one caller at a time, across tabs and
 * processes (an UPDATE that only one can win). A claim older than `finishClaimStaleMs` (a server
 * that stopped while finishing) can be taken over.
 */
function claimFinish(db: Db, interviewId: string, now: Date): boolean {
  const stale = new Date(now.getTime() - INTERVIEW_LIMITS.finishClaimStaleMs);
  const claimed = db
    .update(interviews)
    .set({ finishClaimedAt: now })
    .where(and(eq(interviews.id, interviewId), isNull(interviews.finishedAt), or(isNull(interviews.finishClaimedAt), lt(interviews.finishClaimedAt, stale))))
    .run();
  return claimed.changes === 1;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Grades through the shared queue; waits while the grader is busy rather than give up. */
async function gradeWhenFree<T>(grade: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await grade();
    } catch (error) {
      if (!hasErrorCode(error, 'rate_limited') || attempt >= BUSY_RETRIES) throw error;
      await sleep(BUSY_WAIT_MS);
    }
  }
}

/**
 * The latest draft of each exercise, submitted once: skipped when the exercise already passed in
 * the mock, when the latest submit graded this very code, when nothing was ever written, or when
 * it was auto-submitted already (a finish that was interrupted and taken over). The database's
 * unique index refuses a second auto-submission of the same exercise in any case.
 */
async function submitLatestDrafts(db: Db, interview: Interview): Promise<void> {
  for (const row of listInterviewExercises(db, interview.id)) {
    if (row.draftCode === null) continue;
    const done = db
      .select({ code: submissions.code, status: submissions.status, autoSubmitted: submissions.autoSubmitted })
      .from(submissions)
      .where(and(eq(submissions.interviewId, interview.id), eq(submissions.exerciseId, row.exerciseId), eq(submissions.mode, 'submit')))
      .orderBy(submissions.createdAt)
      .all();
    if (done.some((s) => s.status === 'pass' || s.autoSubmitted) || done.at(-1)?.code === row.draftCode) continue;
    const code = row.draftCode;
    try {
      await gradeWhenFree(() =>
        submitForGrading(db, { userId: interview.userId, client: FINISHER_CLIENT, exerciseId: row.exerciseId, code, mode: 'submit', interviewId: interview.id, autoSubmitted: true }),
      );
    } catch (error) {
      // Another process auto-submitted it first: the database kept exactly one.
      if (!(error instanceof Error && /UNIQUE constraint failed: submissions\.interview_id/.test(error.message))) throw error;
    }
  }
}

/**
 * Grades the answers and records each exercise's outcome and the score, in one transaction.
 * `claimedAt` says how it ended (time up, or finished early); `finishedAt` is when this is done.
 */
function recordOutcome(db: Db, interview: Interview, claimedAt: Date, finishedAt: Date): void {
  const report = computeReport(loadReportInput(db, interview, finishedAt));
  db.transaction((tx) => {
    report.questions.forEach((q, position) => {
      tx.update(interviewQuestions)
        .set({ correct: q.correct })
        .where(and(eq(interviewQuestions.interviewId, interview.id), eq(interviewQuestions.position, position)))
        .run();
    });
    for (const outcome of report.exercises) {
      tx.update(interviewExercises)
        .set({ passed: outcome.passed })
        .where(and(eq(interviewExercises.interviewId, interview.id), eq(interviewExercises.exerciseId, outcome.exercise.id)))
        .run();
    }
    tx.update(interviews)
      .set({ finishedAt, score: report.score, endedBy: claimedAt >= interview.deadlineAt ? 'time-up' : 'finished-early' })
      .where(eq(interviews.id, interview.id))
      .run();
  });
}

/**
 * Finishes a mock: the caller that wins the claim submits the latest drafts, grades the answers
 * and records the outcome; any other caller (a second tab, the server's sweep) gets the phase
 * as it stands. Idempotent: a finished mock stays as it is. If finishing fails (no grader), the
 * claim is released so the next call or sweep tries again.
 */
export async function finishInterview(db: Db, interview: Interview, now = new Date()): Promise<InterviewPhase> {
  if (!claimFinish(db, interview.id, now)) {
    const current = db.select().from(interviews).where(eq(interviews.id, interview.id)).get();
    return current ? phaseOf(current) : 'finished';
  }
  const startedAt = performance.now();
  try {
    await submitLatestDrafts(db, interview);
    recordOutcome(db, interview, now, new Date(now.getTime() + Math.round(performance.now() - startedAt)));
    return 'finished';
  } catch (error) {
    db.update(interviews).set({ finishClaimedAt: null }).where(and(eq(interviews.id, interview.id), isNull(interviews.finishedAt))).run();
    throw error;
  }
}
