import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { User } from '@/db/schema';

/** Cookie that identifies a guest until they sign up or sign in. */
export const GUEST_COOKIE = 'guest_id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The guest the cookie names; never an account, even if the cookie holds an account's id. */
export async function findGuest(db: AppDb, cookieValue: string | undefined): Promise<User | undefined> {
  if (!cookieValue || !UUID.test(cookieValue)) return undefined;
  const { users } = tablesOf(db);
  const [guest] = await db.select().from(users).where(and(eq(users.id, cookieValue), eq(users.isGuest, true))).limit(1);
  return guest;
}

/** A new guest (the request pipeline limits how many one client may create). */
export async function createGuest(db: AppDb): Promise<User> {
  const { users } = tablesOf(db);
  const [guest] = await db.insert(users).values({ id: randomUUID(), isGuest: true }).returning();
  return guest!;
}

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The Set-Cookie value that remembers a guest in this browser (`Secure` over https). */
export function guestCookie(userId: string, secure: boolean): string {
  return `${GUEST_COOKIE}=${userId}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
