import { timeZoneSchema, updateTimeZone } from '@/lib/account/update-time-zone';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Changes the settings of this browser's user: for now the time zone days are counted in. */
export const PATCH = route({ body: timeZoneSchema, user: 'guest' }, async ({ db, user, body }) => {
  await updateTimeZone(db, user.id, body.timeZone);
  return { timeZone: body.timeZone };
});
