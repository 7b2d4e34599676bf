import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '@/db/client';
import { openPgDatabase, redactDatabaseUrl, type PgDb } from '@/db/pg-client';
import { submissions, users } from '@/db/pg-schema';
import { createPostgresTestDatabase } from '@/test/helpers/postgres-test-database';

let db: PgDb;

beforeAll(async () => {
  db = await openPgDatabase(await createPostgresTestDatabase({ empty: true }));
}, 60_000);

afterAll(async () => {
  await db?.$client.end();
});

describe('openPgDatabase', () => {
  it('creates every table of db/pg-schema.ts on first open', async () => {
    const { rows } = await db.$client.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' order by 1");
    expect(rows.map((r) => r.table_name)).toEqual([
      'accounts', 'app_settings', 'drafts', 'exercise_events', 'interview_exercises', 'interview_questions', 'interviews', 'rate_limits', 'sessions', 'submissions', 'users', 'verifications',
    ]);
  });

  it('applies each migration once when several processes open the same database together', async () => {
    const url = await createPostgresTestDatabase({ empty: true });
    const opened = await Promise.all([openPgDatabase(url), openPgDatabase(url), openPgDatabase(url)]);
    const { rows } = await opened[0]!.$client.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
    const journal = JSON.parse(fs.readFileSync('db/pg-migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    expect(Number(rows[0]!.n)).toBe(journal.entries.length);
    await Promise.all(opened.map((d) => d.$client.end()));
  });

  it('keeps instants as instants, whatever the time zone of the session', async () => {
    await db.$client.query("set time zone 'Pacific/Kiritimati'");
    const at = new Date('2026-03-29T01:30:00.123Z');
    await db.insert(users).values({ id: 'tz-user', createdAt: at });
    const [row] = await db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, 'tz-user'));
    expect(row?.createdAt.toISOString()).toBe(at.toISOString());
  });

  it('refuses a second automatic submit of one exercise in one mock, but not a second one by hand', async () => {
    await db.insert(users).values({ id: 'mock-user' });
    const row = { userId: 'mock-user', exerciseId: 'ex', mode: 'submit' as const, code: '', status: 'fail' as const, resultVersion: 1, testsJson: '[]', durationMs: 1, interviewId: 'mock-1' };
    await db.insert(submissions).values([{ ...row, id: 's1' }, { ...row, id: 's2' }]);
    await db.insert(submissions).values({ ...row, id: 's3', autoSubmitted: true });
    await expect(db.insert(submissions).values({ ...row, id: 's4', autoSubmitted: true })).rejects.toThrow();
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(submissions).where(eq(submissions.interviewId, 'mock-1'));
    expect(count?.n).toBe(3);
  });

  it('fails with a message naming DATABASE_URL, without its password, when the server cannot be reached', async () => {
    const error = await openPgDatabase('postgres://app:s3cret@127.0.0.1:1/none').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toContain('DATABASE_URL=postgres://app:***@127.0.0.1:1/none');
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://u:p@h:5432/d?sslmode=require')).toBe('postgres://u:***@h:5432/d?sslmode=require');
    expect(redactDatabaseUrl('not a url')).toBe('(not a URL)');
  });
});
