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

/** The guest the cookie names, or a new guest when it names nobody. */
export function findOrCreateGuest(db: Db, cookieValue: string | undefined): { user: User; created: boolean } {
  const existing = findGuest(db, cookieValue);
  if (existing) return { user: existing, created: false };
  const user = db.insert(users).values({ id: randomUUID(), isGuest: true }).returning().get();
  return { user, created: true };
}
