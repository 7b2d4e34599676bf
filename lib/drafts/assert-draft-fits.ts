import { AppError } from '@/lib/errors';
import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';

/** A draft may be as large as a submission: the same limit, said as a draft. */
export function assertDraftFitsOrThrow(code: string): void {
  const bytes = Buffer.byteLength(code);
  if (bytes > MAX_CODE_BYTES) {
    throw new AppError('payload_too_large', `The draft is ${Math.ceil(bytes / 1024)} KB; code may be at most ${MAX_CODE_BYTES / 1024} KB.`);
  }
}
