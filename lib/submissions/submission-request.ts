import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';

export const submissionRequestSchema = z.object({
  exerciseId: z.string().min(1, 'exerciseId is required'),
  code: z.string(),
  mode: z.enum(['run', 'submit']),
});

export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;

/** Room for the JSON envelope around the largest allowed code. */
const MAX_BODY_BYTES = MAX_CODE_BYTES * 2 + 4096;

/** Reads and validates the body of POST /api/submissions. */
export async function parseSubmissionRequest(request: Request): Promise<SubmissionRequest> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new AppError('payload_too_large', `The request is ${Math.ceil(declared / 1024)} KB; code may be at most ${MAX_CODE_BYTES / 1024} KB.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError('payload_too_large', `The request is too large; code may be at most ${MAX_CODE_BYTES / 1024} KB.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body must be JSON: { "exerciseId": "...", "code": "...", "mode": "run" | "submit" }.');
  }
  return submissionRequestSchema.parse(body);
}
