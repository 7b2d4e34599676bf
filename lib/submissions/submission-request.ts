import { z } from 'zod';

export const submissionRequestSchema = z.object({
  exerciseId: z.string().min(1, 'exerciseId is required'),
  code: z.string(),
  mode: z.enum(['run', 'submit']),
  /** Run only this visible test (a rerun of one test from the results); with `run` only. */
  testId: z.string().min(1).max(200).optional(),
}).refine((request) => request.testId === undefined || request.mode === 'run', { message: 'testId goes with mode "run" only', path: ['testId'] });

export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;
