import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { ApiClient } from '@/test/helpers/api-client';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';

const EXERCISE = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';

let project: ReturnType<typeof useTempProject>;
let db: Db;

beforeEach(async () => {
  project = useTempProject();
  writeFixtureCatalog(project.root);
  db = (await import('@/db/client')).getDb();
});
afterEach(() => project.cleanup());

/** The raw bytes of the database file and its write-ahead log, as anyone with the files could read them. */
function rawFiles(): Buffer {
  const file = db.$client.name;
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describe('account deletion', () => {
  it('leaves no trace of the deleted e-mail or code in the database file or its log', async () => {
    const email = 'erase-me-7c1f@example.com';
    const code = 'export const erasedMarker = "CODE_MARKER_5e2a_d41c";';
    const client = new ApiClient();
    expect((await client.signUp(email)).status).toBe(201);
    expect((await client.put(`/api/exercises/${EXERCISE}/draft`, { code, baseVersion: 0 })).status).toBe(200);
    db.$client
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
