import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { appSqliteConnection } from '@/test/helpers/app-sqlite-connection';
import { ApiClient, errorMessage } from '@/test/helpers/api-client';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';

const EXERCISE = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';
const OTHER_EXERCISE = '5d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a';

let project: ReturnType<typeof useTempProject>;
/** The app database's own connection, for raw rows. */
let raw: Database.Database;

beforeEach(async () => {
  project = useTempProject();
  writeFixtureCatalog(project.root);
  raw = await appSqliteConnection();
});
afterEach(() => project.cleanup());

const count = (sql: string, ...args: unknown[]) => (raw.prepare(sql).get(...args) as { n: number }).n;
/** How many rows of each table belong to a user (the account, its sign-in, sessions and work). */
const rowsOf = (userId: string) =>
  Object.fromEntries(
    ['users WHERE id', 'accounts WHERE user_id', 'sessions WHERE user_id', 'submissions WHERE user_id', 'drafts WHERE user_id', 'exercise_events WHERE user_id'].map((table) => [
      table.split(' ')[0],
      count(`SELECT count(*) n FROM ${table} = ?`, userId),
    ]),
  );
const userIdOf = (email: string) => (raw.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string } | undefined)?.id;

/** A guest (made by a real request) with two submissions, a draft and a hint reveal. */
async function guestWithWork(client = new ApiClient()) {
  expect((await client.patch('/api/account/settings', { timeZone: 'Europe/Paris' })).status).toBe(200);
  const guestId = client.cookies.get('guest_id')!;
  expect(guestId).toMatch(/^[0-9a-f-]{36}$/);
  const insert = raw.prepare(
    "INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms, created_at) VALUES (?, ?, ?, 'submit', ?, ?, 1, '[]', 5, ?)",
  );
  insert.run(`${guestId}-s1`, guestId, EXERCISE, 'guest attempt 1', 'fail', Date.parse('2025-05-01T10:00:00Z'));
  insert.run(`${guestId}-s2`, guestId, EXERCISE, 'guest attempt 2', 'pass', Date.parse('2025-05-01T10:05:00Z'));
  raw.prepare('INSERT INTO drafts (user_id, exercise_id, code, version, updated_at) VALUES (?, ?, ?, 3, ?)').run(guestId, EXERCISE, 'guest draft', Date.now());
  raw.prepare("INSERT INTO exercise_events (user_id, exercise_id, kind, hint_number, created_at) VALUES (?, ?, 'hint_revealed', 1, ?)").run(guestId, EXERCISE, Date.parse('2025-05-01T09:55:00Z'));
  return { client, guestId };
}

