import { NextRequest } from 'next/server';
import { asc, count, eq, ne } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { ApiClient } from '@/test/helpers/api-client';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { appData, useAppEngine } from '@/test/helpers/use-app-engine';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';

const EXERCISE = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';
const ALICE_SUBMISSION = '7d1c8f0e-2b4a-4c6d-9e8f-0a1b2c3d4e5f';

/** The id of the account signed up with `email`. */
async function userIdOf(email: string): Promise<string> {
  const { db, tables } = await appData();
  const [row] = await db.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.email, email));
  return row!.id;
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  let project: ReturnType<typeof useTempProject>;
  let alice: ApiClient;
  let bob: ApiClient;
  let aliceId: string;

  beforeEach(async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    await engine.start();
    alice = new ApiClient();
    bob = new ApiClient();
    await alice.signUp('alice@example.com');
    await bob.signUp('bob@example.com');
    aliceId = await userIdOf('alice@example.com');
    const { db, tables } = await appData();
    const submission = { userId: aliceId, exerciseId: EXERCISE, resultVersion: 1, testsJson: '[]', durationMs: 5 };
    await db.insert(tables.submissions).values([
      { ...submission, id: 'alice-secret-submission', mode: 'submit', code: 'ALICE_CODE', status: 'pass' },
      { ...submission, id: ALICE_SUBMISSION, mode: 'run', code: 'ALICE_RUN_CODE', status: 'fail' },
    ]);
    await db.insert(tables.drafts).values({ userId: aliceId, exerciseId: EXERCISE, code: 'ALICE_DRAFT', version: 3, updatedAt: new Date(0) });
    await db.insert(tables.exerciseEvents).values({ userId: aliceId, exerciseId: EXERCISE, kind: 'solution_revealed', hintNumber: 0 });
  });
  afterEach(async () => {
    await engine.stop();
    project.cleanup();
  });

  async function aliceDraft() {
    const { db, tables } = await appData();
    const { drafts } = tables;
    const [row] = await db.select({ code: drafts.code, version: drafts.version }).from(drafts).where(eq(drafts.userId, aliceId));
    return row;
  }
  /** How many submissions, drafts and exercise events Alice has. */
  async function aliceRows(): Promise<number[]> {
    const { db, tables } = await appData();
    const { submissions, drafts, exerciseEvents } = tables;
    const counts = await Promise.all([
      db.select({ n: count() }).from(submissions).where(eq(submissions.userId, aliceId)),
      db.select({ n: count() }).from(drafts).where(eq(drafts.userId, aliceId)),
      db.select({ n: count() }).from(exerciseEvents).where(eq(exerciseEvents.userId, aliceId)),
    ]);
    return counts.map(([row]) => row!.n);
  }

  describe('one user never reaches another’s data through any route', () => {
    it('shows Alice her own progress and Bob none of it', async () => {
      const mine = await alice.get('/api/progress');
      expect(mine.body).toMatchObject({ solved: 1 });
      expect(JSON.stringify(mine.body.recent)).toContain('alice-secret-submission');
      const theirs = await bob.get('/api/progress');
      expect(theirs.status).toBe(200);
      expect(theirs.body).toMatchObject({ solved: 0, recent: [] });
      expect(theirs.text).not.toContain('alice-secret-submission');
    });

    it('opens a submission only for its owner; another user’s id answers like a missing one', async () => {
      const mine = await alice.get('/api/submissions/alice-secret-submission');
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ id: 'alice-secret-submission', code: 'ALICE_CODE', result: { status: 'pass' } });
      const theirs = await bob.get('/api/submissions/alice-secret-submission');
      const missing = await bob.get('/api/submissions/no-such-submission');
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(missing.body);
      expect(theirs.text).not.toContain('ALICE_CODE');
      expect((await new ApiClient().get('/api/submissions/alice-secret-submission')).status).toBe(404);
    });

    it('keeps drafts apart: Bob reads and writes only his own draft of the same exercise, whatever version he sends', async () => {
      expect((await alice.get(`/api/exercises/${EXERCISE}/draft`)).body).toMatchObject({ draft: { code: 'ALICE_DRAFT', version: 3 } });
      const read = await bob.get(`/api/exercises/${EXERCISE}/draft`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ draft: null });
      // Version 0 starts Bob's own draft; Alice's version (3) and any other are stale for Bob's draft.
      const writes = [];
      for (const baseVersion of [0, 3, 99]) writes.push(await bob.put(`/api/exercises/${EXERCISE}/draft`, { code: `BOB_${baseVersion}`, baseVersion }));
      expect(writes.map((w) => w.status)).toEqual([200, 409, 409]);
      expect(writes.map((w) => w.body.draft)).toEqual(Array(3).fill(expect.objectContaining({ code: 'BOB_0', version: 1 })));
      const next = await bob.put(`/api/exercises/${EXERCISE}/draft`, { code: 'BOB_NEXT', baseVersion: 1 });
      expect(next.status).toBe(200);
      expect(await aliceDraft()).toEqual({ code: 'ALICE_DRAFT', version: 3 });
      const bobId = await userIdOf('bob@example.com');
      const { db, tables } = await appData();
      const { drafts } = tables;
      expect(await db.select({ userId: drafts.userId, code: drafts.code, version: drafts.version }).from(drafts).where(ne(drafts.userId, aliceId))).toEqual([{ userId: bobId, code: 'BOB_NEXT', version: 2 }]);
      expect((await bob.get(`/api/exercises/${EXERCISE}/draft`)).body).toEqual({ draft: expect.objectContaining({ code: 'BOB_NEXT', version: 2 }) });
    });

    it('records hint and solution reveals for the caller only, and lists only the caller’s attempts', async () => {
      const hints = await bob.post(`/api/exercises/${EXERCISE}/hints`);
      expect(hints.status).toBe(200);
      expect((hints.body.hints as string[]).length).toBe(1);
      expect((await bob.post(`/api/exercises/${EXERCISE}/solution`)).status).toBe(200);
      const { db, tables } = await appData();
      const { exerciseEvents } = tables;
      const events = await db.select({ kind: exerciseEvents.kind }).from(exerciseEvents).where(eq(exerciseEvents.userId, aliceId)).orderBy(asc(exerciseEvents.kind));
      expect(events).toEqual([{ kind: 'solution_revealed' }]);
      expect(await aliceRows()).toEqual([2, 1, 1]);

      expect(((await alice.get(`/api/exercises/${EXERCISE}/submissions`)).body.submissions as unknown[]).length).toBe(2);
      const list = await bob.get(`/api/exercises/${EXERCISE}/submissions`);
      expect(list.body).toEqual({ submissions: [] });
      expect((await alice.get(`/api/exercises/${EXERCISE}/submissions/${ALICE_SUBMISSION}`)).status).toBe(200);
      const theirs = await bob.get(`/api/exercises/${EXERCISE}/submissions/${ALICE_SUBMISSION}`);
      const missing = await bob.get(`/api/exercises/${EXERCISE}/submissions/0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b`);
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(missing.body);
      expect(theirs.text).not.toContain('ALICE_RUN_CODE');
    });

    it('exports only the caller’s rows', async () => {
      const bobId = await userIdOf('bob@example.com');
      const { db, tables } = await appData();
      await db
        .insert(tables.submissions)
        .values({ id: 'bob-submission', userId: bobId, exerciseId: EXERCISE, mode: 'submit', code: 'BOB_CODE', status: 'fail', resultVersion: 1, testsJson: '[]', durationMs: 7 });
      const exported = await bob.get('/api/account/export');
      expect(exported.status).toBe(200);
      expect(exported.body).toMatchObject({ format: 'ml-practice-studio-export', account: { email: 'bob@example.com' }, drafts: [], events: [] });
      expect((exported.body.submissions as { id: string; code: string }[]).map((row) => [row.id, row.code])).toEqual([['bob-submission', 'BOB_CODE']]);
      expect(exported.text).not.toMatch(/ALICE_|alice@/);
      const csv = await bob.get('/api/account/export?format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = csv.text.trim().split(/\r?\n/);
      expect(rows).toHaveLength(2);
      expect(rows[1]).toMatch(/^bob-submission,.*,BOB_CODE$/);
      expect(csv.text).not.toContain('ALICE_');
    });

    it('deletes and changes only the caller, whatever the body names', async () => {
      expect((await bob.delete('/api/account', { confirm: 'alice@example.com' })).status).toBe(422);
      expect(await aliceRows()).toEqual([2, 1, 1]);
      expect((await bob.patch('/api/account/settings', { timeZone: 'Asia/Tokyo', userId: aliceId })).status).toBe(200);
      const { db, tables } = await appData();
      const { users } = tables;
      expect(await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, aliceId))).toEqual([{ timeZone: null }]);
      expect((await bob.delete('/api/account', { confirm: 'bob@example.com', userId: aliceId })).status).toBe(200);
      expect(await aliceRows()).toEqual([2, 1, 1]);
    });

    it('ignores a guest cookie that names an account (ids swapped or guessed)', async () => {
      const forger = new ApiClient();
      forger.cookies.set('guest_id', aliceId);
      const progress = await forger.get('/api/progress');
      expect(progress.body).toMatchObject({ solved: 0, recent: [] });
      expect((await forger.get('/api/account/export')).status).toBe(404);
      expect((await forger.delete('/api/account', { confirm: 'delete my data' })).status).toBe(404);
      // Signing up with a forged guest cookie merges nothing of Alice's.
      await forger.signUp('forger@example.com');
      expect(await aliceRows()).toEqual([2, 1, 1]);
      const { db, tables } = await appData();
      expect(await db.select({ n: count() }).from(tables.users).where(eq(tables.users.id, aliceId))).toEqual([{ n: 1 }]);
    });

    it('does not accept a made-up or tampered session cookie', async () => {
      const forger = new ApiClient();
      const { db, tables } = await appData();
      const [{ token }] = (await db.select({ token: tables.sessions.token }).from(tables.sessions).where(eq(tables.sessions.userId, aliceId))) as [{ token: string }];
      forger.cookies.set('mps.session_token', `${token}.forged-signature`);
      expect((await forger.get('/api/account')).body).toMatchObject({ signedIn: false });
      expect((await forger.get('/api/progress')).body).toMatchObject({ solved: 0 });
    });

    it('needs a session for account data: a signed-out browser sees nothing', async () => {
      await alice.post('/api/account/sign-out');
      expect((await alice.get('/api/progress')).body).toMatchObject({ solved: 0, recent: [] });
      expect((await alice.get('/api/account/export')).status).toBe(404);
    });
  });

});

describe('cross-site request protection (proxy.ts)', () => {
  const request = (method: string, headers: Record<string, string>) =>
    new NextRequest('http://127.0.0.1:3000/api/account', { method, headers: { host: '127.0.0.1:3000', ...headers } });
  const refused = (response: Response) => response.status === 403;

  it('refuses state-changing requests from another site', async () => {
    expect(refused(proxy(request('POST', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })))).toBe(true);
    expect(refused(proxy(request('DELETE', { 'sec-fetch-site': 'same-site' })))).toBe(true);
    expect(refused(proxy(request('PATCH', { origin: 'http://127.0.0.1:4000' })))).toBe(true);
    expect(refused(proxy(request('POST', { origin: 'null' })))).toBe(true);
    const body = (await proxy(request('POST', { origin: 'https://evil.example' })).json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/another site/);
  });

  it('lets the app’s own pages, reads and non-browser clients through', () => {
    expect(refused(proxy(request('POST', { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })))).toBe(false);
    expect(refused(proxy(request('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })))).toBe(false);
    expect(refused(proxy(request('POST', {})))).toBe(false);
  });
});
