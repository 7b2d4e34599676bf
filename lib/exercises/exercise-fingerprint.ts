import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Exercise } from './load-catalog';

/**
 * A hash of what an exercise's grading depends on: its reference solution, its tests, its data
 * files and its uuid (the seed of its generated inputs). Files derived from grading (expected
 * outputs, mutation reports) record it, and are stale when it changes.
 */
export function exerciseFingerprint(exercise: Pick<Exercise, 'meta' | 'solutionFile' | 'testsFile' | 'dataFiles'>): string {
  const hash = createHash('sha256');
  const add = (label: string, content: string | Buffer) => hash.update(`${label}\0${content.length}\0`).update(content);
  add('uuid', exercise.meta.uuid);
  add('solution', fs.readFileSync(exercise.solutionFile));
  add('tests', fs.readFileSync(exercise.testsFile));
  for (const file of exercise.dataFiles) add(`data/${file.name}`, fs.readFileSync(file.file));
  return hash.digest('hex');
}
