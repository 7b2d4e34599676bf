import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { getExerciseSubmissionOrThrow } from '@/lib/workspace/get-exercise-submission';
import { submissionParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/** `GET /api/exercises/<id>/submissions/<submissionId>` → `{ submission: { id, mode, createdAt, code, result } }` (own submissions only). */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string; submissionId: string }> }): Promise<Response> {
  try {
    const { id, submissionId } = submissionParamsSchema.parse(await context.params);
    const db = getDb();
    const { user } = await resolveIdentity(db, request.headers, { createGuest: false });
    return NextResponse.json({ submission: getExerciseSubmissionOrThrow(db, user?.id, id, submissionId) }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
