import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
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

function createAuth(db: Db) {
  return betterAuth({
    appName: 'ML Practice Studio',
    secret: getAuthSecret(db, getEnv().BETTER_AUTH_SECRET),
    database: drizzleAdapter(db, {
      provider: 'sqlite',
      schema: { user: schema.users, session: schema.sessions, account: schema.accounts, verification: schema.verifications },
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
      database: { generateId: 'uuid' },
    },
    // The app's own routes call auth.api directly and apply their own limits (lib/http/rate-limit.ts).
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
            if (guestId) mergeGuestIntoUser(db, guestId, session.userId);
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

let instance: { db: Db; auth: Auth } | undefined;

/** The auth instance of this database, made on first use (never at import time). */
export function getAuth(db: Db): Auth {
  if (instance?.db !== db) instance = { db, auth: createAuth(db) };
  return instance.auth;
}
