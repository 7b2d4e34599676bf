import type { AppDb } from '@/db/app-db';
import type { Interview } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { getCatalog, readPrivateFile } from '@/lib/exercises/catalog';
import { splitExplanation } from '@/lib/workspace/split-explanation';
import { computeReport, type InterviewReportData } from './compute-report';
import { getInterviewOrThrow } from './get-interview';
import { interviewUrl, phaseOf } from './interview-rules';
import { loadReportInput } from './load-report-input';

export interface InterviewReport extends InterviewReportData {
  id: string;
  track: string;
  minutes: number;
  startedAt: string;
  deadlineAt: string;
  finishedAt: string;
  endedBy: Interview['endedBy'];
  /** Each exercise's explanation and interview follow-ups: unlocked now the mock is over. */
  explanations: { exerciseId: string; explanation: string; followUps: string | null }[];
}

/** The report of one of the user's finished mocks; a running one is refused (nothing is unlocked before it ends). */
export async function getInterviewReportOrThrow(db: AppDb, userId: string | undefined, interviewId: string): Promise<InterviewReport> {
  const interview = await getInterviewOrThrow(db, userId, interviewId);
  if (phaseOf(interview) !== 'finished' || !interview.finishedAt) {
    throw new AppError('conflict', `This mock interview has not finished yet; its report opens when it ends. Continue at ${interviewUrl(interview.id)}.`);
  }
  const data = computeReport(await loadReportInput(db, interview));
  const files = new Map(getCatalog().map((e) => [e.meta.uuid, e.explanationFile]));
  return {
    ...data,
    id: interview.id,
    track: interview.track,
    minutes: interview.minutes,
    startedAt: interview.startedAt.toISOString(),
    deadlineAt: interview.deadlineAt.toISOString(),
    finishedAt: interview.finishedAt.toISOString(),
    endedBy: interview.endedBy,
    explanations: data.exercises.flatMap(({ exercise }) => {
      const file = files.get(exercise.id);
      return file ? [{ exerciseId: exercise.id, ...splitExplanation(readPrivateFile(file)) }] : [];
    }),
  };
}
