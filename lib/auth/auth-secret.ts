import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';

const KEY = 'auth_secret';

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET when set, otherwise one generated on
 * first start and kept in the database, so sessions survive restarts with no configuration (and
 * every web server sharing the database signs with the same one).
 */
export async function getAuthSecret(db: AppDb, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const { appSettings } = tablesOf(db);
  const read = async () => (await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY)).limit(1))[0]?.value;
  const stored = await read();
  if (stored) return stored;
  await db.insert(appSettings).values({ key: KEY, value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  return (await read())!;
}
