import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { exerciseEvents } from '@/db/schema';

/** Where one user stands on one exercise: what they unlocked and whether they solved it. */
export interface ExerciseProgress {
  /** How many hints they revealed (hints are revealed in order). */
  hintsRevealed: number;
  solutionRevealed: boolean;
  solved: boolean;
  solvedAt: Date | null;
}

export const NO_PROGRESS: ExerciseProgress = { hintsRevealed: 0, solutionRevealed: false, solved: false, solvedAt: null };

export function getExerciseProgress(db: Db, userId: string | undefined, exerciseId: string): ExerciseProgress {
  if (!userId) return NO_PROGRESS;
  const rows = db
    .select({ kind: exerciseEvents.kind, hintNumber: exerciseEvents.hintNumber, createdAt: exerciseEvents.createdAt })
    .from(exerciseEvents)
    .where(and(eq(exerciseEvents.userId, userId), eq(exerciseEvents.exerciseId, exerciseId)))
    .all();
  const solved = rows.find((row) => row.kind === 'solved');
  return {
    hintsRevealed: rows.filter((row) => row.kind === 'hint_revealed').reduce((max, row) => Math.max(max, row.hintNumber), 0),
    solutionRevealed: rows.some((row) => row.kind === 'solution_revealed'),
    solved: solved !== undefined,
    solvedAt: solved?.createdAt ?? null,
  };
}
