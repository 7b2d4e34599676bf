import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { getRequestUser, rememberGuest } from '@/lib/auth/request-user';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { getDraft } from '@/lib/drafts/get-draft';
import { saveDraft } from '@/lib/drafts/save-draft';
import { readJsonOrThrow } from '@/lib/http/read-json';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { exerciseParamsSchema, saveDraftBodySchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** `GET /api/exercises/<id>/draft` → `{ draft: { code, version, updatedAt } | null }`. */
export async function GET(request: NextRequest, context: Context): Promise<Response> {
  try {
    const { id } = exerciseParamsSchema.parse(await context.params);
    const db = getDb();
    const { user } = await resolveIdentity(db, request.headers, { createGuest: false });
    return NextResponse.json({ draft: getDraft(db, user?.id, id) }, { headers: NO_STORE });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * `PUT /api/exercises/<id>/draft` with `{ code, baseVersion }` → `{ draft }`, or 409 with the
 * newer `draft` when another tab saved since `baseVersion`.
 */
export async function PUT(request: NextRequest, context: Context): Promise<Response> {
  try {
    const { id } = exerciseParamsSchema.parse(await context.params);
    const body = saveDraftBodySchema.parse(await readJsonOrThrow(request, MAX_CODE_BYTES * 2 + 4096));
    const db = getDb();
    const { user, created } = await getRequestUser(db, request);
    const result = saveDraft(db, { userId: user.id, exerciseId: id, ...body });
    const response = result.saved
      ? NextResponse.json({ draft: result.draft }, { headers: NO_STORE })
      : NextResponse.json(
          { error: { code: 'conflict', message: 'This draft was saved from another tab or window since you loaded it.' }, draft: result.current },
          { status: 409, headers: NO_STORE },
        );
    return created ? rememberGuest(response, user) : response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
