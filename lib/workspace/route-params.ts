import { z } from 'zod';

/** `[id]` of /api/exercises/[id]/…: the exercise's uuid. */
export const exerciseParamsSchema = z.object({ id: z.uuid('must be an exercise id (a UUID)') });

export const submissionParamsSchema = exerciseParamsSchema.extend({ submissionId: z.uuid('must be a submission id (a UUID)') });

export const saveDraftBodySchema = z.object({
  code: z.string(),
  /** The draft version this code was edited from; 0 when it started from the starter. */
  baseVersion: z.number().int().min(0),
});
