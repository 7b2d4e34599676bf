import { MAX_CODE_BYTES } from '@/lib/grading/grade-submission';
import { route } from '@/lib/http/route';
import { BODY_LIMITS } from '@/lib/limits';
import { submissionRequestSchema } from '@/lib/submissions/submission-request';
import { submitForGrading } from '@/lib/submissions/submit-for-grading';

export const dynamic = 'force-dynamic';

/** Grades code for an exercise: `run` the visible tests or `submit` all of them. */
export const POST = route(
  {
    body: submissionRequestSchema,
    bodyLimit: BODY_LIMITS.code(MAX_CODE_BYTES),
    user: 'guest',
    limit: [{ name: 'submissionsPerUser', per: 'user' }],
  },
  ({ db, user, client, body }) => submitForGrading(db, { userId: user.id, client: client.key, ...body }),
);
