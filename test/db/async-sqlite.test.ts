import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asyncSqliteDatabase, NestedTransactionError, type AsyncSqliteDb } from '@/db/async-sqlite';
import { openDatabase, type Db } from '@/db/client';
import { appSettings, drafts, users } from '@/db/schema';

let dir: string;
let syncDb: Db;
let db: AsyncSqliteDb;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-async-sqlite-'));
  syncDb = openDatabase(path.join(dir, 'app.db'));
  db = asyncSqliteDatabase(syncDb.$client);
});

afterAll(() => {
  syncDb.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await db.delete(users);
  await db.delete(appSettings);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const settingValue = async (key: string) => (await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)))[0]?.value;

describe('asyncSqliteDatabase', () => {
  it('returns typed rows: dates, booleans, defaults, returning and one row with get', async () => {
    const [inserted] = await db.insert(users).values({ id: 'u1', email: 'a@example.com' }).returning();
    expect(inserted).toMatchObject({ id: 'u1', isGuest: true, emailVerified: false, timeZone: null });
    expect(inserted?.createdAt).toBeInstanceOf(Date);
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.insert(drafts).values({ userId: 'u1', exerciseId: 'ex', code: 'x', updatedAt: at });
    const draft = await db.select().from(drafts).where(eq(drafts.userId, 'u1')).get();
    expect(draft?.updatedAt.toISOString()).toBe(at.toISOString());
    expect(await db.select().from(drafts).where(eq(drafts.userId, 'nobody')).get()).toBeUndefined();
    const [count] = await db.select({ n: sql<number>`count(*)` }).from(users);
    expect(count?.n).toBe(1);
  });

  it('commits a transaction whose steps await, and undoes all of one that throws', async () => {
    await db.transaction(async (tx) => {
      await tx.insert(appSettings).values({ key: 'a', value: '1' });
      await pause(5);
      await tx.insert(appSettings).values({ key: 'b', value: '2' });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(appSettings).values({ key: 'c', value: '3' });
        await pause(5);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    expect((await db.select().from(appSettings)).map((row) => row.key).sort()).toEqual(['a', 'b']);
  });

  it('keeps another request\'s write out of an open transaction, so its rollback does not undo it', async () => {
    let opened = () => {};
    let finish = () => {};
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const failing = db.transaction(async (tx) => {
      await tx.insert(appSettings).values({ key: 'in-transaction', value: '1' });
      opened();
      await mayFinish;
      throw new Error('roll back');
    });
    await isOpen;
    // Another request, from its own async context, writes while the transaction is open.
    let writeDone = false;
    const other = db.insert(appSettings).values({ key: 'other-request', value: '1' }).then(() => (writeDone = true));
    await pause(20);
    expect(writeDone).toBe(false);
    finish();
    await expect(failing).rejects.toThrow('roll back');
    await other;
    expect(await settingValue('other-request')).toBe('1');
    expect(await settingValue('in-transaction')).toBeUndefined();
  });

  it('runs concurrent read-modify-write transactions one after the other: no update is lost', async () => {
    await db.insert(appSettings).values({ key: 'counter', value: '0' });
    const increment = () =>
      db.transaction(async (tx) => {
        const [row] = await tx.select().from(appSettings).where(eq(appSettings.key, 'counter'));
        await pause(1);
        await tx.update(appSettings).set({ value: String(Number(row!.value) + 1) }).where(eq(appSettings.key, 'counter'));
      });
    await Promise.all(Array.from({ length: 20 }, increment));
    expect(await settingValue('counter')).toBe('20');
  });

  it('runs a nested step as a savepoint, and refuses db.transaction inside a transaction', async () => {
    await db.transaction(async (tx) => {
      await tx.insert(appSettings).values({ key: 'outer', value: '1' });
      await tx.transaction(async (inner) => {
        await inner.insert(appSettings).values({ key: 'inner', value: '1' });
        inner.rollback();
      }).catch(() => undefined);
      await expect(db.transaction(async () => undefined)).rejects.toBeInstanceOf(NestedTransactionError);
    });
    expect(await settingValue('outer')).toBe('1');
    expect(await settingValue('inner')).toBeUndefined();
  });
});
