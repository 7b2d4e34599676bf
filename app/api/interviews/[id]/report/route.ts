import { route } from '@/lib/http/route';
import { getInterviewReportOrThrow } from '@/lib/interview/get-interview-report';
import { interviewParamsSchema } from '@/lib/interview/interview-rules';

export const dynamic = 'force-dynamic';

/** `GET /api/interviews/<id>/report` → the report of a finished mock (409 while it runs). */
export const GET = route({ params: interviewParamsSchema, user: 'optional' }, ({ db, user, params }) => getInterviewReportOrThrow(db, user?.id, params.id));
