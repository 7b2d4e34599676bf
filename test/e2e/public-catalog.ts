import fs from 'node:fs';
import path from 'node:path';
import type { PublicExercise } from '@/lib/exercises/catalog';

/** The catalog as the running app serves it. */
export async function fetchCatalog(baseUrl: string): Promise<PublicExercise[]> {
  const response = await fetch(`${baseUrl}/api/exercises`);
  if (!response.ok) throw new Error(`/api/exercises answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { exercises: PublicExercise[] }).exercises;
}

/** An exercise with at least one data file: the journey checks its data preview. */
export async function pickExerciseWithData(baseUrl: string): Promise<PublicExercise> {
  const exercises = await fetchCatalog(baseUrl);
  const found = exercises.find((exercise) => exercise.dataFiles.length > 0);
  if (!found) {
    throw new Error(
      `The browser tests need at least one exercise with a data file under exercises/; the catalog has ${exercises.length} exercise(s).`,
    );
  }
  return found;
}

/** Hint texts of an exercise, read from its meta.json on disk: none of them may reach a page. */
export function hintsOf(exercise: PublicExercise): string[] {
  const file = path.resolve('exercises', exercise.track, exercise.slug, 'meta.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { hints: string[] }).hints;
}
