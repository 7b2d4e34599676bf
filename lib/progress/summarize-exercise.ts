import type { ExerciseHistory } from './exercise-history';
import { toLocalDay } from './local-day';
import { scheduleReview, type ReviewState } from './schedule-review';
import { firstSolve } from './solved';

/** Where a user stands on one exercise, as the catalog shows it. */
export type ExerciseStatus = 'not-started' | 'attempted' | 'revealed' | 'solved' | 'due';

export const STATUS_LABEL: Record<ExerciseStatus, string> = {
  'not-started': 'Not started',
  attempted: 'Attempted',
  revealed: 'Solution revealed',
  solved: 'Solved',
  due: 'Due for review',
};

/**
 * Where one user stands on one exercise: the one summary the catalog, the exercise page and the
 * dashboard read (computed by summarizeExercise from the user's attempts and milestones).
 */
export interface ExerciseProgress {
  exerciseId: string;
  status: ExerciseStatus;
  /** Solved by a first passing submit (lib/progress/solved.ts); `firstSolvedAt` says when. */
  solved: boolean;
  attempts: number;
  submits: number;
  failedSubmits: number;
  lastAttemptAt: Date | null;
  firstSolvedAt: Date | null;
  hintsRevealed: number;
  hintsBeforeSolve: number;
  solutionRevealedAt: Date | null;
  review: ReviewState | null;
  /** How much the solve counts, before recency (0..1): see exerciseCredit. */
  credit: number;
  /** credit × recency (0..1). */
  mastery: number;
}

/** Credit lost per hint revealed before the first solve. */
export const HINT_PENALTY = 0.15;
/** Hints count at most this many times. */
export const MAX_PENALISED_HINTS = 3;
/** A solve after reading the reference solution counts this much at most. */
export const REVEALED_SOLVE_CREDIT = 0.3;

/** How much a solve counts before recency: 1, less 0.15 a hint (3 at most), 0.3 after reading the solution. */
export function exerciseCredit(solved: boolean, hintsBeforeSolve: number, revealedBeforeSolve: boolean): number {
  if (!solved) return 0;
  if (revealedBeforeSolve) return REVEALED_SOLVE_CREDIT;
  return 1 - HINT_PENALTY * Math.min(hintsBeforeSolve, MAX_PENALISED_HINTS);
}

/** Recency: half the credit is kept for good, the other half follows FSRS retrievability. */
export function recencyFactor(retrievability: number): number {
  return 0.5 + 0.5 * retrievability;
}

export function summarizeExercise(history: ExerciseHistory, now: Date, timeZone: string): ExerciseProgress {
  const submits = history.attempts.filter((attempt) => attempt.mode === 'submit');
  const firstSolvedAt = firstSolve(history)?.at ?? null;
  const hintsBeforeSolve = firstSolvedAt ? history.hintsRevealedAt.filter((at) => at <= firstSolvedAt).length : history.hintsRevealedAt.length;
  const revealedBeforeSolve = history.solutionRevealedAt !== null && (firstSolvedAt === null || history.solutionRevealedAt <= firstSolvedAt);
  const review = scheduleReview(history, now, timeZone);
  const credit = exerciseCredit(firstSolvedAt !== null, hintsBeforeSolve, revealedBeforeSolve);
  const mastery = review ? credit * recencyFactor(review.retrievability) : 0;

  let status: ExerciseStatus = 'not-started';
  if (review) status = review.dueDay <= toLocalDay(now, timeZone) ? 'due' : 'solved';
  else if (history.solutionRevealedAt) status = 'revealed';
  else if (history.attempts.length > 0) status = 'attempted';

  return {
    exerciseId: history.exerciseId,
    status,
    solved: firstSolvedAt !== null,
    attempts: history.attempts.length,
    submits: submits.length,
    failedSubmits: submits.filter((attempt) => attempt.status !== 'pass').length,
    lastAttemptAt: history.attempts.at(-1)?.at ?? null,
    firstSolvedAt,
    hintsRevealed: history.hintsRevealedAt.length,
    hintsBeforeSolve,
    solutionRevealedAt: history.solutionRevealedAt,
    review,
    credit,
    mastery,
  };
}
