import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { route } from '@/lib/http/route';
import { BODY_LIMITS } from '@/lib/limits';
import { callFromConsole } from '@/lib/workspace/call-from-console';
import { consoleRequestSchema } from '@/lib/workspace/console-request';

export const dynamic = 'force-dynamic';

/** `POST /api/console` with `{ exerciseId, code, expression }`: evaluates the expression with the code in the grader's sandbox. */
export const POST = route(
  {
    body: consoleRequestSchema,
    bodyLimit: BODY_LIMITS.code(MAX_CODE_BYTES),
    user: 'guest',
    limit: [{ name: 'submissionsPerUser', per: 'user' }],
  },
  ({ user, client, body }) => callFromConsole({ userId: user.id, client: client.key, ...body }),
);
