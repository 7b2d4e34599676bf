import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getAuthSecret } from '@/lib/auth/auth-secret';
import { DIALECTS, useAppDatabase } from '@/test/helpers/use-app-database';

describe.each(DIALECTS)('auth configuration on %s', (dialect) => {
  const t = useAppDatabase(dialect);

  it('keeps telemetry off, needs no email, and hashes passwords with the library', async () => {
    const { getAuth } = await import('@/lib/auth/auth');
    const { options } = await getAuth(t.db, false);
    expect(options.telemetry?.enabled).toBe(false);
    expect(options.emailAndPassword?.requireEmailVerification).toBe(false);
    // No custom hash function: better-auth's own scrypt hashing is used.
    expect((options.emailAndPassword as { password?: unknown }).password).toBeUndefined();
  });

  it('has the library itself refuse passwords under 10 or over 128 characters, and store only a scrypt hash', async () => {
    const { getAuth } = await import('@/lib/auth/auth');
    const auth = await getAuth(t.db, false);
    const signUp = (email: string, password: string) => auth.api.signUpEmail({ body: { email, password, name: 'x' }, headers: new Headers() });
    await expect(signUp('short@example.com', 'nine-char')).rejects.toMatchObject({ body: { code: 'PASSWORD_TOO_SHORT' } });
    await expect(signUp('long@example.com', 'x'.repeat(129))).rejects.toMatchObject({ body: { code: 'PASSWORD_TOO_LONG' } });
    const created = await signUp('ten@example.com', 'ten-chars!');
    const { accounts } = t.tables;
    const [stored] = await t.db.select({ password: accounts.password }).from(accounts).where(eq(accounts.userId, created.user.id));
    // better-auth's scrypt format: hex salt, a colon, the hex key; never the password itself.
    expect(stored?.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect((await signUp('max@example.com', 'x'.repeat(128))).user.email).toBe('max@example.com');
  });

  it('generates a session secret once and keeps it in the database, unless one is configured', async () => {
    const first = await getAuthSecret(t.db, undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await getAuthSecret(t.db, undefined)).toBe(first);
    const { appSettings } = t.tables;
    expect((await t.db.select().from(appSettings).where(eq(appSettings.key, 'auth_secret')))[0]?.value).toBe(first);
    expect(await getAuthSecret(t.db, 'a-configured-secret-of-32-characters!')).toBe('a-configured-secret-of-32-characters!');
  });
});
