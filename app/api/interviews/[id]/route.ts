import { route } from '@/lib/http/route';
import { getInterviewSession } from '@/lib/interview/get-interview-session';
import { interviewParamsSchema } from '@/lib/interview/interview-rules';

export const dynamic = 'force-dynamic';

/** `GET /api/interviews/<id>` → the mock as its workspace shows it (phase, deadline, server time, drafts, questions without answers). */
export const GET = route({ params: interviewParamsSchema, user: 'optional' }, ({ db, user, params }) => getInterviewSession(db, user?.id, params.id));
