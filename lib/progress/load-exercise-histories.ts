import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { exerciseEvents } from '@/db/schema';
import { emptyHistory, type AttemptRecord, type ExerciseHistory } from './exercise-history';

/** Answered from the covering index submissions_user_progress_idx, already in this order. */
export const ATTEMPTS_SQL = 'SELECT id, exercise_id, mode, status, created_at FROM submissions WHERE user_id = ? ORDER BY exercise_id, created_at';
const EXERCISE_ATTEMPTS_SQL = 'SELECT id, exercise_id, mode, status, created_at FROM submissions WHERE user_id = ? AND exercise_id = ? ORDER BY created_at';

type AttemptRow = [string, string, AttemptRecord['mode'], AttemptRecord['status'], number];

/** Builds histories from attempt rows (ordered by exercise, then time) and milestone rows (ordered by time). */
function buildHistories(attempts: AttemptRow[], events: { exerciseId: string; kind: string; at: Date }[]): Map<string, ExerciseHistory> {
  const histories = new Map<string, ExerciseHistory>();
  const historyOf = (exerciseId: string) => {
    let history = histories.get(exerciseId);
    if (!history) {
      history = emptyHistory(exerciseId);
      histories.set(exerciseId, history);
    }
    return history;
  };
  let current: ExerciseHistory | undefined;
  for (const [id, exerciseId, mode, status, at] of attempts) {
    if (current?.exerciseId !== exerciseId) current = historyOf(exerciseId);
    current.attempts.push({ id, mode, status, at: new Date(at) });
  }
  for (const event of events) {
    if (event.kind === 'hint_revealed') historyOf(event.exerciseId).hintsRevealedAt.push(event.at);
    else if (event.kind === 'solution_revealed') historyOf(event.exerciseId).solutionRevealedAt ??= event.at;
    // Solved is read from the attempts themselves (lib/progress/solved.ts), never from the milestone row.
  }
  return histories;
}

const eventColumns = { exerciseId: exerciseEvents.exerciseId, kind: exerciseEvents.kind, at: exerciseEvents.createdAt };

/**
 * Every exercise history of one user, keyed by exercise id: their graded attempts (oldest first),
 * hint reveals and solution reveal. Only this user's rows are read.
 */
export function loadExerciseHistories(db: Db, userId: string): Map<string, ExerciseHistory> {
  // Raw rows: this runs over every attempt of the user (10,000 and more) on each dashboard view.
  const attempts = db.$client.prepare(ATTEMPTS_SQL).raw().all(userId) as AttemptRow[];
  const events = db.select(eventColumns).from(exerciseEvents).where(eq(exerciseEvents.userId, userId)).orderBy(asc(exerciseEvents.createdAt)).all();
  return buildHistories(attempts, events);
}

/** One exercise's history for one user (empty for no user). */
export function loadExerciseHistory(db: Db, userId: string | undefined, exerciseId: string): ExerciseHistory {
  if (!userId) return emptyHistory(exerciseId);
  const attempts = db.$client.prepare(EXERCISE_ATTEMPTS_SQL).raw().all(userId, exerciseId) as AttemptRow[];
  const events = db
    .select(eventColumns)
    .from(exerciseEvents)
    .where(and(eq(exerciseEvents.userId, userId), eq(exerciseEvents.exerciseId, exerciseId)))
    .orderBy(asc(exerciseEvents.createdAt))
    .all();
  return buildHistories(attempts, events).get(exerciseId) ?? emptyHistory(exerciseId);
}
