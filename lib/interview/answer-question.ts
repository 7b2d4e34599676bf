import { and, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { AppError } from '@/lib/errors';
import { assertBeforeDeadlineOrThrow } from './assert-before-deadline';
import { answerShapeProblem, type Answer } from './grade-answer';
import { getInterviewOrThrow } from './get-interview';
import { questionSchema } from './question-schema';

/**
 * Keeps the user's answer to one of the mock's questions (it may be changed until the deadline).
 * Nothing about right or wrong is said before the mock ends; it is graded then, on the server.
 */
export async function answerQuestion(db: AppDb, input: { userId: string; interviewId: string; position: number; answer: Answer; now?: Date }): Promise<{ saved: true }> {
  const now = input.now ?? new Date();
  const { interviewQuestions } = tablesOf(db);
  assertBeforeDeadlineOrThrow(await getInterviewOrThrow(db, input.userId, input.interviewId), 'answer', now);
  const where = and(eq(interviewQuestions.interviewId, input.interviewId), eq(interviewQuestions.position, input.position));
  const [row] = await db.select({ questionJson: interviewQuestions.questionJson }).from(interviewQuestions).where(where).limit(1);
  if (!row) throw new AppError('not_found', 'This mock interview has no question at that position.');
  const problem = answerShapeProblem(questionSchema.parse(JSON.parse(row.questionJson)), input.answer);
  if (problem) throw new AppError('unprocessable', problem);
  await db.update(interviewQuestions).set({ answerJson: JSON.stringify(input.answer), answeredAt: now }).where(where);
  return { saved: true };
}
