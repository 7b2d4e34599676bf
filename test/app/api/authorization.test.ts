import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { appSqliteConnection } from '@/test/helpers/app-sqlite-connection';
import { proxy } from '@/proxy';
import { ApiClient } from '@/test/helpers/api-client';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';

const EXERCISE = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';
const ALICE_SUBMISSION = '7d1c8f0e-2b4a-4c6d-9e8f-0a1b2c3d4e5f';

let project: ReturnType<typeof useTempProject>;
/** The app database's own connection, for raw rows. */
let raw: Database.Database;
let alice: ApiClient;
let bob: ApiClient;
let aliceId: string;

beforeEach(async () => {
  project = useTempProject();
  writeFixtureCatalog(project.root);
  raw = await appSqliteConnection();
  alice = new ApiClient();
  bob = new ApiClient();
  await alice.signUp('alice@example.com');
  await bob.signUp('bob@example.com');
  aliceId = (raw.prepare("SELECT id FROM users WHERE email = 'alice@example.com'").get() as { id: string }).id;
  raw
    .prepare("INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms) VALUES ('alice-secret-submission', ?, ?, 'submit', 'ALICE_CODE', 'pass', 1, '[]', 5)")
    .run(aliceId, EXERCISE);
  raw
    .prepare("INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms) VALUES (?, ?, ?, 'run', 'ALICE_RUN_CODE', 'fail', 1, '[]', 5)")
    .run(ALICE_SUBMISSION, aliceId, EXERCISE);
  raw.prepare("INSERT INTO drafts (user_id, exercise_id, code, version, updated_at) VALUES (?, ?, 'ALICE_DRAFT', 3, 0)").run(aliceId, EXERCISE);
  raw.prepare("INSERT INTO exercise_events (user_id, exercise_id, kind, hint_number) VALUES (?, ?, 'solution_revealed', 0)").run(aliceId, EXERCISE);
});
afterEach(() => project.cleanup());

const aliceDraft = () => raw.prepare('SELECT code, version FROM drafts WHERE user_id = ?').get(aliceId);
const aliceRows = () =>
  ['submissions', 'drafts', 'exercise_events'].map((table) => (raw.prepare(`SELECT count(*) n FROM ${table} WHERE user_id = ?`).get(aliceId) as { n: number }).n);

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
    expect(aliceDraft()).toEqual({ code: 'ALICE_DRAFT', version: 3 });
    const bobId = (raw.prepare("SELECT id FROM users WHERE email = 'bob@example.com'").get() as { id: string }).id;
    expect(raw.prepare('SELECT user_id, code, version FROM drafts WHERE user_id != ?').all(aliceId)).toEqual([{ user_id: bobId, code: 'BOB_NEXT', version: 2 }]);
    expect((await bob.get(`/api/exercises/${EXERCISE}/draft`)).body).toEqual({ draft: expect.objectContaining({ code: 'BOB_NEXT', version: 2 }) });
  });

  it('records hint and solution reveals for the caller only, and lists only the caller’s attempts', async () => {
    const hints = await bob.post(`/api/exercises/${EXERCISE}/hints`);
    expect(hints.status).toBe(200);
    expect((hints.body.hints as string[]).length).toBe(1);
    expect((await bob.post(`/api/exercises/${EXERCISE}/solution`)).status).toBe(200);
    const events = raw.prepare('SELECT kind FROM exercise_events WHERE user_id = ? ORDER BY kind').all(aliceId);
    expect(events).toEqual([{ kind: 'solution_revealed' }]);
    expect(aliceRows()).toEqual([2, 1, 1]);

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
    const bobId = (raw.prepare("SELECT id FROM users WHERE email = 'bob@example.com'").get() as { id: string }).id;
    raw
      .prepare("INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms) VALUES ('bob-submission', ?, ?, 'submit', 'BOB_CODE', 'fail', 1, '[]', 7)")
      .run(bobId, EXERCISE);
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
    expect(aliceRows()).toEqual([2, 1, 1]);
    expect((await bob.patch('/api/account/settings', { timeZone: 'Asia/Tokyo', userId: aliceId })).status).toBe(200);
    expect((raw.prepare('SELECT time_zone FROM users WHERE id = ?').get(aliceId) as { time_zone: string | null }).time_zone).toBeNull();
    expect((await bob.delete('/api/account', { confirm: 'bob@example.com', userId: aliceId })).status).toBe(200);
    expect(aliceRows()).toEqual([2, 1, 1]);
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
    expect(aliceRows()).toEqual([2, 1, 1]);
    expect((raw.prepare('SELECT count(*) n FROM users WHERE id = ?').get(aliceId) as { n: number }).n).toBe(1);
  });

  it('does not accept a made-up or tampered session cookie', async () => {
    const forger = new ApiClient();
    const token = (raw.prepare('SELECT token FROM sessions WHERE user_id = ?').get(aliceId) as { token: string }).token;
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
