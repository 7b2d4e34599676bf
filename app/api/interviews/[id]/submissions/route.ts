import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { route } from '@/lib/http/route';
import { interviewParamsSchema } from '@/lib/interview/interview-rules';
import { submitInterviewAttempt } from '@/lib/interview/submit-interview-attempt';
import { BODY_LIMITS } from '@/lib/limits';
import { submissionRequestSchema } from '@/lib/submissions/submission-request';

export const dynamic = 'force-dynamic';

/** `POST /api/interviews/<id>/submissions` with `{ exerciseId, code, mode }`: Run or Submit in the mock; 409 after its deadline. */
export const POST = route(
  {
    params: interviewParamsSchema,
    body: submissionRequestSchema,
    bodyLimit: BODY_LIMITS.code(MAX_CODE_BYTES),
    user: 'optional',
    limit: [{ name: 'submissionsPerUser', per: 'user' }],
  },
  ({ db, user, client, params, body }) => submitInterviewAttempt(db, { userId: user?.id ?? '', client: client.key, interviewId: params.id, ...body }),
);
