import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { listExerciseSubmissions } from '@/lib/workspace/list-exercise-submissions';
import { exerciseParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/** `GET /api/exercises/<id>/submissions` → `{ submissions }`: this user's attempts, newest first. */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = exerciseParamsSchema.parse(await context.params);
    const db = getDb();
    const { user } = await resolveIdentity(db, request.headers, { createGuest: false });
    return NextResponse.json({ submissions: listExerciseSubmissions(db, user?.id, id) }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
