import fs from 'node:fs';
import path from 'node:path';

/** Text only the answers and explanations of the fixture questions contain: never in a response before the mock ends. */
export const QUESTION_SECRET = 'QUESTION_SECRET_5a1d';

/** Three valid questions (one of each kind) on the given skills. */
export function fixtureQuestions(skills: [string, ...string[]]) {
  return {
    questions: [
      {
        id: 'why-fit-on-train',
        kind: 'single',
        prompt: 'Why are the scaler statistics computed on the training rows only?',
        choices: ['It is faster', 'The test rows must stay unseen', 'Tests need integers'],
        answer: 1,
        explanation: `Statistics from the test rows leak them into training. ${QUESTION_SECRET}`,
        skills: [skills[0]],
      },
      {
        id: 'which-leak',
        kind: 'multiple',
        prompt: 'Which of these leak the target?',
        choices: ['Target mean over all rows', 'Row index', 'Target mean out of fold', 'Target itself'],
        answer: [0, 3],
        explanation: `In-fold target statistics and the target itself leak. ${QUESTION_SECRET}`,
        skills: [skills.at(-1)!],
      },
      {
        id: 'mean-of-three',
        kind: 'number',
        prompt: 'What is the mean of 1, 2 and 4, to two decimals?',
        answer: 2.33,
        tolerance: 0.005,
        explanation: `7 / 3 = 2.333… ${QUESTION_SECRET}`,
        skills,
      },
    ],
  };
}

/** Writes `.meta/questions.json` for every exercise of the catalog under `<root>/exercises`, from its own skills. */
export function writeFixtureQuestions(root: string): void {
  const exercisesDir = path.join(root, 'exercises');
  for (const track of fs.readdirSync(exercisesDir)) {
    for (const slug of fs.readdirSync(path.join(exercisesDir, track))) {
      const dir = path.join(exercisesDir, track, slug);
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { skills: [string, ...string[]] };
      fs.writeFileSync(path.join(dir, '.meta', 'questions.json'), JSON.stringify(fixtureQuestions(meta.skills), null, 2));
    }
  }
}
