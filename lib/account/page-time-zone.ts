import { cookies } from 'next/headers';
import { effectiveTimeZone } from './update-time-zone';

/** The zone a page counts the user's days and shows times in: theirs, else their browser's (`tz` cookie), else UTC. */
export async function pageTimeZone(user: { timeZone: string | null } | null | undefined): Promise<string> {
  return effectiveTimeZone(user?.timeZone, (await cookies()).get('tz')?.value);
}
