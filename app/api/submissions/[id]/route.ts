import { getDb } from '@/db/client';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { AppError } from '@/lib/errors';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { getSubmissionForUserOrThrow } from '@/lib/submissions/get-submission';

export const dynamic = 'force-dynamic';

/** One of this browser's user's own submissions, with its code and results; anyone else's id is a 404. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const { user } = await resolveIdentity(getDb(), request.headers, { createGuest: false });
    if (!user) throw new AppError('not_found', 'No submission of yours has this id.');
    return Response.json(getSubmissionForUserOrThrow(getDb(), user.id, id), { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
