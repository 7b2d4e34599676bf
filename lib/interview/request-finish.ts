import type { AppDb } from '@/db/app-db';
import { INTERVIEW_LIMITS } from '@/lib/limits';
import { finishInterview } from './finish-interview';
import { getInterviewOrThrow } from './get-interview';
import { phaseOf, type InterviewPhase } from './interview-rules';

/** A browser whose countdown reached zero this much before the server's deadline is told to wait. */
const EARLY_TOLERANCE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A browser asks to finish the user's mock: `early` when the user chose to end it now; otherwise
 * its countdown reached zero, and the mock is finished once the server's deadline (plus the
 * grace for the last draft save) has passed. Any number of tabs may ask; one finishes it.
 */
export async function requestFinish(db: AppDb, userId: string | undefined, interviewId: string, early: boolean): Promise<{ phase: InterviewPhase }> {
  const interview = await getInterviewOrThrow(db, userId, interviewId);
  if (phaseOf(interview) !== 'active') return { phase: phaseOf(interview) };
  if (!early) {
    const wait = interview.deadlineAt.getTime() + INTERVIEW_LIMITS.draftGraceMs - Date.now();
    if (wait > INTERVIEW_LIMITS.draftGraceMs + EARLY_TOLERANCE_MS) return { phase: 'active' };
    if (wait > 0) await sleep(wait);
  }
  return { phase: await finishInterview(db, interview) };
}
