import type { NextRequest, NextResponse } from 'next/server';
import type { Db } from '@/db/client';
import type { User } from '@/db/schema';
import { findOrCreateGuest, GUEST_COOKIE } from './guest-user';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The user making this request; a guest is created on first use. */
export function getRequestUser(db: Db, request: NextRequest): { user: User; created: boolean } {
  return findOrCreateGuest(db, request.cookies.get(GUEST_COOKIE)?.value);
}

/** Remembers a newly created guest in the browser. */
export function rememberGuest(response: NextResponse, user: User): NextResponse {
  response.cookies.set(GUEST_COOKIE, user.id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: ONE_YEAR_SECONDS });
  return response;
}
