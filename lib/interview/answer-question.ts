import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { interviewQuestions } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { assertBeforeDeadlineOrThrow } from './assert-before-deadline';
import { answerShapeProblem, type Answer } from './grade-answer';
import { getInterviewOrThrow } from './get-interview';
import { questionSchema } from './question-schema';

/**
 * Keeps the user's answer to one of the mock's questions (it may be changed until the deadline).
 * Nothing about right or wrong is said before the mock ends; it is graded then, on the server.
 */
export function answerQuestion(db: Db, input: { userId: string; interviewId: string; position: number; answer: Answer; now?: Date }): { saved: true } {
  const now = input.now ?? new Date();
  assertBeforeDeadlineOrThrow(getInterviewOrThrow(db, input.userId, input.interviewId), 'answer', now);
  const where = and(eq(interviewQuestions.interviewId, input.interviewId), eq(interviewQuestions.position, input.position));
  const row = db.select({ questionJson: interviewQuestions.questionJson }).from(interviewQuestions).where(where).get();
  if (!row) throw new AppError('not_found', 'This mock interview has no question at that position.');
  const problem = answerShapeProblem(questionSchema.parse(JSON.parse(row.questionJson)), input.answer);
  if (problem) throw new AppError('unprocessable', problem);
  db.update(interviewQuestions).set({ answerJson: JSON.stringify(input.answer), answeredAt: now }).where(where).run();
  return { saved: true };
}
