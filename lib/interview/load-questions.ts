import fs from 'node:fs';
import path from 'node:path';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { describeZodIssues } from '@/lib/exercises/meta-schema';
import { questionsFileSchema, type Question } from './question-schema';

export const QUESTIONS_FILE = path.join('.meta', 'questions.json');

export type QuestionsResult = { ok: true; questions: Question[] } | { ok: false; problems: string[] };

/**
 * Reads and validates an exercise's `.meta/questions.json` (server only: the answers are in it).
 * Each problem names the file and the field.
 */
export function readQuestions(exercise: Exercise): QuestionsResult {
  const rel = `${exercise.relDir}/.meta/questions.json`;
  const file = path.join(exercise.dir, QUESTIONS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, problems: [missing ? `${rel}: file is missing` : `${rel}: is not valid JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  const parsed = questionsFileSchema(exercise.meta.skills).safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: describeZodIssues(parsed.error).map((line) => `${rel}: ${line}`) };
  return { ok: true, questions: parsed.data.questions };
}

/** The exercise's valid questions; none when its file is missing or invalid (`exercises:verify` reports that). */
export function questionsOf(exercise: Exercise): Question[] {
  const result = readQuestions(exercise);
  return result.ok ? result.questions : [];
}
