import type { NextResponse } from 'next/server';
import type { Db } from '@/db/client';
import type { User } from '@/db/schema';
import { GUEST_COOKIE } from './guest-user';
import { resolveIdentity } from './resolve-identity';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export interface RequestUser {
  user: User;
  created: boolean;
  signedIn: boolean;
  sessionExpired: boolean;
}

/**
 * The user making this request: the signed-in user, or else the guest of this browser (created
 * on first use). Route handlers key every read and write on `user.id`.
 */
export async function getRequestUser(db: Db, request: Request): Promise<RequestUser> {
  const identity = await resolveIdentity(db, request.headers, { createGuest: true });
  return { ...identity, user: identity.user! };
}

/** Remembers a newly created guest in the browser. */
export function rememberGuest(response: NextResponse, user: User): NextResponse {
  response.cookies.set(GUEST_COOKIE, user.id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: ONE_YEAR_SECONDS });
  return response;
}
