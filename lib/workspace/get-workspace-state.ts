import type { Db } from '@/db/client';
import { readPrivateFile } from '@/lib/exercises/catalog';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { getDraft, type DraftView } from '@/lib/drafts/get-draft';
import { getExerciseProgress, type ExerciseProgress } from './get-exercise-progress';
import { splitExplanation } from './split-explanation';

export interface SolutionView {
  code: string;
  explanation: string;
  followUps: string | null;
}

/** What the exercise page shows this user beyond the public files. */
export interface WorkspaceState {
  draft: DraftView | null;
  progress: ExerciseProgress;
  /** Only the hints this user revealed. */
  hints: string[];
  hintCount: number;
  /** Only after solving or an explicit reveal; never otherwise sent to the browser. */
  solution: SolutionView | null;
}

export function getWorkspaceState(db: Db, userId: string | undefined, exercise: Exercise): WorkspaceState {
  const exerciseId = exercise.meta.uuid;
  const progress = getExerciseProgress(db, userId, exerciseId);
  const open = progress.solved || progress.solutionRevealed;
  return {
    draft: getDraft(db, userId, exerciseId),
    progress,
    hints: exercise.meta.hints.slice(0, progress.hintsRevealed),
    hintCount: exercise.meta.hints.length,
    solution: open ? { code: readPrivateFile(exercise.solutionFile), ...splitExplanation(readPrivateFile(exercise.explanationFile)) } : null,
  };
}
