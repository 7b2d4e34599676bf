import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { getCatalog, toPublicExercise } from '@/lib/exercises/catalog';
import type { CatalogEntry } from '@/lib/progress/exercise-history';
import { phaseOf, type InterviewPhase } from './interview-rules';

export interface InterviewSummary {
  id: string;
  track: string;
  minutes: number;
  startedAt: string;
  phase: InterviewPhase;
  /** 0..1 once finished. */
  score: number | null;
  exercises: number;
  passed: number;
}

/** The user's mocks, newest first. */
export async function listInterviews(db: AppDb, userId: string | undefined): Promise<InterviewSummary[]> {
  if (!userId) return [];
  const { interviewExercises, interviews } = tablesOf(db);
  const rows = await db.select().from(interviews).where(eq(interviews.userId, userId)).orderBy(desc(interviews.startedAt));
  const outcomes = await db
    .select({ interviewId: interviewExercises.interviewId, passed: interviewExercises.passed })
    .from(interviewExercises)
    .innerJoin(interviews, eq(interviews.id, interviewExercises.interviewId))
    .where(eq(interviews.userId, userId));
  return rows.map((row) => {
    const mine = outcomes.filter((o) => o.interviewId === row.id);
    return {
      id: row.id,
      track: row.track,
      minutes: row.minutes,
      startedAt: row.startedAt.toISOString(),
      phase: phaseOf(row),
      score: row.score,
      exercises: mine.length,
      passed: mine.filter((o) => o.passed).length,
    };
  });
}

/**
 * Exercises the user failed in a finished mock and has not passed since: they join the review
 * queue until a passing submit.
 */
export async function listMockRetries(db: AppDb, userId: string | undefined): Promise<{ exercise: CatalogEntry; failedAt: Date }[]> {
  if (!userId) return [];
  const { interviewExercises, interviews, submissions } = tablesOf(db);
  const failed = await db
    .select({ exerciseId: interviewExercises.exerciseId, finishedAt: interviews.finishedAt })
    .from(interviewExercises)
    .innerJoin(interviews, eq(interviews.id, interviewExercises.interviewId))
    .where(and(eq(interviews.userId, userId), isNotNull(interviews.finishedAt), eq(interviewExercises.passed, false)))
    .orderBy(asc(interviews.finishedAt));
  if (failed.length === 0) return [];
  const byId = new Map(getCatalog().map((e) => [e.meta.uuid, toPublicExercise(e)]));
  const latest = new Map<string, Date>();
  for (const row of failed) if (row.finishedAt) latest.set(row.exerciseId, row.finishedAt);
  const passes = await db
    .select({ exerciseId: submissions.exerciseId, createdAt: submissions.createdAt })
    .from(submissions)
    .where(and(eq(submissions.userId, userId), eq(submissions.mode, 'submit'), eq(submissions.status, 'pass')));
  return [...latest]
    .filter(([exerciseId, failedAt]) => !passes.some((p) => p.exerciseId === exerciseId && p.createdAt > failedAt))
    .flatMap(([exerciseId, failedAt]) => {
      const exercise = byId.get(exerciseId);
      return exercise ? [{ exercise, failedAt }] : [];
    })
    .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime());
}
