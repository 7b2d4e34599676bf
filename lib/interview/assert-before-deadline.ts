import type { Interview } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { INTERVIEW_LIMITS } from '@/lib/limits';
import { interviewUrl, phaseOf } from './interview-rules';

/** What reaches a running mock: graded work and answers get no grace; a draft autosave gets a little. */
export type InterviewWork = 'submission' | 'console' | 'answer' | 'draft';

const NOUN: Record<InterviewWork, string> = { submission: 'Run or Submit', console: 'console call', answer: 'answer', draft: 'draft' };

const clock = (at: Date) => `${at.toISOString().slice(11, 19)} UTC`;

/**
 * Refuses work that reaches a mock after its deadline (kept on the server; the browser's clock
 * is not asked) or after it was finished, with a message that says what happens instead.
 */
export function assertBeforeDeadlineOrThrow(interview: Interview, work: InterviewWork, now: Date): void {
  const grace = work === 'draft' ? INTERVIEW_LIMITS.draftGraceMs : 0;
  const report = interviewUrl(interview.id);
  if (phaseOf(interview) !== 'active') {
    throw new AppError('deadline_passed', `This mock interview has ended, so this ${NOUN[work]} was not accepted. Your report is at ${report}.`, {
      extra: { interviewId: interview.id },
    });
  }
  const lateMs = now.getTime() - interview.deadlineAt.getTime();
  if (lateMs > grace) {
    const late = lateMs < 1000 ? 'less than a second' : `${Math.floor(lateMs / 1000)} s`;
    throw new AppError(
      'deadline_passed',
      `Time is up: this mock interview ended at ${clock(interview.deadlineAt)}, and this ${NOUN[work]} arrived ${late} after it, so it does not count. ` +
        `Your latest draft of each exercise is submitted automatically; your report will be at ${report}.`,
      { extra: { interviewId: interview.id } },
    );
  }
}
