import type { AppDb } from '@/db/app-db';
import { readPrivateFile } from '@/lib/exercises/catalog';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { getDraft, type DraftView } from '@/lib/drafts/get-draft';
import { getExerciseProgress } from '@/lib/progress/get-exercise-progress';
import type { ExerciseProgress } from '@/lib/progress/summarize-exercise';
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

/** `timeZone`: the zone the user's days are counted in (lib/account/update-time-zone.ts). */
export async function getWorkspaceState(db: AppDb, userId: string | undefined, exercise: Exercise, timeZone: string): Promise<WorkspaceState> {
  const exerciseId = exercise.meta.uuid;
  const progress = await getExerciseProgress(db, userId, exerciseId, timeZone);
  const open = progress.solved || progress.solutionRevealedAt !== null;
  return {
    draft: await getDraft(db, userId, exerciseId),
    progress,
    hints: exercise.meta.hints.slice(0, progress.hintsRevealed),
    hintCount: exercise.meta.hints.length,
    solution: open ? { code: readPrivateFile(exercise.solutionFile), ...splitExplanation(readPrivateFile(exercise.explanationFile)) } : null,
  };
}
