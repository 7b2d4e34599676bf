import { z } from 'zod';
import { route } from '@/lib/http/route';
import { interviewParamsSchema } from '@/lib/interview/interview-rules';
import { requestFinish } from '@/lib/interview/request-finish';

export const dynamic = 'force-dynamic';

/**
 * `POST /api/interviews/<id>/finish` with `{ early }` → `{ phase }`. `early: true`: the user ends
 * the mock now; otherwise the countdown reached zero and it is finished at the server's deadline.
 */
export const POST = route({ params: interviewParamsSchema, body: z.object({ early: z.boolean() }), user: 'optional' }, ({ db, user, params, body }) =>
  requestFinish(db, user?.id, params.id, body.early),
);
