import { route } from '@/lib/http/route';
import { startInterviewSchema } from '@/lib/interview/interview-rules';
import { listInterviews } from '@/lib/interview/list-interviews';
import { startInterview } from '@/lib/interview/start-interview';

export const dynamic = 'force-dynamic';

/** `GET /api/interviews` → `{ interviews }`: this user's mocks, newest first. */
export const GET = route({ user: 'optional' }, async ({ db, user }) => ({ interviews: await listInterviews(db, user?.id) }));

/** `POST /api/interviews` with `{ track, minutes }` starts a mock → `{ id }`; 409 with `interviewId` while another is open. */
export const POST = route({ body: startInterviewSchema, user: 'guest' }, ({ db, user, body }) => startInterview(db, user.id, body, { timeZone: user.timeZone ?? undefined }));
