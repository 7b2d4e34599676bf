import { and, asc, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import { emptyHistory, type AttemptRecord, type ExerciseHistory } from './exercise-history';

type AttemptRow = { id: string; exerciseId: string; mode: AttemptRecord['mode']; status: AttemptRecord['status']; at: Date };

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
  for (const { id, exerciseId, mode, status, at } of attempts) {
    if (current?.exerciseId !== exerciseId) current = historyOf(exerciseId);
    current.attempts.push({ id, mode, status, at });
  }
  for (const event of events) {
    if (event.kind === 'hint_revealed') historyOf(event.exerciseId).hintsRevealedAt.push(event.at);
    else if (event.kind === 'solution_revealed') historyOf(event.exerciseId).solutionRevealedAt ??= event.at;
    // Solved is read from the attempts themselves (lib/progress/solved.ts), never from the milestone row.
  }
  return histories;
}

/**
 * Every exercise history of one user, keyed by exercise id: their graded attempts (oldest first),
 * hint reveals and solution reveal. Only this user's rows are read; the attempts come from the
 * covering index submissions_user_progress_idx, already in this order.
 */
export async function loadExerciseHistories(db: AppDb, userId: string): Promise<Map<string, ExerciseHistory>> {
  const { exerciseEvents } = tablesOf(db);
  const [attempts, events] = await Promise.all([
    allAttemptsQuery(db, userId),
    db.select(eventColumns(db)).from(exerciseEvents).where(eq(exerciseEvents.userId, userId)).orderBy(asc(exerciseEvents.createdAt)),
  ]);
  return buildHistories(attempts, events);
}

/** One exercise's history for one user (empty for no user). */
export async function loadExerciseHistory(db: AppDb, userId: string | undefined, exerciseId: string): Promise<ExerciseHistory> {
  if (!userId) return emptyHistory(exerciseId);
  const { submissions, exerciseEvents } = tablesOf(db);
  const [attempts, events] = await Promise.all([
    db
      .select(attemptColumns(db))
      .from(submissions)
      .where(and(eq(submissions.userId, userId), eq(submissions.exerciseId, exerciseId)))
      .orderBy(asc(submissions.createdAt)),
    db
      .select(eventColumns(db))
      .from(exerciseEvents)
      .where(and(eq(exerciseEvents.userId, userId), eq(exerciseEvents.exerciseId, exerciseId)))
      .orderBy(asc(exerciseEvents.createdAt)),
  ]);
  return buildHistories(attempts, events).get(exerciseId) ?? emptyHistory(exerciseId);
}

/** Every attempt of one user, by exercise then time: this runs over 10,000 rows and more on each dashboard view. */
export function allAttemptsQuery(db: AppDb, userId: string) {
  const { submissions } = tablesOf(db);
  return db.select(attemptColumns(db)).from(submissions).where(eq(submissions.userId, userId)).orderBy(asc(submissions.exerciseId), asc(submissions.createdAt));
}

function attemptColumns(db: AppDb) {
  const { submissions } = tablesOf(db);
  return { id: submissions.id, exerciseId: submissions.exerciseId, mode: submissions.mode, status: submissions.status, at: submissions.createdAt };
}

function eventColumns(db: AppDb) {
  const { exerciseEvents } = tablesOf(db);
  return { exerciseId: exerciseEvents.exerciseId, kind: exerciseEvents.kind, at: exerciseEvents.createdAt };
}
