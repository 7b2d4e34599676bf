import { z } from 'zod';
import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { route } from '@/lib/http/route';
import { interviewParamsSchema } from '@/lib/interview/interview-rules';
import { getInterviewDraft, saveInterviewDraft } from '@/lib/interview/save-interview-draft';
import { BODY_LIMITS } from '@/lib/limits';
import { saveDraftBodySchema } from '@/lib/workspace/route-params';

export const dynamic = 'force-dynamic';

const params = interviewParamsSchema.extend({ exerciseId: z.uuid('must be an exercise id (a UUID)') });

/** `GET /api/interviews/<id>/exercises/<exerciseId>/draft` → `{ draft: { code, version, updatedAt } | null }`. */
export const GET = route({ params, user: 'optional' }, async ({ db, user, params: p }) => ({ draft: await getInterviewDraft(db, user?.id, p.id, p.exerciseId) }));

/**
 * `PUT /api/interviews/<id>/exercises/<exerciseId>/draft` with `{ code, baseVersion }` → `{ draft }`:
 * the mock's own draft, with the workspace's version check (409 with the newer `draft`), refused
 * after the deadline.
 */
export const PUT = route(
  { params, body: saveDraftBodySchema, bodyLimit: BODY_LIMITS.code(MAX_CODE_BYTES), user: 'optional' },
  async ({ db, user, params: p, body }) => ({ draft: await saveInterviewDraft(db, { userId: user?.id ?? '', interviewId: p.id, exerciseId: p.exerciseId, ...body }) }),
);
