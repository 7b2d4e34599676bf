import { mulberry32 } from '@/lib/seeded-random';
import type { Question } from './question-schema';

export interface PickedQuestion {
  exerciseId: string;
  question: Question;
}

/** Keeps the question draw apart from the exercise draw made from the same seed. */
const QUESTION_STREAM = 0x9e3779b9;

/**
 * `count` questions from the mock's exercises, reproducibly from `seed`: taken in turn from each
 * exercise (so every exercise is asked about), within an exercise the questions on the user's
 * weaker skills first, ties in seeded order.
 */
export function pickQuestions(
  sources: { exerciseId: string; questions: Question[] }[],
  count: number,
  seed: number,
  skillMastery: ReadonlyMap<string, number>,
): PickedQuestion[] {
  const random = mulberry32((seed ^ QUESTION_STREAM) >>> 0);
  const weakest = (q: Question) => Math.min(...q.skills.map((s) => skillMastery.get(s) ?? 0));
  const queues = sources.map(({ exerciseId, questions }) => {
    const keyed = questions.map((question) => ({ question, key: random() }));
    keyed.sort((a, b) => weakest(a.question) - weakest(b.question) || a.key - b.key);
    return keyed.map(({ question }) => ({ exerciseId, question }));
  });
  const picked: PickedQuestion[] = [];
  while (picked.length < count && queues.some((queue) => queue.length > 0)) {
    for (const queue of queues) {
      const next = queue.shift();
      if (next && picked.length < count) picked.push(next);
    }
  }
  return picked;
}
