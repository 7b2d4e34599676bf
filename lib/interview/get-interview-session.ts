import { asc, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { Interview } from '@/db/schema';
import { getCatalog, toPublicExercise, type PublicExercise } from '@/lib/exercises/catalog';
import type { DraftView } from '@/lib/drafts/get-draft';
import { getInterviewOrThrow, listInterviewExercises } from './get-interview';
import type { Answer } from './grade-answer';
import { phaseOf, type InterviewPhase } from './interview-rules';
import { questionSchema, toAskedQuestion, type AskedQuestion } from './question-schema';

export interface SessionQuestion extends AskedQuestion {
  position: number;
  exerciseTitle: string;
  /** The user's answer so far; never whether it is right. */
  answer: Answer | null;
}

/** What a browser needs to show a running mock: nothing of `.meta/`, no answers or explanations. */
export interface InterviewSession {
  id: string;
  track: string;
  minutes: number;
  phase: InterviewPhase;
  startedAt: string;
  deadlineAt: string;
  /** The server's clock when this was read: the countdown follows the server, not the browser's clock. */
  serverNow: string;
  exercises: { exercise: PublicExercise; draft: DraftView | null }[];
  questions: SessionQuestion[];
}

export async function toSession(db: AppDb, interview: Interview): Promise<InterviewSession> {
  const { interviewQuestions } = tablesOf(db);
  const byId = new Map(getCatalog().map((e) => [e.meta.uuid, toPublicExercise(e)]));
  const exercises = (await listInterviewExercises(db, interview.id)).flatMap((row) => {
    const exercise = byId.get(row.exerciseId);
    if (!exercise) return [];
    const draft = row.draftCode === null ? null : { code: row.draftCode, version: row.draftVersion, updatedAt: row.draftUpdatedAt ?? interview.startedAt };
    return [{ exercise, draft }];
  });
  const rows = await db
    .select()
    .from(interviewQuestions)
    .where(eq(interviewQuestions.interviewId, interview.id))
    .orderBy(asc(interviewQuestions.position));
  const questions = rows.map((row) => ({
      position: row.position,
      exerciseTitle: byId.get(row.exerciseId)?.title ?? 'A retired exercise',
      ...toAskedQuestion(questionSchema.parse(JSON.parse(row.questionJson))),
      answer: row.answerJson === null ? null : (JSON.parse(row.answerJson) as Answer),
  }));
  return {
    id: interview.id,
    track: interview.track,
    minutes: interview.minutes,
    phase: phaseOf(interview),
    startedAt: interview.startedAt.toISOString(),
    deadlineAt: interview.deadlineAt.toISOString(),
    serverNow: new Date().toISOString(),
    exercises,
    questions,
  };
}

/** One of the user's own mocks as its workspace shows it. */
export async function getInterviewSession(db: AppDb, userId: string | undefined, interviewId: string): Promise<InterviewSession> {
  return toSession(db, await getInterviewOrThrow(db, userId, interviewId));
}
