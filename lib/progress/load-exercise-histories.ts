import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { exerciseEvents } from '@/db/schema';
import { emptyHistory, type AttemptRecord, type ExerciseHistory } from './exercise-history';

/** Answered from the covering index submissions_user_progress_idx, already in this order. */
export const ATTEMPTS_SQL = 'SELECT id, exercise_id, mode, status, created_at FROM submissions WHERE user_id = ? ORDER BY exercise_id, created_at';

/**
 * Every exercise history of one user, keyed by exercise id: their graded attempts (oldest first),
 * hint reveals and solution reveal. Only this user's rows are read.
 */
export function loadExerciseHistories(db: Db, userId: string): Map<string, ExerciseHistory> {
  const histories = new Map<string, ExerciseHistory>();
  const historyOf = (exerciseId: string) => {
    let history = histories.get(exerciseId);
    if (!history) {
      history = emptyHistory(exerciseId);
      histories.set(exerciseId, history);
    }
    return history;
  };
  // Raw rows: this runs over every attempt of the user (10,000 and more) on each dashboard view.
  const rows = db.$client
    .prepare(ATTEMPTS_SQL)
    .raw()
    .all(userId) as [string, string, AttemptRecord['mode'], AttemptRecord['status'], number][];
  let current: ExerciseHistory | undefined;
  for (const [id, exerciseId, mode, status, at] of rows) {
    if (current?.exerciseId !== exerciseId) current = historyOf(exerciseId);
    current.attempts.push({ id, mode, status, at: new Date(at) });
  }
  const events = db
    .select({ exerciseId: exerciseEvents.exerciseId, kind: exerciseEvents.kind, at: exerciseEvents.createdAt })
    .from(exerciseEvents)
    .where(eq(exerciseEvents.userId, userId))
    .orderBy(asc(exerciseEvents.createdAt))
    .all();
  for (const event of events) {
    if (event.kind === 'hint_revealed') historyOf(event.exerciseId).hintsRevealedAt.push(event.at);
    else if (event.kind === 'solution_revealed') historyOf(event.exerciseId).solutionRevealedAt ??= event.at;
    // `solved` is derived from the first passing submit itself, which is the same moment.
  }
  return histories;
}
