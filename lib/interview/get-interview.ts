import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { Interview, InterviewExercise } from '@/db/schema';
import { AppError } from '@/lib/errors';

/**
 * One of the user's own mocks. Another user's id answers exactly like an id that does not
 * exist, so ids cannot be probed.
 */
export async function getInterviewOrThrow(db: AppDb, userId: string | undefined, interviewId: string): Promise<Interview> {
  const { interviews } = tablesOf(db);
  const [row] = userId ? await db.select().from(interviews).where(and(eq(interviews.id, interviewId), eq(interviews.userId, userId))).limit(1) : [];
  if (!row) throw new AppError('not_found', 'No mock interview of yours has this id. Start one from /interview.');
  return row;
}

/** The user's mock that has not finished yet, if any (at most one is started at a time). */
export async function findOpenInterview(db: AppDb, userId: string | undefined): Promise<Interview | undefined> {
  if (!userId) return undefined;
  const { interviews } = tablesOf(db);
  const [open] = await db
    .select()
    .from(interviews)
    .where(and(eq(interviews.userId, userId), isNull(interviews.finishedAt)))
    .orderBy(desc(interviews.startedAt))
    .limit(1);
  return open;
}

export async function listInterviewExercises(db: AppDb, interviewId: string): Promise<InterviewExercise[]> {
  const { interviewExercises } = tablesOf(db);
  return db.select().from(interviewExercises).where(eq(interviewExercises.interviewId, interviewId)).orderBy(asc(interviewExercises.position));
}

/** The exercise's row in this mock, or a 404 naming what to do. */
export async function getInterviewExerciseOrThrow(db: AppDb, interviewId: string, exerciseId: string): Promise<InterviewExercise> {
  const { interviewExercises } = tablesOf(db);
  const [row] = await db
    .select()
    .from(interviewExercises)
    .where(and(eq(interviewExercises.interviewId, interviewId), eq(interviewExercises.exerciseId, exerciseId)))
    .limit(1);
  if (!row) throw new AppError('not_found', 'This exercise is not part of this mock interview. Open the mock from /interview.');
  return row;
}
