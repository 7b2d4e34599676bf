import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users, type User } from '@/db/schema';

/** Cookie that identifies a guest until accounts exist for them. */
export const GUEST_COOKIE = 'guest_id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The guest the cookie names, or a new guest when it names nobody. */
export function findOrCreateGuest(db: Db, cookieValue: string | undefined): { user: User; created: boolean } {
  if (cookieValue && UUID.test(cookieValue)) {
    const existing = db.select().from(users).where(eq(users.id, cookieValue)).get();
    if (existing) return { user: existing, created: false };
  }
  const user = db.insert(users).values({ id: randomUUID(), isGuest: true }).returning().get();
  return { user, created: true };
}
