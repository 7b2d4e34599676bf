import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { isUniqueViolation, tablesOf, type AppDb } from '@/db/app-db';
import type { Interview } from '@/db/schema';
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
/** The unique index that keeps one auto-submission per exercise of a mock (db/schema.ts). */
const AUTO_SUBMIT_ONCE = { name: 'submissions_interview_auto_once_idx', columns: 'submissions.interview_id, submissions.exercise_id' };

/**
 * Takes the finishing of a mock for this caller: at most one caller at a time, across tabs and
 * processes (an UPDATE that only one can win). A claim older than `finishClaimStaleMs` (a server
 * that stopped while finishing) can be taken over.
 */
async function claimFinish(db: AppDb, interviewId: string, now: Date): Promise<boolean> {
  const { interviews } = tablesOf(db);
  const stale = new Date(now.getTime() - INTERVIEW_LIMITS.finishClaimStaleMs);
  const claimed = await db
    .update(interviews)
    .set({ finishClaimedAt: now })
    .where(and(eq(interviews.id, interviewId), isNull(interviews.finishedAt), or(isNull(interviews.finishClaimedAt), lt(interviews.finishClaimedAt, stale))));
  return claimed.rowCount === 1;
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
async function submitLatestDrafts(db: AppDb, interview: Interview): Promise<void> {
  const { submissions } = tablesOf(db);
  for (const row of await listInterviewExercises(db, interview.id)) {
    if (row.draftCode === null) continue;
    const done = await db
      .select({ code: submissions.code, status: submissions.status, autoSubmitted: submissions.autoSubmitted })
      .from(submissions)
      .where(and(eq(submissions.interviewId, interview.id), eq(submissions.exerciseId, row.exerciseId), eq(submissions.mode, 'submit')))
      .orderBy(submissions.createdAt);
    if (done.some((s) => s.status === 'pass' || s.autoSubmitted) || done.at(-1)?.code === row.draftCode) continue;
    const code = row.draftCode;
    try {
      await gradeWhenFree(() =>
        submitForGrading(db, { userId: interview.userId, client: FINISHER_CLIENT, exerciseId: row.exerciseId, code, mode: 'submit', interviewId: interview.id, autoSubmitted: true }),
      );
    } catch (error) {
      // Another process auto-submitted it first: the database kept exactly one.
      if (!isUniqueViolation(error, AUTO_SUBMIT_ONCE)) throw error;
    }
  }
}

/**
 * Grades the answers and records each exercise's outcome and the score, in one transaction.
 * `claimedAt` says how it ended (time up, or finished early); `finishedAt` is when this is done.
 */
async function recordOutcome(db: AppDb, interview: Interview, claimedAt: Date, finishedAt: Date): Promise<void> {
  const report = computeReport(await loadReportInput(db, interview, finishedAt));
  const { interviewExercises, interviewQuestions, interviews } = tablesOf(db);
  await db.transaction(async (tx) => {
    for (const [position, q] of report.questions.entries()) {
      await tx
        .update(interviewQuestions)
        .set({ correct: q.correct })
        .where(and(eq(interviewQuestions.interviewId, interview.id), eq(interviewQuestions.position, position)));
    }
    for (const outcome of report.exercises) {
      await tx
        .update(interviewExercises)
        .set({ passed: outcome.passed })
        .where(and(eq(interviewExercises.interviewId, interview.id), eq(interviewExercises.exerciseId, outcome.exercise.id)));
    }
    await tx
      .update(interviews)
      .set({ finishedAt, score: report.score, endedBy: claimedAt >= interview.deadlineAt ? 'time-up' : 'finished-early' })
      .where(eq(interviews.id, interview.id));
  });
}

/**
 * Finishes a mock: the caller that wins the claim submits the latest drafts, grades the answers
 * and records the outcome; any other caller (a second tab, the server's sweep) gets the phase
 * as it stands. Idempotent: a finished mock stays as it is. If finishing fails (no grader), the
 * claim is released so the next call or sweep tries again.
 */
export async function finishInterview(db: AppDb, interview: Interview, now = new Date()): Promise<InterviewPhase> {
  const { interviews } = tablesOf(db);
  if (!(await claimFinish(db, interview.id, now))) {
    const [current] = await db.select().from(interviews).where(eq(interviews.id, interview.id)).limit(1);
    return current ? phaseOf(current) : 'finished';
  }
  const startedAt = performance.now();
  try {
    await submitLatestDrafts(db, interview);
    await recordOutcome(db, interview, now, new Date(now.getTime() + Math.round(performance.now() - startedAt)));
    return 'finished';
  } catch (error) {
    await db.update(interviews).set({ finishClaimedAt: null }).where(and(eq(interviews.id, interview.id), isNull(interviews.finishedAt)));
    throw error;
  }
}
