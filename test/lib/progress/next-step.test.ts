import { describe, expect, it } from 'vitest';
import { computeProgress } from '@/lib/progress/compute-progress';
import type { CatalogEntry, ExerciseHistory } from '@/lib/progress/exercise-history';
import { nextStepFrom } from '@/lib/progress/get-next-step';

const entry = (id: string, track: CatalogEntry['track'], difficulty: CatalogEntry['difficulty'], prerequisites: string[] = []): CatalogEntry => ({
  id,
  slug: id,
  title: `Exercise ${id}`,
  track,
  difficulty,
  skills: ['scaling'],
  prerequisites,
  minutes: 20,
  url: `/exercises/${track}/${id}`,
});

// Display order: the track's easy exercise needs one of another track.
const CATALOG = [
  entry('fe-easy-locked', 'feature-engineering', 'easy', ['dd-easy']),
  entry('fe-medium', 'feature-engineering', 'medium'),
  entry('fe-hard', 'feature-engineering', 'hard'),
  entry('dd-easy', 'deployment-debugging', 'easy'),
];
const NOW = new Date('2026-03-10T12:00:00Z');

function progressAfterSolving(...ids: string[]) {
  const histories = new Map<string, ExerciseHistory>(
    ids.map((id) => [id, { exerciseId: id, attempts: [{ id: `s-${id}`, mode: 'submit', status: 'pass', at: new Date(NOW.getTime() - 60_000) }], hintsRevealedAt: [], solutionRevealedAt: null }]),
  );
  return computeProgress(CATALOG, histories, NOW, 'UTC');
}

describe('the next step after a solve', () => {
  it('offers the first unsolved exercise of the track whose prerequisites are solved, and the review day', () => {
    const step = nextStepFrom(CATALOG[2]!, CATALOG, progressAfterSolving('fe-hard'), '2026-03-10');
    expect(step.next?.title).toBe('Exercise fe-medium');
    expect(step.unsolvedInTrack).toBe(2);
    expect(step.reviewDay).toBe('2026-03-11');
  });

  it('opens an exercise once its prerequisite in another track is solved', () => {
    const step = nextStepFrom(CATALOG[2]!, CATALOG, progressAfterSolving('fe-hard', 'dd-easy'), '2026-03-10');
    expect(step.next?.title).toBe('Exercise fe-easy-locked');
  });

  it('offers none when the rest of the track is locked or solved, and says how many remain', () => {
    expect(nextStepFrom(CATALOG[2]!, CATALOG, progressAfterSolving('fe-hard', 'fe-medium'), '2026-03-10')).toMatchObject({ next: null, unsolvedInTrack: 1 });
    expect(nextStepFrom(CATALOG[2]!, CATALOG, progressAfterSolving('fe-hard', 'fe-medium', 'dd-easy', 'fe-easy-locked'), '2026-03-10')).toMatchObject({
      next: null,
      unsolvedInTrack: 0,
    });
  });
});
