import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { appSettings } from '@/db/schema';

const KEY = 'auth_secret';

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET when set, otherwise one generated on
 * first start and kept in the database, so sessions survive restarts with no configuration.
 */
export function getAuthSecret(db: Db, configured: string | undefined): string {
  if (configured) return configured;
  const stored = db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY)).get();
  if (stored) return stored.value;
  db.insert(appSettings).values({ key: KEY, value: randomBytes(32).toString('base64url') }).onConflictDoNothing().run();
  return db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY)).get()!.value;
}
