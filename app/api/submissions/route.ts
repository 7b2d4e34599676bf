import { getDb } from '@/db/client';
import { getCurrentUser } from '@/lib/auth/current-user';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { parseSubmissionRequest } from '@/lib/submissions/submission-request';
import { submitForGrading } from '@/lib/submissions/submit-for-grading';

export const dynamic = 'force-dynamic';

/** Grades code for an exercise: `run` the visible tests or `submit` all of them. */
export async function POST(request: Request): Promise<Response> {
  try {
    const body = await parseSubmissionRequest(request);
    const user = await getCurrentUser();
    const result = await submitForGrading(getDb(), { userId: user.id, ...body });
    return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
