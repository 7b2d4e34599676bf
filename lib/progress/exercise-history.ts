import type { Difficulty, Track } from '@/lib/exercises/meta-schema';

export type AttemptStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'memory';

/** One graded run or submit, as progress needs it. */
export interface AttemptRecord {
  id: string;
  mode: 'run' | 'submit';
  status: AttemptStatus;
  at: Date;
}

/** Everything one user did on one exercise, oldest first. */
export interface ExerciseHistory {
  exerciseId: string;
  attempts: AttemptRecord[];
  /** When each hint was revealed. */
  hintsRevealedAt: Date[];
  /** When the reference solution was revealed on request, if it was. */
  solutionRevealedAt: Date | null;
}

/** What progress needs to know about an exercise of the catalog. */
export interface CatalogEntry {
  id: string;
  slug: string;
  title: string;
  track: Track;
  difficulty: Difficulty;
  skills: string[];
  prerequisites: string[];
  minutes: number;
  url: string;
}

export function emptyHistory(exerciseId: string): ExerciseHistory {
  return { exerciseId, attempts: [], hintsRevealedAt: [], solutionRevealedAt: null };
}
