import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { route } from '@/lib/http/route';
import { callConsoleInInterview } from '@/lib/interview/call-console-in-interview';
import { interviewParamsSchema } from '@/lib/interview/interview-rules';
import { BODY_LIMITS } from '@/lib/limits';
import { consoleRequestSchema } from '@/lib/workspace/console-request';

export const dynamic = 'force-dynamic';

/** `POST /api/interviews/<id>/console` with `{ exerciseId, code, expression }`: the console inside a mock; 409 after its deadline. */
export const POST = route(
  {
    params: interviewParamsSchema,
    body: consoleRequestSchema,
    bodyLimit: BODY_LIMITS.code(MAX_CODE_BYTES),
    user: 'optional',
    limit: [{ name: 'submissionsPerUser', per: 'user' }],
  },
  ({ db, user, client, params, body }) => callConsoleInInterview(db, { userId: user?.id ?? '', client: client.key, interviewId: params.id, ...body }),
);
