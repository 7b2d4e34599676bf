import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appSettings } from '@/db/schema';
import { getAuthSecret } from '@/lib/auth/auth-secret';
import { useTestDatabase } from '@/test/helpers/use-test-database';

let t: ReturnType<typeof useTestDatabase>;
beforeEach(() => {
  t = useTestDatabase();
});
afterEach(() => t.close());

describe('auth configuration', () => {
  it('keeps telemetry off, needs no email, and hashes passwords with the library', async () => {
    const { getAuth, MIN_PASSWORD_LENGTH } = await import('@/lib/auth/auth');
    const { options } = getAuth(t.db, false);
    expect(options.telemetry?.enabled).toBe(false);
    expect(options.emailAndPassword?.requireEmailVerification).toBe(false);
    expect(options.emailAndPassword?.minPasswordLength).toBe(MIN_PASSWORD_LENGTH);
    // No custom hash function: better-auth's own scrypt hashing is used.
    expect((options.emailAndPassword as { password?: unknown }).password).toBeUndefined();
  });

  it('generates a session secret once and keeps it in the database, unless one is configured', () => {
    const first = getAuthSecret(t.db, undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(getAuthSecret(t.db, undefined)).toBe(first);
    expect(t.db.select().from(appSettings).where(eq(appSettings.key, 'auth_secret')).get()?.value).toBe(first);
    expect(getAuthSecret(t.db, 'a-configured-secret-of-32-characters!')).toBe('a-configured-secret-of-32-characters!');
  });
});
