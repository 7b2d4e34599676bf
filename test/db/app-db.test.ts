import { and, asc, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dialectOf } from '@/db/app-db';
import { DIALECTS, useAppDatabase } from '@/test/helpers/use-app-database';

describe.each(DIALECTS)('the data layer on %s', (dialect) => {
  const database = useAppDatabase(dialect);

  it('is the dialect it was opened as', () => {
    expect(dialectOf(database.db)).toBe(dialect);
  });

  it('fills defaults and returns inserted rows with their TypeScript types', async () => {
    const { db, tables } = database;
    const before = Date.now();
    const [user] = await db.insert(tables.users).values({ id: 'defaults' }).returning();
    expect(user).toMatchObject({ id: 'defaults', email: null, isGuest: true, emailVerified: false, updatedAt: null, timeZone: null });
    expect(user!.createdAt).toBeInstanceOf(Date);
    expect(user!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(user!.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('reads back instants to the millisecond, fractions, booleans, nulls and JSON text as written', async () => {
    const { db, tables } = database;
    await db.insert(tables.users).values({ id: 'round-trip' });
    const startedAt = new Date('2026-10-25T00:59:59.999Z');
    const row = {
      id: 'mock-round-trip', userId: 'round-trip', track: 'mix', minutes: 45, seed: 2 ** 31 - 1, startedAt,
      deadlineAt: new Date(startedAt.getTime() + 45 * 60_000), finishClaimedAt: null, finishedAt: null, endedBy: 'time-up' as const, score: 0.875,
    };
    await db.insert(tables.interviews).values(row);
    const [read] = await db.select().from(tables.interviews).where(eq(tables.interviews.id, row.id));
    expect(read).toEqual(row);
    const questionJson = JSON.stringify({ prompt: 'Which split leaks? «é» \u2028', options: ['a', 'b'] });
    await db.insert(tables.interviewQuestions).values({ interviewId: row.id, position: 1, exerciseId: 'ex', questionId: 'q', questionJson, correct: false });
    const [question] = await db.select().from(tables.interviewQuestions).where(eq(tables.interviewQuestions.interviewId, row.id));
    expect(question).toMatchObject({ questionJson, answerJson: null, answeredAt: null, correct: false });
  });

  it('numbers identity ids in insertion order', async () => {
    const { db, tables } = database;
    await db.insert(tables.users).values({ id: 'ids' });
    const at = new Date();
    const rows = await db
      .insert(tables.drafts)
      .values(['a', 'b', 'c'].map((exerciseId) => ({ userId: 'ids', exerciseId, code: '', updatedAt: at })))
      .returning({ id: tables.drafts.id });
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(3);
  });

  it('upserts on a unique index, and skips a duplicate with onConflictDoNothing', async () => {
    const { db, tables } = database;
    await db.insert(tables.users).values({ id: 'upsert' });
    const at = new Date();
    const save = (code: string) =>
      db
        .insert(tables.drafts)
        .values({ userId: 'upsert', exerciseId: 'ex', code, updatedAt: at })
        .onConflictDoUpdate({ target: [tables.drafts.userId, tables.drafts.exerciseId], set: { code, version: sql`${tables.drafts.version} + 1` } });
    await save('first');
    await save('second');
    const drafts = await db.select({ code: tables.drafts.code, version: tables.drafts.version }).from(tables.drafts).where(eq(tables.drafts.userId, 'upsert'));
    expect(drafts).toEqual([{ code: 'second', version: 2 }]);

    const event = { userId: 'upsert', exerciseId: 'ex', kind: 'hint_revealed' as const, hintNumber: 1 };
    const first = await db.insert(tables.exerciseEvents).values(event).onConflictDoNothing().returning({ id: tables.exerciseEvents.id });
    const again = await db.insert(tables.exerciseEvents).values(event).onConflictDoNothing().returning({ id: tables.exerciseEvents.id });
    expect([first.length, again.length]).toEqual([1, 0]);
  });

  it('counts the rows an update changed', async () => {
    const { db, tables } = database;
    await db.insert(tables.users).values([{ id: 'count-1' }, { id: 'count-2' }]);
    const changed = await db.update(tables.users).set({ timeZone: 'Europe/Paris' }).where(and(eq(tables.users.isGuest, true), sql`${tables.users.id} like 'count-%'`));
    expect(changed.rowCount).toBe(2);
    const [{ n } = { n: -1 }] = await db.select({ n: count() }).from(tables.users).where(eq(tables.users.timeZone, 'Europe/Paris'));
    expect(n).toBe(2);
  });

  it('commits a transaction whose steps await, and undoes one that throws', async () => {
    const { db, tables } = database;
    await db.transaction(async (tx) => {
      await tx.insert(tables.users).values({ id: 'tx-kept' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await tx.insert(tables.appSettings).values({ key: 'tx-kept', value: '1' });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(tables.users).values({ id: 'tx-undone' });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const ids = await db.select({ id: tables.users.id }).from(tables.users).where(sql`${tables.users.id} like 'tx-%'`).orderBy(asc(tables.users.id));
    expect(ids).toEqual([{ id: 'tx-kept' }]);
  });

  it('deletes a user\'s rows with the user (cascade) and keeps solved events of deleted submissions (set null)', async () => {
    const { db, tables } = database;
    await db.insert(tables.users).values([{ id: 'cascade' }, { id: 'other' }]);
    const submission = { userId: 'cascade', exerciseId: 'ex', mode: 'submit' as const, code: '', status: 'pass' as const, resultVersion: 1, testsJson: '[]', durationMs: 1 };
    await db.insert(tables.submissions).values({ ...submission, id: 'cascade-s' });
    await db.insert(tables.exerciseEvents).values({ userId: 'other', exerciseId: 'ex', kind: 'solved', submissionId: 'cascade-s' });
    await db.delete(tables.users).where(eq(tables.users.id, 'cascade'));
    expect(await db.select().from(tables.submissions).where(eq(tables.submissions.userId, 'cascade'))).toEqual([]);
    const [event] = await db.select({ submissionId: tables.exerciseEvents.submissionId }).from(tables.exerciseEvents).where(eq(tables.exerciseEvents.userId, 'other'));
    expect(event).toEqual({ submissionId: null });
  });
});
