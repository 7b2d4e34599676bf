import { eq } from 'drizzle-orm';
import { getSessionCookie } from 'better-auth/cookies';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';
import { readCookie } from '@/lib/http/cookie-headers';
import { getAuth, SESSION_COOKIE_PREFIX } from './auth';
import { findGuest, findOrCreateGuest, GUEST_COOKIE } from './guest-user';

export interface Identity {
  /** The signed-in user, else the guest of this browser; null only when no guest may be created. */
  user: User | null;
  /** A guest was created by this request: remember it with rememberGuest. */
  created: boolean;
  signedIn: boolean;
  /** The browser holds a session cookie that no longer names a live session (expired or signed out elsewhere). */
  sessionExpired: boolean;
}

/**
 * Who is making a request: the user of a live session, else the guest named by the `guest_id`
 * cookie (created when `createGuest` is set and there is none). Every read and write of a user's
 * data is keyed on the returned user's id.
 */
export async function resolveIdentity(db: Db, headers: Headers, options: { createGuest: boolean }): Promise<Identity> {
  const hasSessionCookie = Boolean(getSessionCookie(headers, { cookiePrefix: SESSION_COOKIE_PREFIX }));
  if (hasSessionCookie) {
    const session = await getAuth(db).api.getSession({ headers });
    if (session) {
      const user = db.select().from(users).where(eq(users.id, session.user.id)).get();
      if (user) return { user, created: false, signedIn: true, sessionExpired: false };
    }
  }
  const guestCookie = readCookie(headers, GUEST_COOKIE);
  if (options.createGuest) {
    const { user, created } = findOrCreateGuest(db, guestCookie);
    return { user, created, signedIn: false, sessionExpired: hasSessionCookie };
  }
  return { user: findGuest(db, guestCookie) ?? null, created: false, signedIn: false, sessionExpired: hasSessionCookie };
}
