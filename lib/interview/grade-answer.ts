import { z } from 'zod';
import type { Question } from './question-schema';

/** An answer as sent: a choice index (single), ascending choice indices (multiple), or a number. */
export const answerSchema = z.union([z.number().finite(), z.array(z.number().int().min(0)).max(5)]);
export type Answer = z.infer<typeof answerSchema>;

/** Floating-point slack on top of a number question's own tolerance (0.1 + 0.2 is 0.30000000000000004). */
const FLOAT_SLACK = 1e-9;

/**
 * Whether an answer fits the question's shape (an index of one of its choices; distinct indices;
 * a number). A wrong shape is refused when saving, so a stored answer is always gradable.
 */
export function answerShapeProblem(question: Question, answer: Answer): string | null {
  if (question.kind === 'number') return typeof answer === 'number' ? null : 'Answer with a number.';
  if (question.kind === 'single') {
    return typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer < question.choices.length ? null : 'Choose one of the answers.';
  }
  if (!Array.isArray(answer) || answer.length === 0) return 'Choose at least one of the answers.';
  if (answer.some((i) => i >= question.choices.length) || new Set(answer).size !== answer.length) return 'Choose among the listed answers, each once.';
  return null;
}

/** Right or wrong, judged on the server against the question's own answer. */
export function isAnswerCorrect(question: Question, answer: Answer | null): boolean {
  if (answer === null || answerShapeProblem(question, answer)) return false;
  switch (question.kind) {
    case 'single':
      return answer === question.answer;
    case 'multiple': {
      const given = [...(answer as number[])].sort((a, b) => a - b);
      return given.length === question.answer.length && given.every((value, i) => value === question.answer[i]);
    }
    case 'number':
      return Math.abs((answer as number) - question.answer) <= question.tolerance + FLOAT_SLACK * Math.max(1, Math.abs(question.answer));
  }
}
