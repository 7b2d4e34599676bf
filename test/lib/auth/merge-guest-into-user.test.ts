import { asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sqliteConnectionOf } from '@/db/app-db';
import { AUTH_TABLES, mergeGuestIntoUser, USER_DATA_TABLES } from '@/lib/auth/merge-guest-into-user';
import { DIALECTS, useAppDatabase, type AppDatabase } from '@/test/helpers/use-app-database';

/** The tables of the live database that have a `user_id` column, read from the engine's own catalog. */
async function tablesWithUserId(t: AppDatabase): Promise<string[]> {
  const sqlite = sqliteConnectionOf(t.db);
  if (sqlite) {
    return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
      .map((row) => row.name)
      .filter((name) => (sqlite.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).some((c) => c.name === 'user_id'));
  }
  const { rows } = await t.db.$client.query<{ name: string }>("select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'user_id'");
  return rows.map((row) => row.name);
}

describe.each(DIALECTS)('mergeGuestIntoUser on %s', (dialect) => {
  const t = useAppDatabase(dialect);

  async function makeAccount(id: string): Promise<string> {
    const { users } = t.tables;
    await t.addUser(id);
    await t.db.update(users).set({ isGuest: false }).where(eq(users.id, id));
    return id;
  }

  async function rowsOf(table: 'submissions' | 'users', userId: string): Promise<number> {
    const { submissions, users } = t.tables;
    const [row] =
      table === 'users'
        ? await t.db.select({ n: count() }).from(users).where(eq(users.id, userId))
        : await t.db.select({ n: count() }).from(submissions).where(eq(submissions.userId, userId));
    return row?.n ?? 0;
  }

  it('knows every table that holds a user’s rows (a new table must be added to the merge)', async () => {
    expect((await tablesWithUserId(t)).sort()).toEqual([...USER_DATA_TABLES, ...AUTH_TABLES].sort());
  });

  it('never merges an account away, and does nothing for an unknown guest', async () => {
    const account = await makeAccount('account');
    const other = await t.addUser('other');
    await t.addSubmission({ userId: account, exerciseId: 'x', at: new Date() });
    expect(await mergeGuestIntoUser(t.db, account, other)).toBeNull();
    expect(await mergeGuestIntoUser(t.db, 'nobody', other)).toBeNull();
    expect(await mergeGuestIntoUser(t.db, other, other)).toBeNull();
    expect(await rowsOf('submissions', account)).toBe(1);
  });

  it('moves submissions and reports what it moved', async () => {
    const guest = await t.addUser('guest');
    const user = await makeAccount('user');
    await t.addSubmission({ userId: guest, exerciseId: 'x', at: new Date() });
    await t.addSubmission({ userId: guest, exerciseId: 'y', at: new Date() });
    expect(await mergeGuestIntoUser(t.db, guest, user)).toEqual({ submissions: 2, drafts: 0, events: 0, interviews: 0 });
    expect(await rowsOf('users', guest)).toBe(0);
  });

  it('moves a guest’s mock interview, with its drafts and answers, into the account', async () => {
    const { interviews, interviewExercises, interviewQuestions, submissions } = t.tables;
    const guest = await t.addUser('guest');
    const user = await makeAccount('user');
    await t.db.insert(interviews).values({ id: 'mock-1', userId: guest, track: 'mix', minutes: 45, seed: 7, startedAt: new Date(0), deadlineAt: new Date(2_700_000) });
    await t.db.insert(interviewExercises).values({ interviewId: 'mock-1', position: 0, exerciseId: 'x', draftCode: 'GUEST_MOCK_DRAFT', draftVersion: 2 });
    await t.db.insert(interviewQuestions).values({ interviewId: 'mock-1', position: 0, exerciseId: 'x', questionId: 'q', questionJson: '{}', answerJson: '1' });
    await t.addSubmission({ userId: guest, exerciseId: 'x', at: new Date() });
    await t.db.update(submissions).set({ interviewId: 'mock-1' });
    expect(await mergeGuestIntoUser(t.db, guest, user)).toEqual({ submissions: 1, drafts: 0, events: 0, interviews: 1 });
    expect(await t.db.select({ userId: interviews.userId }).from(interviews)).toEqual([{ userId: user }]);
    expect(await t.db.select({ draftCode: interviewExercises.draftCode }).from(interviewExercises)).toEqual([{ draftCode: 'GUEST_MOCK_DRAFT' }]);
    expect(await t.db.select({ answerJson: interviewQuestions.answerJson }).from(interviewQuestions)).toEqual([{ answerJson: '1' }]);
    expect(await t.db.select({ userId: submissions.userId, interviewId: submissions.interviewId }).from(submissions).orderBy(asc(submissions.id))).toEqual([{ userId: user, interviewId: 'mock-1' }]);
  });
});
