import fs from 'node:fs';
import { and, asc, count as countRows, eq, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Tables } from '@/db/app-db';
import { appSqliteConnection } from '@/test/helpers/app-sqlite-connection';
import { ApiClient, errorMessage } from '@/test/helpers/api-client';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { appData, useAppEngine } from '@/test/helpers/use-app-engine';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';

const EXERCISE = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';
const OTHER_EXERCISE = '5d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a';

/** How many rows of a table of the app's database match a condition, both picked from its own tables. */
async function count(query: (tables: Tables) => [table: PgTable, where?: SQL]): Promise<number> {
  const { db, tables } = await appData();
  const [table, where] = query(tables);
  const [row] = await db.select({ n: countRows() }).from(table).where(where);
  return row!.n;
}
/** How many rows of each table belong to a user (the account, its sign-in, sessions and work). */
async function rowsOf(userId: string) {
  return {
    users: await count((t) => [t.users, eq(t.users.id, userId)]),
    accounts: await count((t) => [t.accounts, eq(t.accounts.userId, userId)]),
    sessions: await count((t) => [t.sessions, eq(t.sessions.userId, userId)]),
    submissions: await count((t) => [t.submissions, eq(t.submissions.userId, userId)]),
    drafts: await count((t) => [t.drafts, eq(t.drafts.userId, userId)]),
    exercise_events: await count((t) => [t.exerciseEvents, eq(t.exerciseEvents.userId, userId)]),
  };
}
async function userIdOf(email: string): Promise<string | undefined> {
  const { db, tables } = await appData();
  const [row] = await db.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.email, email));
  return row?.id;
}

