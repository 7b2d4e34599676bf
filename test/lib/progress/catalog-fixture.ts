import type { CatalogEntry } from '@/lib/progress/exercise-history';

const entry = (id: string, slug: string, track: CatalogEntry['track'], difficulty: CatalogEntry['difficulty'], skills: string[], prerequisites: string[] = [], minutes = 20): CatalogEntry => ({
  id,
  slug,
  title: slug.replace(/-/g, ' '),
  track,
  difficulty,
  skills,
  prerequisites,
  minutes,
  url: `/exercises/${track}/${slug}`,
});

/** A small catalog: two tracks with easy → medium → hard steps and shared skills. */
export const CATALOG: CatalogEntry[] = [
  entry('fe-easy', 'scale-without-leakage', 'feature-engineering', 'easy', ['scaling', 'leakage'], [], 15),
  entry('fe-medium', 'target-encoding-folds', 'feature-engineering', 'medium', ['target-encoding', 'leakage'], ['scale-without-leakage']),
  entry('fe-hard', 'join-without-leakage', 'feature-engineering', 'hard', ['joins', 'leakage'], ['target-encoding-folds'], 40),
  entry('dd-easy', 'fix-tensor-leak', 'deployment-debugging', 'easy', ['tensor-memory'], [], 20),
  entry('dd-hard', 'fix-serving-skew', 'deployment-debugging', 'hard', ['training-serving-skew', 'scaling'], ['fix-tensor-leak'], 30),
];

export const byId = (id: string): CatalogEntry => CATALOG.find((e) => e.id === id)!;
