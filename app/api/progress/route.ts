import { effectiveTimeZone } from '@/lib/account/update-time-zone';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { readCookie } from '@/lib/http/cookie-headers';
import { route } from '@/lib/http/route';
import { dashboardDuringMock } from '@/lib/interview/dashboard-during-mock';
import { getDashboard } from '@/lib/progress/get-dashboard';

export const dynamic = 'force-dynamic';

/** The dashboard's data for this browser's user (mastery, streaks, reviews, recommendation, recent attempts), as a running mock allows. */
export const GET = route({ user: 'optional' }, async ({ db, user, request }) => {
  const timeZone = effectiveTimeZone(user?.timeZone, readCookie(request.headers, 'tz'));
  // A browser that has done nothing yet has an empty dashboard.
  return dashboardDuringMock(db, user?.id, await getDashboard(db, user?.id ?? '', listExercisesOrThrow(), timeZone));
});
