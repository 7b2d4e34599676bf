import { z } from 'zod';

export const QUESTION_KINDS = ['single', 'multiple', 'number'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Questions an exercise must have for mocks (and `exercises:verify`). */
export const MIN_QUESTIONS_PER_EXERCISE = 3;

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and dashes)');
const text = z.string().trim().min(1, 'must not be empty');
const choices = z
  .array(text)
  .min(3, 'must have 3 to 5 choices')
  .max(5, 'must have 3 to 5 choices')
  .refine((list) => new Set(list.map((c) => c.trim().toLowerCase())).size === list.length, 'must be distinct');
const common = {
  id: kebab,
  prompt: text,
  /** At most two lines: why the answer is right and the tempting wrong one wrong. */
  explanation: text.refine((value) => value.split('\n').filter((line) => line.trim()).length <= 2, 'must be at most two lines'),
  skills: z.array(kebab).min(1, 'must name at least one skill'),
};

const singleQuestion = z
  .object({ ...common, kind: z.literal('single'), choices, answer: z.number().int().min(0) })
  .strict()
  .refine((q) => q.answer < q.choices.length, { message: 'must be the index of one of the choices', path: ['answer'] });

const multipleQuestion = z
  .object({ ...common, kind: z.literal('multiple'), choices, answer: z.array(z.number().int().min(0)).min(1, 'must name at least one choice') })
  .strict()
  .superRefine((q, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message, path: ['answer'] });
    if (q.answer.some((i) => i >= q.choices.length)) issue('must hold indices of the choices');
    if (q.answer.some((i, n) => n > 0 && i <= q.answer[n - 1]!)) issue('must be ascending, without repeats');
    if (q.answer.length >= q.choices.length) issue('must not be every choice');
  });

const numberQuestion = z
  .object({ ...common, kind: z.literal('number'), answer: z.number().finite(), tolerance: z.number().finite().min(0, 'must be 0 or more') })
  .strict();

export const questionSchema = z.discriminatedUnion('kind', [singleQuestion, multipleQuestion, numberQuestion], {
  error: `must be one of ${QUESTION_KINDS.join('|')}`,
});

export type Question = z.infer<typeof questionSchema>;

/**
 * `.meta/questions.json` of one exercise. `skills` are the exercise's own (meta.json): every
 * question's skills must be among them.
 */
export function questionsFileSchema(skills: readonly string[]) {
  return z
    .object({ questions: z.array(questionSchema).min(MIN_QUESTIONS_PER_EXERCISE, `must hold at least ${MIN_QUESTIONS_PER_EXERCISE} questions`) })
    .strict()
    .superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.questions.forEach((question, index) => {
        if (seen.has(question.id)) ctx.addIssue({ code: 'custom', message: `"${question.id}" is used by an earlier question; ids must be unique`, path: ['questions', index, 'id'] });
        seen.add(question.id);
        for (const skill of question.skills) {
          if (!skills.includes(skill)) {
            ctx.addIssue({ code: 'custom', message: `"${skill}" is not one of the exercise's skills (${skills.join(', ')})`, path: ['questions', index, 'skills'] });
          }
        }
      });
    });
}

/** What a learner may see of a question before the mock ends: never the answer or explanation. */
export interface AskedQuestion {
  kind: QuestionKind;
  prompt: string;
  choices: string[];
}

export function toAskedQuestion(question: Question): AskedQuestion {
  return { kind: question.kind, prompt: question.prompt, choices: question.kind === 'number' ? [] : question.choices };
}
