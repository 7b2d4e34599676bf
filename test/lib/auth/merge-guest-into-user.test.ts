import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_TABLES, mergeGuestIntoUser, USER_DATA_TABLES } from '@/lib/auth/merge-guest-into-user';
import { useTestDatabase } from '@/test/helpers/use-test-database';

let t: ReturnType<typeof useTestDatabase>;
beforeEach(() => {
  t = useTestDatabase();
});
afterEach(() => t.close());

describe('mergeGuestIntoUser', () => {
  it('knows every table that holds a user’s rows (a new table must be added to the merge)', async () => {
    const tables = (t.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
      .map((row) => row.name)
      .filter((name) => (t.sqlite.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).some((c) => c.name === 'user_id'));
    expect(tables.sort()).toEqual([...USER_DATA_TABLES, ...AUTH_TABLES].sort());
  });

  it('never merges an account away, and does nothing for an unknown guest', async () => {
    const account = t.addUser('account');
    t.sqlite.prepare('UPDATE users SET is_guest = 0 WHERE id = ?').run(account);
    const other = t.addUser('other');
    t.addSubmission({ userId: account, exerciseId: 'x', at: new Date() });
    expect(await mergeGuestIntoUser(t.db, account, other)).toBeNull();
    expect(await mergeGuestIntoUser(t.db, 'nobody', other)).toBeNull();
    expect(await mergeGuestIntoUser(t.db, other, other)).toBeNull();
    expect((t.sqlite.prepare('SELECT count(*) n FROM submissions WHERE user_id = ?').get(account) as { n: number }).n).toBe(1);
  });

  it('moves submissions and reports what it moved', async () => {
    const guest = t.addUser('guest');
    const user = t.addUser('user');
    t.sqlite.prepare('UPDATE users SET is_guest = 0 WHERE id = ?').run(user);
    t.addSubmission({ userId: guest, exerciseId: 'x', at: new Date() });
    t.addSubmission({ userId: guest, exerciseId: 'y', at: new Date() });
    expect(await mergeGuestIntoUser(t.db, guest, user)).toEqual({ submissions: 2, drafts: 0, events: 0, interviews: 0 });
    expect((t.sqlite.prepare('SELECT count(*) n FROM users WHERE id = ?').get(guest) as { n: number }).n).toBe(0);
  });

  it('moves a guest’s mock interview, with its drafts and answers, into the account', async () => {
    const guest = t.addUser('guest');
    const user = t.addUser('user');
    t.sqlite.prepare('UPDATE users SET is_guest = 0 WHERE id = ?').run(user);
    t.sqlite.prepare("INSERT INTO interviews (id, user_id, track, minutes, seed, started_at, deadline_at) VALUES ('mock-1', ?, 'mix', 45, 7, 0, 2700000)").run(guest);
    t.sqlite.prepare("INSERT INTO interview_exercises (interview_id, position, exercise_id, draft_code, draft_version) VALUES ('mock-1', 0, 'x', 'GUEST_MOCK_DRAFT', 2)").run();
    t.sqlite.prepare("INSERT INTO interview_questions (interview_id, position, exercise_id, question_id, question_json, answer_json) VALUES ('mock-1', 0, 'x', 'q', '{}', '1')").run();
    t.addSubmission({ userId: guest, exerciseId: 'x', at: new Date() });
    t.sqlite.prepare("UPDATE submissions SET interview_id = 'mock-1'").run();
    expect(await mergeGuestIntoUser(t.db, guest, user)).toEqual({ submissions: 1, drafts: 0, events: 0, interviews: 1 });
    expect(t.sqlite.prepare('SELECT user_id FROM interviews').all()).toEqual([{ user_id: user }]);
    expect(t.sqlite.prepare('SELECT draft_code FROM interview_exercises').all()).toEqual([{ draft_code: 'GUEST_MOCK_DRAFT' }]);
    expect(t.sqlite.prepare('SELECT answer_json FROM interview_questions').all()).toEqual([{ answer_json: '1' }]);
    expect(t.sqlite.prepare('SELECT user_id, interview_id FROM submissions').all()).toEqual([{ user_id: user, interview_id: 'mock-1' }]);
  });
});
