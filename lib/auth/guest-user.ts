import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';

/** Cookie that identifies a guest until they sign up or sign in. */
export const GUEST_COOKIE = 'guest_id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The guest the cookie names; never an account, even if the cookie holds an account's id. */
export function findGuest(db: Db, cookieValue: string | undefined): User | undefined {
  if (!cookieValue || !UUID.test(cookieValue)) return undefined;
  return db.select().from(users).where(and(eq(users.id, cookieValue), eq(users.isGuest, true))).get();
}

/** A new guest (the request pipeline limits how many one client may create). */
export function createGuest(db: Db): User {
  return db.insert(users).values({ id: randomUUID(), isGuest: true }).returning().get();
}

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The Set-Cookie value that remembers a guest in this browser (`Secure` over https). */
export function guestCookie(userId: string, secure: boolean): string {
  return `${GUEST_COOKIE}=${userId}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