/** A guest (made by a real request) with two submissions, a draft and a hint reveal. */
async function guestWithWork(client = new ApiClient()) {
  expect((await client.patch('/api/account/settings', { timeZone: 'Europe/Paris' })).status).toBe(200);
  const guestId = client.cookies.get('guest_id')!;
  expect(guestId).toMatch(/^[0-9a-f-]{36}$/);
  const { db, tables } = await appData();
  const submission = { userId: guestId, exerciseId: EXERCISE, mode: 'submit' as const, resultVersion: 1, testsJson: '[]', durationMs: 5 };
  await db.insert(tables.submissions).values([
    { ...submission, id: `${guestId}-s1`, code: 'guest attempt 1', status: 'fail', createdAt: new Date('2025-05-01T10:00:00Z') },
    { ...submission, id: `${guestId}-s2`, code: 'guest attempt 2', status: 'pass', createdAt: new Date('2025-05-01T10:05:00Z') },
  ]);
  await db.insert(tables.drafts).values({ userId: guestId, exerciseId: EXERCISE, code: 'guest draft', version: 3, updatedAt: new Date() });
  await db.insert(tables.exerciseEvents).values({ userId: guestId, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 1, createdAt: new Date('2025-05-01T09:55:00Z') });
  return { client, guestId };
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  let project: ReturnType<typeof useTempProject>;

  beforeEach(async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    project.cleanup();
  });

  describe('sign up', () => {
    it('creates an account with a hashed password and a session, and moves the guest’s work into it', async () => {
      const { client, guestId } = await guestWithWork();
      const reply = await client.signUp('ada@example.com');
      expect(reply.status).toBe(201);
      expect(client.cookies.has('mps.session_token')).toBe(true);
      expect(client.cookies.has('guest_id')).toBe(false);

      const userId = (await userIdOf('ada@example.com'))!;
      const { db, tables } = await appData();
      const { accounts } = tables;
      const [stored] = await db.select({ password: accounts.password }).from(accounts).where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')));
      expect(stored?.password).not.toContain('maple');
      expect(stored?.password?.length).toBeGreaterThan(40);

      expect(await count((t) => [t.submissions, eq(t.submissions.userId, userId)])).toBe(2);
      expect(await count((t) => [t.drafts, eq(t.drafts.userId, userId)])).toBe(1);
      expect(await count((t) => [t.exerciseEvents, eq(t.exerciseEvents.userId, userId)])).toBe(1);
      expect(await count((t) => [t.users, eq(t.users.id, guestId)])).toBe(0);
      // The guest's time zone came along.
      expect((await client.get('/api/account')).body).toMatchObject({ signedIn: true, guest: false, email: 'ada@example.com', timeZone: 'Europe/Paris' });
    });

    it('says clearly when the email is taken, the password is weak or the email is not an email, and creates nothing', async () => {
      await new ApiClient().signUp('taken@example.com');
      const client = new ApiClient();
      const taken = await client.signUp('Taken@Example.com');
      expect(taken.status).toBe(409);
      expect(errorMessage(taken)).toMatch(/already exists.*Sign in instead/);
      const short = await client.signUp('new@example.com', 'short');
      expect(short.status).toBe(422);
      expect(errorMessage(short)).toMatch(/at least 10 characters/);
      const common = await client.signUp('new@example.com', 'password123');
      expect(common.status).toBe(422);
      expect(errorMessage(common)).toMatch(/too easy to guess/);
      const own = await client.signUp('margaret@example.com', 'margaret-1990!');
      expect(own.status).toBe(422);
      expect(errorMessage(own)).toMatch(/should not contain your email/);
      const bad = await client.signUp('not-an-email');
      expect(bad.status).toBe(422);
      expect(errorMessage(bad)).toMatch(/valid email address/);
      expect(await count((t) => [t.users, eq(t.users.isGuest, false)])).toBe(1);
      expect(client.cookies.has('mps.session_token')).toBe(false);
    });
  });

  describe('sign in and out', () => {
    it('refuses a wrong password with a clear message and keeps the guest’s work where it was', async () => {
      await new ApiClient().signUp('grace@example.com');
      const { client, guestId } = await guestWithWork();
      const wrong = await client.signIn('grace@example.com', 'not the password at all');
      expect(wrong.status).toBe(401);
      expect(errorMessage(wrong)).toMatch(/do not match an account/);
      expect(await count((t) => [t.submissions, eq(t.submissions.userId, guestId)])).toBe(2);
      expect(client.cookies.get('guest_id')).toBe(guestId);
    });

    it('merges a guest into an existing account on sign-in: the newer draft wins, events keep the earlier time', async () => {
      const owner = new ApiClient();
      await owner.signUp('lin@example.com');
      const userId = (await userIdOf('lin@example.com'))!;
      const { db, tables } = await appData();
      const { drafts, exerciseEvents } = tables;
      await db.insert(drafts).values([
        { userId, exerciseId: EXERCISE, code: 'older account draft', version: 7, updatedAt: new Date(Date.now() - 60_000) },
        { userId, exerciseId: OTHER_EXERCISE, code: 'untouched', version: 1, updatedAt: new Date() },
      ]);
      await db.insert(exerciseEvents).values({ userId, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 1, createdAt: new Date('2025-06-01T00:00:00Z') });

      const { client } = await guestWithWork();
      expect((await client.signIn('LIN@example.com')).status).toBe(200);
      const merged = await db.select({ exerciseId: drafts.exerciseId, code: drafts.code, version: drafts.version }).from(drafts).where(eq(drafts.userId, userId)).orderBy(asc(drafts.exerciseId));
      expect(merged).toEqual([
        { exerciseId: EXERCISE, code: 'guest draft', version: 8 },
        { exerciseId: OTHER_EXERCISE, code: 'untouched', version: 1 },
      ]);
      const hint = await db.select({ createdAt: exerciseEvents.createdAt }).from(exerciseEvents).where(eq(exerciseEvents.userId, userId));
      expect(hint).toEqual([{ createdAt: new Date('2025-05-01T09:55:00Z') }]);
      expect(await count((t) => [t.submissions, eq(t.submissions.userId, userId)])).toBe(2);
    });

    it('signs out, and treats an expired session as signed out with a note, losing nothing', async () => {
      const client = new ApiClient();
      await client.signUp('mo@example.com');
      expect((await client.post('/api/account/sign-out')).status).toBe(200);
      expect(client.cookies.has('mps.session_token')).toBe(false);
      expect((await client.get('/api/account')).body).toMatchObject({ signedIn: false, sessionExpired: false });

      expect((await client.signIn('mo@example.com')).status).toBe(200);
      const { db, tables } = await appData();
      await db.update(tables.sessions).set({ expiresAt: new Date(Date.now() - 1000) });
      expect((await client.get('/api/account')).body).toMatchObject({ signedIn: false, sessionExpired: true });
      // Work done meanwhile goes to a guest, and moves into the account on the next sign-in.
      await client.patch('/api/account/settings', { timeZone: 'Asia/Tokyo' });
      const guestId = client.cookies.get('guest_id')!;
      await db
        .insert(tables.submissions)
        .values({ id: 'late', userId: guestId, exerciseId: EXERCISE, mode: 'run', code: 'x', status: 'fail', resultVersion: 1, testsJson: '[]', durationMs: 1 });
      expect((await client.signIn('mo@example.com')).status).toBe(200);
      const accountId = (await userIdOf('mo@example.com'))!;
      expect(await count((t) => [t.submissions, and(eq(t.submissions.id, 'late'), eq(t.submissions.userId, accountId))])).toBe(1);
    });

    it('slows down password guessing from one client, with growing waits, while the owner still signs in', async () => {
      await new ApiClient().signUp('target@example.com');
      const attacker = new ApiClient();
      for (let i = 0; i < 6; i += 1) expect((await attacker.signIn('target@example.com', `guess number ${i}!`)).status).toBe(401);
      const waiting = await attacker.signIn('target@example.com', 'guess number 6!');
      expect(waiting.status).toBe(429);
      expect(errorMessage(waiting)).toMatch(/Too many wrong passwords for this email from your address/);
      const firstWait = Number(waiting.headers.get('retry-after'));
      expect(firstWait).toBeGreaterThanOrEqual(1);
      // Even the right password waits on this client: the wait is the throttle.
      expect((await attacker.signIn('target@example.com')).status).toBe(429);

      // The owner, on their own device, is not held back at all.
      expect((await new ApiClient().signIn('target@example.com')).status).toBe(200);

      // After the wait, one more wrong guess is answered, and the next wait is longer.
      await new Promise((resolve) => setTimeout(resolve, firstWait * 1000 + 200));
      expect((await attacker.signIn('target@example.com', 'guess number 7!')).status).toBe(401);
      const longer = await attacker.signIn('target@example.com', 'guess number 8!');
      expect(longer.status).toBe(429);
      expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(firstWait);
    });

    it('limits sign-up attempts per client, counting those that find the email taken', async () => {
      await new ApiClient().signUp('taken@example.com');
      const prober = new ApiClient();
      for (let i = 0; i < 20; i += 1) expect((await prober.signUp('taken@example.com')).status).toBe(409);
      const limited = await prober.signUp('taken@example.com');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Someone else can still sign up.
      expect((await new ApiClient().signUp('newcomer@example.com')).status).toBe(201);
    });
  });

  describe('settings, export and deletion', () => {
    it('stores a valid time zone and refuses an unknown one', async () => {
      const client = new ApiClient();
      await client.signUp('tz@example.com');
      expect((await client.patch('/api/account/settings', { timeZone: 'America/Chicago' })).status).toBe(200);
      const bad = await client.patch('/api/account/settings', { timeZone: 'Atlantis/Capital' });
      expect(bad.status).toBe(422);
      expect(errorMessage(bad)).toMatch(/Choose a time zone/);
      expect((await client.get('/api/account')).body.timeZone).toBe('America/Chicago');
    });

    it('exports the user’s own data as JSON and their submissions as CSV', async () => {
      const { client } = await guestWithWork();
      await client.signUp('ex@example.com');
      await guestWithWork(new ApiClient()); // someone else's work
      const json = await client.get('/api/account/export');
      expect(json.status).toBe(200);
      expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="ml-practice-data-\d{4}-\d\d-\d\d\.json"/);
      expect(json.body).toMatchObject({ account: { email: 'ex@example.com', guest: false, timeZone: 'Europe/Paris' } });
      expect((json.body.submissions as unknown[]).length).toBe(2);
      expect((json.body.drafts as unknown[]).length).toBe(1);
      expect((json.body.events as unknown[]).length).toBe(1);
      expect(json.text).not.toContain('password');
      const csv = await client.get('/api/account/export?format=csv');
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('id,created_at,exercise_id,track,exercise,mode,status,tests_passed,tests_total,duration_ms,message,code');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('scale-without-leakage');
    });

    it('deletes the account and everything of it only after the typed confirmation', async () => {
      const { client } = await guestWithWork();
      await client.signUp('bye@example.com');
      const userId = (await userIdOf('bye@example.com'))!;
      const bystander = await guestWithWork(new ApiClient());
      const before = await rowsOf(userId);
      expect(before).toEqual({ users: 1, accounts: 1, sessions: 1, submissions: 2, drafts: 1, exercise_events: 1 });
      const bystanderRows = await rowsOf(bystander.guestId);
      expect(bystanderRows).toEqual({ users: 1, accounts: 0, sessions: 0, submissions: 2, drafts: 1, exercise_events: 1 });
      const refused = await client.delete('/api/account', { confirm: 'yes' });
      expect(refused.status).toBe(422);
      expect(errorMessage(refused)).toMatch(/Nothing was deleted/);
      expect(await rowsOf(userId)).toEqual(before);

      expect((await client.delete('/api/account', { confirm: 'BYE@example.com' })).status).toBe(200);
      expect(await rowsOf(userId)).toEqual({ users: 0, accounts: 0, sessions: 0, submissions: 0, drafts: 0, exercise_events: 0 });
      expect(client.cookies.size).toBe(0);
      expect(await rowsOf(bystander.guestId)).toEqual(bystanderRows);
      // The email is free again.
      expect((await new ApiClient().signUp('bye@example.com')).status).toBe(201);
    });

    it('lets a guest delete their data with the phrase', async () => {
      const { client, guestId } = await guestWithWork();
      const bystander = await guestWithWork(new ApiClient());
      expect(await rowsOf(guestId)).toEqual({ users: 1, accounts: 0, sessions: 0, submissions: 2, drafts: 1, exercise_events: 1 });
      expect((await client.delete('/api/account', { confirm: 'delete my data' })).status).toBe(200);
      expect(await rowsOf(guestId)).toEqual({ users: 0, accounts: 0, sessions: 0, submissions: 0, drafts: 0, exercise_events: 0 });
      expect(client.cookies.has('guest_id')).toBe(false);
      expect(await rowsOf(bystander.guestId)).toEqual({ users: 1, accounts: 0, sessions: 0, submissions: 2, drafts: 1, exercise_events: 1 });
    });
  });

  describe('deletion leaves nothing behind', () => {
    it('clears the cookies the browser holds, under their real names, Secure over https', async () => {
      const client = new ApiClient({ https: true });
      expect((await client.patch('/api/account/settings', { timeZone: 'Europe/Paris' })).status).toBe(200);
      expect((await client.signUp('secure@example.com')).status).toBe(201);
      client.cookies.set('tz', 'Europe%2FParis');
      const held = [...client.cookies.keys()].sort();
      expect(held).toContain('__Secure-mps.session_token');

      const reply = await client.delete('/api/account', { confirm: 'secure@example.com' });
      expect(reply.status).toBe(200);
      const cleared = reply.headers.getSetCookie();
      expect(cleared.map((c) => c.split('=')[0]).sort()).toEqual(held);
      for (const cookie of cleared) expect(cookie).toMatch(/Max-Age=0.*; Secure/);
      expect(client.cookies.size).toBe(0);
    });

    it('sets every cookie Secure over https and none over plain http', async () => {
      const secure = new ApiClient({ https: true });
      const signedUp = await secure.signUp('https@example.com');
      expect(signedUp.headers.getSetCookie().length).toBeGreaterThan(0);
      for (const cookie of signedUp.headers.getSetCookie()) expect(cookie).toMatch(/;\s*Secure/i);
      const guest = await new ApiClient({ https: true }).patch('/api/account/settings', { timeZone: 'Europe/Paris' });
      expect(guest.headers.getSetCookie()[0]).toMatch(/^guest_id=.*; Secure$/);

      const plain = await new ApiClient().signUp('http@example.com');
      for (const cookie of plain.headers.getSetCookie()) expect(cookie).not.toMatch(/Secure/i);
    });
  });
});

