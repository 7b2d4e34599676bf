import { eq } from 'drizzle-orm';
import { getSessionCookie } from 'better-auth/cookies';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { User } from '@/db/schema';
import { readCookie } from '@/lib/http/cookie-headers';
import { getAuth, SESSION_COOKIE_PREFIX } from './auth';
import { identifyClient } from '@/lib/http/client-address';
import { findGuest, GUEST_COOKIE } from './guest-user';

export interface Identity {
  /** The signed-in user, else the guest of this browser, else null. */
  user: User | null;
  signedIn: boolean;
  /** The browser holds a session cookie that no longer names a live session (expired or signed out elsewhere). */
  sessionExpired: boolean;
}

/**
 * Who is making a request: the user of a live session, else the guest named by the `guest_id`
 * cookie, else nobody (the request pipeline creates guests, under a per-client limit). Every read
 * and write of a user's data is keyed on the returned user's id.
 */
export async function resolveIdentity(db: AppDb, headers: Headers): Promise<Identity> {
  const hasSessionCookie = Boolean(getSessionCookie(headers, { cookiePrefix: SESSION_COOKIE_PREFIX }));
  if (hasSessionCookie) {
    const session = await (await getAuth(db, identifyClient(headers).https)).api.getSession({ headers });
    if (session) {
      const { users } = tablesOf(db);
      const [user] = await db.select().from(users).where(eq(users.id, session.user.id)).limit(1);
      if (user) return { user, signedIn: true, sessionExpired: false };
    }
  }
  return { user: (await findGuest(db, readCookie(headers, GUEST_COOKIE))) ?? null, signedIn: false, sessionExpired: hasSessionCookie };
}
