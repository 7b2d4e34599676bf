import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { randomUUID } from 'node:crypto';
import { dialectOf, tablesOf, type AppDb } from '@/db/app-db';
import { getEnv } from '@/lib/env';
import { readCookie } from '@/lib/http/cookie-headers';
import { getAuthSecret } from './auth-secret';
import { GUEST_COOKIE } from './guest-user';
import { mergeGuestIntoUser } from './merge-guest-into-user';

/** How long a session lasts without use; each day of use extends it. */
export const SESSION_DAYS = 30;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
export const SESSION_COOKIE_PREFIX = 'mps';

function createAuth(db: AppDb, secret: string, secure: boolean) {
  const tables = tablesOf(db);
  return betterAuth({
    appName: 'ML Practice Studio',
    secret,
    database: drizzleAdapter(db, {
      provider: dialectOf(db) === 'postgresql' ? 'pg' : 'sqlite',
      schema: { user: tables.users, session: tables.sessions, account: tables.accounts, verification: tables.verifications },
    }),
    user: {
      additionalFields: {
        isGuest: { type: 'boolean', defaultValue: false, input: false, required: false },
        timeZone: { type: 'string', input: false, required: false },
      },
    },
    emailAndPassword: {
      enabled: true,
      // No email can be sent from here: nothing waits for a verification link.
      requireEmailVerification: false,
      autoSignIn: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    session: { expiresIn: SESSION_DAYS * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      // Over https: `Secure` cookies named `__Secure-mps.*`; over plain http (a local server) plain ones.
      useSecureCookies: secure,
      // Sessions keep no IP address: better-auth would read the client-written X-Forwarded-For,
      // and the app's own limits key on the socket's address (lib/http/client-address.ts).
      ipAddress: { disableIpTracking: true },
      // Ids are made here, the same on both engines (the tables' ids are text).
      database: { generateId: () => randomUUID() },
    },
    // The app's own routes call auth.api directly and apply their own limits (lib/limits.ts).
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    // Routes report failures to the user themselves; a wrong password is not a server warning.
    logger: { level: 'error' },
    databaseHooks: {
      session: {
        create: {
          /** Whatever a guest did in this browser moves to the account they sign up for or into. */
          after: async (session, context) => {
            const guestId = context?.headers ? readCookie(context.headers, GUEST_COOKIE) : undefined;
            if (guestId) await mergeGuestIntoUser(db, guestId, session.userId);
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

let instances: { db: AppDb; secure: Promise<Auth> | undefined; plain: Promise<Auth> | undefined } | undefined;

/**
 * The auth instance of this database for a request served over https (`secure`) or plain http,
 * made on first use (never at import time).
 */
export function getAuth(db: AppDb, secure: boolean): Promise<Auth> {
  if (instances?.db !== db) instances = { db, secure: undefined, plain: undefined };
  const make = async () => createAuth(db, await getAuthSecret(db, getEnv().BETTER_AUTH_SECRET), secure);
  if (secure) return (instances.secure ??= make());
  return (instances.plain ??= make());
}

/** A session cookie of better-auth's, under either name it uses (`mps.*`, or `__Secure-mps.*` over https). */
export function isSessionCookie(name: string): boolean {
  return name.replace(/^__Secure-/, '').startsWith(`${SESSION_COOKIE_PREFIX}.`);
}

/** Any cookie of this app's: the session cookies, the guest cookie and the browser's time zone. */
export function isAppCookie(name: string): boolean {
  return isSessionCookie(name) || name === GUEST_COOKIE || name === 'tz';
}