/**
 * SQLite only: the app overwrites a deleted account's rows in the SQLite file and empties its
 * write-ahead log (forgetDeletedRows, with `secure_delete`). PostgreSQL keeps deleted rows' bytes in
 * its own files until VACUUM reuses the space, and the app has no file of its own to read there.
 */
describe('deletion leaves nothing behind in the SQLite file', () => {
  let project: ReturnType<typeof useTempProject>;
  /** The app database's own connection, for raw rows and the file's name. */
  let raw: Database.Database;

  beforeEach(async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    raw = await appSqliteConnection();
  });
  afterEach(async () => {
    await (await import('@/db/app-db')).closeAppDb();
    project.cleanup();
  });

  /** The raw bytes of the database file and its write-ahead log, as anyone with the files could read them. */
  function rawFiles(): Buffer {
    const file = raw.name;
    return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
  }

  it('leaves no trace of the deleted e-mail or code in the database file or its log', async () => {
    const email = 'erase-me-7c1f@example.com';
    const code = 'export const erasedMarker = "CODE_MARKER_5e2a_d41c";';
    const client = new ApiClient();
    expect((await client.signUp(email)).status).toBe(201);
    expect((await client.put(`/api/exercises/${EXERCISE}/draft`, { code, baseVersion: 0 })).status).toBe(200);
    raw
      .prepare("INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms, created_at) SELECT 's1', id, ?, 'submit', ?, 'fail', 1, '[]', 5, 0 FROM users WHERE email = ?")
      .run(EXERCISE, code, email);
    // Someone else's rows stay.
    const other = new ApiClient();
    await other.signUp('stays@example.com');

    // Before: both are there to be read.
    expect(rawFiles().includes(email)).toBe(true);
    expect(rawFiles().includes('CODE_MARKER_5e2a_d41c')).toBe(true);

    expect((await client.delete('/api/account', { confirm: email })).status).toBe(200);
    const after = rawFiles();
    expect(after.includes(email)).toBe(false);
    expect(after.includes('CODE_MARKER_5e2a_d41c')).toBe(false);
    expect(after.includes('stays@example.com')).toBe(true);
  });
});
