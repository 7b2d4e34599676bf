import type { AttemptRecord, ExerciseHistory } from './exercise-history';

/**
 * The one definition of "solved": a Submit that passed every test. A Run grades only the visible
 * tests, so it never solves anything. The catalog, the exercise page, the dashboard and the
 * `solved` milestone row all follow this function (the backfill in
 * db/migrations/0005_backfill_solved_events.sql states the same rule in SQL).
 */
export function solves(attempt: Pick<AttemptRecord, 'mode' | 'status'>): boolean {
  return attempt.mode === 'submit' && attempt.status === 'pass';
}

/** The attempt that solved the exercise (its first passing submit), if any. */
export function firstSolve(history: Pick<ExerciseHistory, 'attempts'>): AttemptRecord | undefined {
  return history.attempts.find(solves);
}
