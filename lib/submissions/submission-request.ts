import { z } from 'zod';

export const submissionRequestSchema = z.object({
  exerciseId: z.string().min(1, 'exerciseId is required'),
  code: z.string(),
  mode: z.enum(['run', 'submit']),
});

export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;
