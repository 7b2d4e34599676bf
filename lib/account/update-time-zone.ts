import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { tablesOf, type AppDb } from '@/db/app-db';
import { isValidTimeZone } from '@/lib/progress/local-day';

export const timeZoneSchema = z.object({
  timeZone: z
    .string({ error: 'Choose a time zone.' })
    .trim()
    .refine(isValidTimeZone, { message: 'Choose a time zone from the list, like Europe/Paris or America/New_York.' }),
});

/** Sets the time zone the user's days are counted in (streaks, heatmap, due reviews). */
export async function updateTimeZone(db: AppDb, userId: string, timeZone: string): Promise<void> {
  const { users } = tablesOf(db);
  await db.update(users).set({ timeZone, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** The zone to count days in: the user's own, else the browser's (`tz` cookie), else UTC. */
export function effectiveTimeZone(userZone: string | null | undefined, browserZone: string | undefined): string {
  if (userZone && isValidTimeZone(userZone)) return userZone;
  if (browserZone && isValidTimeZone(browserZone)) return browserZone;
  return 'UTC';
}
