import { and, eq, isNull } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { AppError } from '@/lib/errors';
import { interviewUrl } from './interview-rules';

/** The user's unfinished mock that holds this exercise, if any: its hints, solution and history are locked meanwhile. */
export async function findExerciseLock(db: AppDb, userId: string | undefined, exerciseId: string): Promise<{ interviewId: string; deadlineAt: Date } | undefined> {
  if (!userId) return undefined;
  const { interviewExercises, interviews } = tablesOf(db);
  const [lock] = await db
    .select({ interviewId: interviews.id, deadlineAt: interviews.deadlineAt })
    .from(interviewExercises)
    .innerJoin(interviews, eq(interviews.id, interviewExercises.interviewId))
    .where(and(eq(interviews.userId, userId), isNull(interviews.finishedAt), eq(interviewExercises.exerciseId, exerciseId)))
    .limit(1);
  return lock;
}

/** Refuses hints, the solution and earlier attempts of an exercise that is part of the user's running mock. */
export async function assertExerciseUnlockedOrThrow(db: AppDb, userId: string | undefined, exerciseId: string): Promise<void> {
  const lock = await findExerciseLock(db, userId, exerciseId);
  if (!lock) return;
  throw new AppError(
    'forbidden',
    `This exercise is part of your mock interview in progress: its hints, solution and your earlier attempts stay locked until the mock ends (${lock.deadlineAt.toISOString().slice(11, 16)} UTC). Continue at ${interviewUrl(lock.interviewId)}.`,
  );
}
