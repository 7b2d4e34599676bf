import { getDraft } from '@/lib/drafts/get-draft';
import { saveDraft } from '@/lib/drafts/save-draft';
import { AppError } from '@/lib/errors';
import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { route } from '@/lib/http/route';
import { BODY_LIMITS } from '@/lib/limits';
import { exerciseParamsSchema, saveDraftBodySchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

/** `GET /api/exercises/<id>/draft` → `{ draft: { code, version, updatedAt } | null }`. */
export const GET = route({ params: exerciseParamsSchema, user: 'optional' }, async ({ db, user, params }) => ({ draft: await getDraft(db, user?.id, params.id) }));

/**
 * `PUT /api/exercises/<id>/draft` with `{ code, baseVersion }` → `{ draft }`, or 409 with the
 * newer `draft` when another tab saved since `baseVersion`.
 */
export const PUT = route(
  { params: exerciseParamsSchema, body: saveDraftBodySchema, bodyLimit: BODY_LIMITS.code(MAX_CODE_BYTES), user: 'guest' },
  async ({ db, user, params, body }) => {
    const result = await saveDraft(db, { userId: user.id, exerciseId: params.id, ...body });
    if (!result.saved) {
      throw new AppError('conflict', 'This draft was saved from another tab or window since you loaded it.', { extra: { draft: result.current } });
    }
    return { draft: result.draft };
  },
);
