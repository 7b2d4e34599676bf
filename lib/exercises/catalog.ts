import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { loadCatalogOrThrow, type Exercise } from './load-catalog';
import type { Difficulty, Track } from './meta-schema';

/** What a browser may see of an exercise: nothing from `.meta/`, no hints until revealed. */
export interface PublicExercise {
  id: string;
  slug: string;
  title: string;
  blurb: string;
  track: Track;
  difficulty: Difficulty;
  skills: string[];
  minutes: number;
  prerequisites: string[];
  hintCount: number;
  exports: string[];
  dataFiles: { name: string; bytes: number }[];
  url: string;
}

export const EXERCISES_ROOT = path.join(process.cwd(), 'exercises');

let cached: Exercise[] | undefined;

/** All exercises, validated once per process (throws CatalogError if any is broken). */
export function getCatalog(): Exercise[] {
  cached ??= loadCatalogOrThrow(EXERCISES_ROOT);
  return cached;
}

export function exerciseUrl(track: string, slug: string): string {
  return `/exercises/${track}/${slug}`;
}

export function toPublicExercise(exercise: Exercise): PublicExercise {
  const { meta } = exercise;
  return {
    id: meta.uuid,
    slug: meta.slug,
    title: meta.title,
    blurb: meta.blurb,
    track: meta.track,
    difficulty: meta.difficulty,
    skills: meta.skills,
    minutes: meta.minutes,
    prerequisites: meta.prerequisites,
    hintCount: meta.hints.length,
    exports: meta.exports,
    dataFiles: exercise.dataFiles.map(({ name, bytes }) => ({ name, bytes })),
    url: exerciseUrl(meta.track, meta.slug),
  };
}

export function findExercise(track: string, slug: string): Exercise | undefined {
  return getCatalog().find((e) => e.meta.track === track && e.meta.slug === slug);
}

export function getExerciseByIdOrThrow(id: string): Exercise {
  const exercise = getCatalog().find((e) => e.meta.uuid === id);
  if (!exercise) throw new AppError('not_found', `No exercise has the id "${id}". Reload the catalog and pick an exercise from it.`);
  return exercise;
}

/** Private files (solution, explanation): only for the server, or for a user who revealed them. */
export function readPrivateFile(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
