import { and, asc, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { Interview } from '@/db/schema';
import { getCatalog, toPublicExercise } from '@/lib/exercises/catalog';
import { parseStoredTests } from '@/lib/submissions/parse-stored-tests';
import type { ReportInput } from './compute-report';
import { listInterviewExercises } from './get-interview';
import type { Answer } from './grade-answer';
import { loadLearnerProfile } from './learner-profile';
import { questionSchema } from './question-schema';

/** A stored answer; anything unreadable counts as no answer. */
function readAnswer(json: string | null): Answer | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as Answer;
  } catch {
    return null;
  }
}

/** The mock's exercises, attempts and answers, and the user's catalog standing, as computeReport needs them. */
export async function loadReportInput(db: AppDb, interview: Interview, now = new Date()): Promise<ReportInput> {
  const { interviewQuestions, submissions } = tablesOf(db);
  const catalog = getCatalog().map(toPublicExercise);
  const byId = new Map(catalog.map((e) => [e.id, e]));
  const exercises = (await listInterviewExercises(db, interview.id)).flatMap((row) => byId.get(row.exerciseId) ?? []);
  const attemptRows = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.interviewId, interview.id), eq(submissions.userId, interview.userId)))
    .orderBy(asc(submissions.createdAt));
  const attempts = attemptRows.map((s) => ({ exerciseId: s.exerciseId, mode: s.mode, status: s.status, tests: parseStoredTests(s.testsJson), createdAt: s.createdAt, autoSubmitted: s.autoSubmitted }));
  const questionRows = await db
    .select()
    .from(interviewQuestions)
    .where(eq(interviewQuestions.interviewId, interview.id))
    .orderBy(asc(interviewQuestions.position));
  const questions = questionRows.map((q) => ({ exerciseId: q.exerciseId, question: questionSchema.parse(JSON.parse(q.questionJson)), answer: readAnswer(q.answerJson) }));
  const { solved } = await loadLearnerProfile(db, interview.userId, catalog, now);
  return { startedAt: interview.startedAt, deadlineAt: interview.deadlineAt, exercises, attempts, questions, catalog, solved };
}
