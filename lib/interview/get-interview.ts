import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { interviewExercises, interviews, type Interview, type InterviewExercise } from '@/db/schema';
import { AppError } from '@/lib/errors';

/**
 * One of the user's own mocks. Another user's id answers exactly like an id that does not
 * exist, so ids cannot be probed.
 */
export function getInterviewOrThrow(db: Db, userId: string | undefined, interviewId: string): Interview {
  const row = userId ? db.select().from(interviews).where(and(eq(interviews.id, interviewId), eq(interviews.userId, userId))).get() : undefined;
  if (!row) throw new AppError('not_found', 'No mock interview of yours has this id. Start one from /interview.');
  return row;
}

/** The user's mock that has not finished yet, if any (at most one is started at a time). */
export function findOpenInterview(db: Db, userId: string | undefined): Interview | undefined {
  if (!userId) return undefined;
  return db
    .select()
    .from(interviews)
    .where(and(eq(interviews.userId, userId), isNull(interviews.finishedAt)))
    .orderBy(desc(interviews.startedAt))
    .get();
}

export function listInterviewExercises(db: Db, interviewId: string): InterviewExercise[] {
  return db.select().from(interviewExercises).where(eq(interviewExercises.interviewId, interviewId)).orderBy(asc(interviewExercises.position)).all();
}

/** The exercise's row in this mock, or a 404 naming what to do. */
export function getInterviewExerciseOrThrow(db: Db, interviewId: string, exerciseId: string): InterviewExercise {
  const row = db
    .select()
    .from(interviewExercises)
    .where(and(eq(interviewExercises.interviewId, interviewId), eq(interviewExercises.exerciseId, exerciseId)))
    .get();
  if (!row) throw new AppError('not_found', 'This exercise is not part of this mock interview. Open the mock from /interview.');
  return row;
}
