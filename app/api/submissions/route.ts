import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { getRequestUser, rememberGuest } from '@/lib/auth/request-user';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { parseSubmissionRequest } from '@/lib/submissions/submission-request';
import { submitForGrading } from '@/lib/submissions/submit-for-grading';

export const dynamic = 'force-dynamic';

/** Grades code for an exercise: `run` the visible tests or `submit` all of them. */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    const body = await parseSubmissionRequest(request);
    const db = getDb();
    const { user, created } = await getRequestUser(db, request);
    const result = await submitForGrading(db, { userId: user.id, ...body });
    const response = NextResponse.json(result, { headers: { 'Cache-Control': 'no-store' } });
    return created ? rememberGuest(response, user) : response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
