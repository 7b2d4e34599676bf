import { describe, expect, it } from 'vitest';
import { describeZodIssues } from '@/lib/exercises/meta-schema';
import { answerShapeProblem, isAnswerCorrect } from '@/lib/interview/grade-answer';
import { questionsFileSchema, toAskedQuestion, type Question } from '@/lib/interview/question-schema';
import { fixtureQuestions, QUESTION_SECRET } from '@/test/helpers/write-fixture-questions';

const SKILLS = ['scaling', 'leakage'] as const;
const valid = () => fixtureQuestions(['scaling', 'leakage']);

/** The problems the schema reports for a file, one line each. */
function problems(file: unknown): string[] {
  const result = questionsFileSchema(SKILLS).safeParse(file, { reportInput: true });
  return result.success ? [] : describeZodIssues(result.error);
}

function withQuestion(index: number, change: Record<string, unknown>) {
  const file = valid();
  file.questions[index] = { ...file.questions[index]!, ...change } as (typeof file.questions)[number];
  return file;
}

describe('questions.json validation', () => {
  it('accepts three valid questions of each kind', () => {
    expect(problems(valid())).toEqual([]);
  });

  it.each([
    ['fewer than 3 questions', { questions: valid().questions.slice(0, 2) }, 'questions must hold at least 3 questions'],
    ['a single answer that is no choice', withQuestion(0, { answer: 3 }), 'questions.0.answer must be the index of one of the choices'],
    ['two choices', withQuestion(0, { choices: ['a', 'b'] }), 'questions.0.choices must have 3 to 5 choices'],
    ['six choices', withQuestion(0, { choices: ['a', 'b', 'c', 'd', 'e', 'f'] }), 'questions.0.choices must have 3 to 5 choices'],
    ['repeated choices', withQuestion(0, { choices: ['a', 'b', 'A'] }), 'questions.0.choices must be distinct'],
    ['multiple answers out of order', withQuestion(1, { answer: [3, 0] }), 'questions.1.answer must be ascending, without repeats'],
    ['every choice right', withQuestion(1, { answer: [0, 1, 2, 3] }), 'questions.1.answer must not be every choice'],
    ['an empty multiple answer', withQuestion(1, { answer: [] }), 'questions.1.answer must name at least one choice'],
    ['a number without tolerance', withQuestion(2, { tolerance: undefined }), 'questions.2.tolerance is required'],
    ['a negative tolerance', withQuestion(2, { tolerance: -1 }), 'questions.2.tolerance must be 0 or more'],
    ['choices on a number question', withQuestion(2, { choices: ['1', '2', '3'] }), 'questions.2.choices is not a known field'],
    ['a skill the exercise does not train', withQuestion(0, { skills: ['psi'] }), 'questions.0.skills "psi" is not one of the exercise\'s skills (scaling, leakage)'],
    ['no skills', withQuestion(0, { skills: [] }), 'questions.0.skills must name at least one skill'],
    ['a repeated id', withQuestion(1, { id: 'why-fit-on-train' }), 'questions.1.id "why-fit-on-train" is used by an earlier question; ids must be unique'],
    ['an id that is not kebab-case', withQuestion(0, { id: 'Why Fit' }), 'questions.0.id must be kebab-case (a-z, 0-9 and dashes)'],
    ['a three-line explanation', withQuestion(0, { explanation: 'one\ntwo\nthree' }), 'questions.0.explanation must be at most two lines'],
    ['an unknown kind', withQuestion(0, { kind: 'essay' }), 'questions.0.kind must be one of single|multiple|number'],
  ])('refuses %s, naming the field', (_case, file, expected) => {
    expect(problems(file)).toContain(expected);
  });

  it('sends a browser the prompt and choices only, never the answer or explanation', () => {
    for (const question of valid().questions as Question[]) {
      const asked = JSON.stringify(toAskedQuestion(question));
      expect(asked).not.toContain(QUESTION_SECRET);
      expect(Object.keys(toAskedQuestion(question)).sort()).toEqual(['choices', 'kind', 'prompt']);
    }
  });
});

describe('answer grading', () => {
  const [single, multiple, number] = valid().questions as [Question, Question, Question];

  it('grades a single choice by its index', () => {
    expect(isAnswerCorrect(single, 1)).toBe(true);
    expect(isAnswerCorrect(single, 0)).toBe(false);
    expect(isAnswerCorrect(single, null)).toBe(false);
    expect(isAnswerCorrect(single, [1])).toBe(false);
  });

  it('grades multiple choices as a set: every right one and no wrong one', () => {
    expect(isAnswerCorrect(multiple, [0, 3])).toBe(true);
    expect(isAnswerCorrect(multiple, [3, 0])).toBe(true);
    expect(isAnswerCorrect(multiple, [0])).toBe(false);
    expect(isAnswerCorrect(multiple, [0, 2, 3])).toBe(false);
    expect(isAnswerCorrect(multiple, [0, 0, 3])).toBe(false);
    expect(isAnswerCorrect(multiple, 0)).toBe(false);
  });

  it('grades a number within its absolute tolerance, inclusive, with float slack only', () => {
    expect(isAnswerCorrect(number, 2.33)).toBe(true);
    expect(isAnswerCorrect(number, 2.333)).toBe(true);
    expect(isAnswerCorrect(number, 2.335)).toBe(true);
    expect(isAnswerCorrect(number, 2.3351)).toBe(false);
    expect(isAnswerCorrect(number, 2.32)).toBe(false);
    expect(isAnswerCorrect(number, [2.33])).toBe(false);
    const exact = { ...number, answer: 0.3, tolerance: 0 } as Question;
    expect(isAnswerCorrect(exact, 0.1 + 0.2)).toBe(true);
    expect(isAnswerCorrect(exact, 0.3001)).toBe(false);
  });

  it('refuses answers of the wrong shape when they are saved', () => {
    expect(answerShapeProblem(single, 5)).toBe('Choose one of the answers.');
    expect(answerShapeProblem(single, 0.5)).toBe('Choose one of the answers.');
    expect(answerShapeProblem(multiple, [])).toBe('Choose at least one of the answers.');
    expect(answerShapeProblem(multiple, [1, 1])).toBe('Choose among the listed answers, each once.');
    expect(answerShapeProblem(multiple, [9])).toBe('Choose among the listed answers, each once.');
    expect(answerShapeProblem(number, [1])).toBe('Answer with a number.');
    expect(answerShapeProblem(number, -4.5)).toBeNull();
  });
});
