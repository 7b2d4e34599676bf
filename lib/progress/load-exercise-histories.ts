import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { exerciseEvents, submissions } from '@/db/schema';
import { emptyHistory, type ExerciseHistory } from './exercise-history';

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
  const rows = db
    .select({ id: submissions.id, exerciseId: submissions.exerciseId, mode: submissions.mode, status: submissions.status, at: submissions.createdAt })
    .from(submissions)
    .where(eq(submissions.userId, userId))
    .orderBy(asc(submissions.createdAt))
    .all();
  for (const row of rows) historyOf(row.exerciseId).attempts.push({ id: row.id, mode: row.mode, status: row.status, at: row.at });
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
