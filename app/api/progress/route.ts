import { getDb } from '@/db/client';
import { effectiveTimeZone } from '@/lib/account/update-time-zone';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { readCookie } from '@/lib/http/cookie-headers';
import { toErrorResponse } from '@/lib/http/to-error-response';
import { getDashboard } from '@/lib/progress/get-dashboard';

export const dynamic = 'force-dynamic';

/** The dashboard's data for this browser's user (mastery, streaks, reviews, recommendation, recent attempts). */
export async function GET(request: Request): Promise<Response> {
  try {
    const db = getDb();
    const { user } = await resolveIdentity(db, request.headers, { createGuest: false });
    const catalog = listExercisesOrThrow();
    const timeZone = effectiveTimeZone(user?.timeZone, readCookie(request.headers, 'tz'));
    // A browser that has done nothing yet has an empty dashboard.
    const dashboard = getDashboard(db, user?.id ?? '', catalog, timeZone);
    return Response.json(dashboard, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
