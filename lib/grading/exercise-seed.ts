import { createHash } from 'node:crypto';

/** The exercise's seed (from its uuid): seeds the sandbox's Math.random and every generated input. */
export function exerciseSeed(uuid: string): number {
  return createHash('sha256').update(uuid).digest().readUInt32LE(0);
}

/** A 31-bit seed for one part of an exercise (a generator), derived from the exercise's seed. */
export function derivedSeed(seed: number, part: string): number {
  return createHash('sha256').update(`${seed}:${part}`).digest().readUInt32LE(0) >>> 1;
}
