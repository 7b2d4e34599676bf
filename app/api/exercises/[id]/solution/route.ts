import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { getRequestUser, rememberGuest } from '@/lib/auth/request-user';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { revealSolution } from '@/lib/workspace/reveal-solution';
import { exerciseParamsSchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/**
 * `POST /api/exercises/<id>/solution`: the user confirmed they want the reference solution before
 * solving. Recorded as revealed; the exercise page then shows it. → `{ recorded }`.
 */
export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = exerciseParamsSchema.parse(await context.params);
    const db = getDb();
    const { user, created } = await getRequestUser(db, request);
    const response = NextResponse.json(revealSolution(db, user.id, id), { headers: { 'Cache-Control': 'no-store' } });
    return created ? rememberGuest(response, user) : response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
