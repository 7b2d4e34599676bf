import { eq } from 'drizzle-orm';
import { randomInt, randomUUID } from 'node:crypto';
import { lockedForUpdate, tablesOf, type AppDb } from '@/db/app-db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { getCatalog, toPublicExercise } from '@/lib/exercises/catalog';
import { INTERVIEW_LIMITS } from '@/lib/limits';
import { findOpenInterview } from './get-interview';
import { interviewUrl, type StartInterviewInput } from './interview-rules';
import { loadLearnerProfile } from './learner-profile';
import { questionsOf } from './load-questions';
import { pickQuestions } from './pick-questions';
import { MIN_QUESTIONS_PER_EXERCISE } from './question-schema';
import { selectInterviewSet } from './select-interview-set';

/** How long a new mock lasts, in ms: its length, or the test-only setting when it is set. */
export function interviewDurationMs(minutes: number): number {
  const testSeconds = getEnv().INTERVIEW_TEST_SECONDS;
  return (testSeconds ?? minutes * 60) * 1000;
}

/**
 * Starts a mock for the user: draws its exercises and questions from a new seed (stored, so the
 * draw can be reproduced) and sets its deadline on the server. Refuses while another of the
 * user's mocks is open.
 */
export async function startInterview(db: AppDb, userId: string, input: StartInterviewInput, options: { now?: Date; seed?: number; timeZone?: string } = {}): Promise<{ id: string }> {
  const now = options.now ?? new Date();
  const seed = options.seed ?? randomInt(2 ** 31);
  const exercises = getCatalog();
  const entries = exercises.map(toPublicExercise);
  const questions = new Map(exercises.map((e) => [e.meta.uuid, questionsOf(e)]));
  const profile = await loadLearnerProfile(db, userId, entries, now, options.timeZone);

  // Exercises without their questions are left out, unless too few would remain.
  const asked = entries.filter((e) => (questions.get(e.id)?.length ?? 0) >= MIN_QUESTIONS_PER_EXERCISE);
  const inTrack = (list: typeof entries) => list.filter((e) => input.track === 'mix' || e.track === input.track);
  const catalog = inTrack(asked).length >= INTERVIEW_LIMITS.exercises.min ? asked : entries;
  if (inTrack(catalog).length < INTERVIEW_LIMITS.exercises.min) {
    throw new AppError('unprocessable', `The track "${input.track}" has too few exercises for a mock; choose another track or a mix.`);
  }

  const set = selectInterviewSet({ catalog, track: input.track, minutes: input.minutes, seed, ...profile });
  const picked = pickQuestions(
    set.exercises.map((e) => ({ exerciseId: e.id, questions: questions.get(e.id) ?? [] })),
    set.questionCount,
    seed,
    profile.skillMastery,
  );

  const id = randomUUID();
  const { interviewExercises, interviewQuestions, interviews, users } = tablesOf(db);
  await db.transaction(async (tx) => {
    // The user's row is the lock that keeps two starts at once from both finding no open mock.
    await lockedForUpdate(db, tx.select({ id: users.id }).from(users).where(eq(users.id, userId)));
    // The transaction runs the same queries as the database it belongs to.
    const open = await findOpenInterview(tx as unknown as AppDb, userId);
    if (open) {
      throw new AppError('conflict', `You have a mock interview in progress; finish it first at ${interviewUrl(open.id)}.`, { extra: { interviewId: open.id } });
    }
    await tx
      .insert(interviews)
      .values({ id, userId, track: input.track, minutes: input.minutes, seed, startedAt: now, deadlineAt: new Date(now.getTime() + interviewDurationMs(input.minutes)) });
    await tx.insert(interviewExercises).values(set.exercises.map((e, position) => ({ interviewId: id, position, exerciseId: e.id })));
    if (picked.length > 0) {
      await tx
        .insert(interviewQuestions)
        .values(picked.map((p, position) => ({ interviewId: id, position, exerciseId: p.exerciseId, questionId: p.question.id, questionJson: JSON.stringify(p.question) })));
    }
  });
  return { id };
}