describe('sign up', () => {
  it('creates an account with a hashed password and a session, and moves the guest’s work into it', async () => {
    const { client, guestId } = await guestWithWork();
    const reply = await client.signUp('ada@example.com');
    expect(reply.status).toBe(201);
    expect(client.cookies.has('mps.session_token')).toBe(true);
    expect(client.cookies.has('guest_id')).toBe(false);

    const userId = userIdOf('ada@example.com')!;
    const stored = raw.prepare("SELECT password FROM accounts WHERE user_id = ? AND provider_id = 'credential'").get(userId) as { password: string };
    expect(stored.password).not.toContain('maple');
    expect(stored.password.length).toBeGreaterThan(40);

    expect(count('SELECT count(*) n FROM submissions WHERE user_id = ?', userId)).toBe(2);
    expect(count('SELECT count(*) n FROM drafts WHERE user_id = ?', userId)).toBe(1);
    expect(count('SELECT count(*) n FROM exercise_events WHERE user_id = ?', userId)).toBe(1);
    expect(count('SELECT count(*) n FROM users WHERE id = ?', guestId)).toBe(0);
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
    expect(count('SELECT count(*) n FROM users WHERE is_guest = 0')).toBe(1);
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
    expect(count('SELECT count(*) n FROM submissions WHERE user_id = ?', guestId)).toBe(2);
    expect(client.cookies.get('guest_id')).toBe(guestId);
  });

  it('merges a guest into an existing account on sign-in: the newer draft wins, events keep the earlier time', async () => {
    const owner = new ApiClient();
    await owner.signUp('lin@example.com');
    const userId = userIdOf('lin@example.com')!;
    raw.prepare('INSERT INTO drafts (user_id, exercise_id, code, version, updated_at) VALUES (?, ?, ?, 7, ?)').run(userId, EXERCISE, 'older account draft', Date.now() - 60_000);
    raw.prepare('INSERT INTO drafts (user_id, exercise_id, code, version, updated_at) VALUES (?, ?, ?, 1, ?)').run(userId, OTHER_EXERCISE, 'untouched', Date.now());
    raw.prepare("INSERT INTO exercise_events (user_id, exercise_id, kind, hint_number, created_at) VALUES (?, ?, 'hint_revealed', 1, ?)").run(userId, EXERCISE, Date.parse('2025-06-01T00:00:00Z'));

    const { client } = await guestWithWork();
    expect((await client.signIn('LIN@example.com')).status).toBe(200);
    const drafts = raw.prepare('SELECT exercise_id, code, version FROM drafts WHERE user_id = ? ORDER BY exercise_id').all(userId);
    expect(drafts).toEqual([
      { exercise_id: EXERCISE, code: 'guest draft', version: 8 },
      { exercise_id: OTHER_EXERCISE, code: 'untouched', version: 1 },
    ]);
    const hint = raw.prepare('SELECT created_at FROM exercise_events WHERE user_id = ?').all(userId) as { created_at: number }[];
    expect(hint).toEqual([{ created_at: Date.parse('2025-05-01T09:55:00Z') }]);
    expect(count('SELECT count(*) n FROM submissions WHERE user_id = ?', userId)).toBe(2);
  });

  it('signs out, and treats an expired session as signed out with a note, losing nothing', async () => {
    const client = new ApiClient();
    await client.signUp('mo@example.com');
    expect((await client.post('/api/account/sign-out')).status).toBe(200);
    expect(client.cookies.has('mps.session_token')).toBe(false);
    expect((await client.get('/api/account')).body).toMatchObject({ signedIn: false, sessionExpired: false });

    expect((await client.signIn('mo@example.com')).status).toBe(200);
    raw.prepare('UPDATE sessions SET expires_at = ?').run(Date.now() - 1000);
    expect((await client.get('/api/account')).body).toMatchObject({ signedIn: false, sessionExpired: true });
    // Work done meanwhile goes to a guest, and moves into the account on the next sign-in.
    await client.patch('/api/account/settings', { timeZone: 'Asia/Tokyo' });
    const guestId = client.cookies.get('guest_id')!;
    raw.prepare("INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms) VALUES ('late', ?, ?, 'run', 'x', 'fail', 1, '[]', 1)").run(guestId, EXERCISE);
    expect((await client.signIn('mo@example.com')).status).toBe(200);
    expect(count("SELECT count(*) n FROM submissions WHERE id = 'late' AND user_id = ?", userIdOf('mo@example.com'))).toBe(1);
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
    const userId = userIdOf('bye@example.com')!;
    const bystander = await guestWithWork(new ApiClient());
    const before = rowsOf(userId);
    expect(before).toEqual({ users: 1, accounts: 1, sessions: 1, submissions: 2, drafts: 1, exercise_events: 1 });
    const bystanderRows = rowsOf(bystander.guestId);
    expect(bystanderRows).toEqual({ users: 1, accounts: 0, sessions: 0, submissions: 2, drafts: 1, exercise_events: 1 });
    const refused = await client.delete('/api/account', { confirm: 'yes' });
    expect(refused.status).toBe(422);
    expect(errorMessage(refused)).toMatch(/Nothing was deleted/);
    expect(rowsOf(userId)).toEqual(before);

    expect((await client.delete('/api/account', { confirm: 'BYE@example.com' })).status).toBe(200);
    expect(rowsOf(userId)).toEqual({ users: 0, accounts: 0, sessions: 0, submissions: 0, drafts: 0, exercise_events: 0 });
    expect(client.cookies.size).toBe(0);
    expect(rowsOf(bystander.guestId)).toEqual(bystanderRows);
    // The email is free again.
    expect((await new ApiClient().signUp('bye@example.com')).status).toBe(201);
  });

  it('lets a guest delete their data with the phrase', async () => {
    const { client, guestId } = await guestWithWork();
    const bystander = await guestWithWork(new ApiClient());
    expect(rowsOf(guestId)).toEqual({ users: 1, accounts: 0, sessions: 0, submissions: 2, drafts: 1, exercise_events: 1 });
    expect((await client.delete('/api/account', { confirm: 'delete my data' })).status).toBe(200);
    expect(rowsOf(guestId)).toEqual({ users: 0, accounts: 0, sessions: 0, submissions: 0, drafts: 0, exercise_events: 0 });
    expect(client.cookies.has('guest_id')).toBe(false);
    expect(rowsOf(bystander.guestId)).toEqual({ users: 1, accounts: 0, sessions: 0, submissions: 2, drafts: 1, exercise_events: 1 });
  });
});

/** The raw bytes of the database file and its write-ahead log, as anyone with the files could read them. */
function rawFiles(): Buffer {
  const file = raw.name;
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describe('deletion leaves nothing behind', () => {
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
