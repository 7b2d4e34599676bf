import { cookies } from 'next/headers';
import { getDb } from '@/db/client';
import type { User } from '@/db/schema';
import { findOrCreateGuest, GUEST_COOKIE } from './guest-user';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The user making this request; a guest is created (and remembered by cookie) on first use. */
export async function getCurrentUser(): Promise<User> {
  const jar = await cookies();
  const { user, created } = findOrCreateGuest(getDb(), jar.get(GUEST_COOKIE)?.value);
  if (created) {
    jar.set(GUEST_COOKIE, user.id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: ONE_YEAR_SECONDS, secure: process.env.NODE_ENV === 'production' && process.env.COOKIE_SECURE === '1' });
  }
  return user;
}
