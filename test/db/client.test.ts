import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatabaseOpenError, openDatabase, type Db } from '@/db/client';
import { drafts, submissions, users } from '@/db/schema';

const EXERCISE_A = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';
const EXERCISE_B = '5d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a';

let dir: string;
let db: Db;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-db-'));
  db = openDatabase(path.join(dir, 'nested', 'app.db'));
});

afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let nextId = 0;
function addUser(): string {
  const id = `user-${++nextId}`;
  db.insert(users).values({ id }).run();
  return id;
}

function addSubmission(userId: string, exerciseId: string, createdAt: Date): string {
  const id = `submission-${++nextId}`;
  db.insert(submissions)
    .values({ id, userId, exerciseId, mode: 'submit', code: 'export {}', status: 'fail', resultVersion: 1, testsJson: '[]', durationMs: 12, createdAt })
    .run();
  return id;
}

function addDraft(userId: string, exerciseId: string): void {
  db.insert(drafts).values({ userId, exerciseId, code: 'export {}', updatedAt: new Date() }).run();
}

/** "My submissions for an exercise, newest first". */
function mySubmissions(userId: string, exerciseId: string) {
  return db
    .select({ id: submissions.id, createdAt: submissions.createdAt })
    .from(submissions)
    .where(and(eq(submissions.userId, userId), eq(submissions.exerciseId, exerciseId)))
    .orderBy(desc(submissions.createdAt));
}

describe('openDatabase', () => {
  it('creates the folder and the file', () => {
    expect(fs.statSync(path.join(dir, 'nested', 'app.db')).isFile()).toBe(true);
  });

  it('turns on WAL, foreign keys and a busy timeout', () => {
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('creates the tables and indexes of the schema through the migrations', () => {
    const objects = db.$client
      .prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY type, name")
      .all() as { type: string; name: string }[];
    expect(objects).toEqual([
      { type: 'index', name: 'accounts_user_idx' },
      { type: 'index', name: 'drafts_user_exercise_idx' },
      { type: 'index', name: 'exercise_events_once_idx' },
      { type: 'index', name: 'exercise_events_user_created_idx' },
      { type: 'index', name: 'interview_exercises_once_idx' },
      { type: 'index', name: 'interviews_open_idx' },
      { type: 'index', name: 'interviews_user_started_idx' },
      { type: 'index', name: 'sessions_token_unique' },
      { type: 'index', name: 'sessions_user_idx' },
      { type: 'index', name: 'submissions_interview_auto_once_idx' },
      { type: 'index', name: 'submissions_interview_idx' },
      { type: 'index', name: 'submissions_user_exercise_created_idx' },
      { type: 'index', name: 'submissions_user_progress_idx' },
      { type: 'index', name: 'users_email_unique' },
      { type: 'table', name: 'accounts' },
      { type: 'table', name: 'app_settings' },
      { type: 'table', name: 'drafts' },
      { type: 'table', name: 'exercise_events' },
      { type: 'table', name: 'interview_exercises' },
      { type: 'table', name: 'interview_questions' },
      { type: 'table', name: 'interviews' },
      { type: 'table', name: 'rate_limits' },
      { type: 'table', name: 'sessions' },
      { type: 'table', name: 'submissions' },
      { type: 'table', name: 'users' },
      { type: 'table', name: 'verifications' },
    ]);
    const columns = (table: string) => (db.$client.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('submissions')).toEqual(['id', 'user_id', 'exercise_id', 'mode', 'code', 'status', 'message', 'result_version', 'tests_json', 'duration_ms', 'created_at', 'interview_id', 'auto_submitted']);
    expect(columns('drafts')).toEqual(['id', 'user_id', 'exercise_id', 'code', 'version', 'updated_at']);
  });

  it('applies the migrations only once when the same file is opened again', () => {
    const count = () => (db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'db', 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(count()).toBe(journal.entries.length);
    const userId = addUser();

    const again = openDatabase(path.join(dir, 'nested', 'app.db'));
    try {
      expect((again.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(journal.entries.length);
      expect(again.select().from(users).where(eq(users.id, userId)).all()).toHaveLength(1);
    } finally {
      again.$client.close();
    }
    expect(count()).toBe(journal.entries.length);
  });

  it('fills in the defaults of a new user', () => {
    const before = Date.now();
    const userId = addUser();
    const [user] = db.select().from(users).where(eq(users.id, userId)).all();
    expect(user).toMatchObject({ id: userId, email: null, isGuest: true });
    expect(user!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(user!.createdAt.getTime() - before)).toBeLessThan(60_000);
  });
});

describe('schema rules', () => {
  it('deleting a user deletes their drafts and submissions, and nobody else’s', () => {
    const leaving = addUser();
    const staying = addUser();
    addDraft(leaving, EXERCISE_A);
    addSubmission(leaving, EXERCISE_A, new Date(1_000));
    addSubmission(leaving, EXERCISE_B, new Date(2_000));
    addDraft(staying, EXERCISE_A);
    const kept = addSubmission(staying, EXERCISE_A, new Date(3_000));

    db.delete(users).where(eq(users.id, leaving)).run();

    expect(db.select().from(drafts).where(eq(drafts.userId, leaving)).all()).toEqual([]);
    expect(db.select().from(submissions).where(eq(submissions.userId, leaving)).all()).toEqual([]);
    expect(db.select().from(drafts).where(eq(drafts.userId, staying)).all()).toHaveLength(1);
    expect(db.select({ id: submissions.id }).from(submissions).where(eq(submissions.userId, staying)).all()).toEqual([{ id: kept }]);
  });

  it('refuses drafts and submissions of a user who does not exist', () => {
    expect(() => addDraft('nobody', EXERCISE_A)).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => addSubmission('nobody', EXERCISE_A, new Date())).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('keeps one draft per user and exercise', () => {
    const userId = addUser();
    const other = addUser();
    addDraft(userId, EXERCISE_A);
    expect(() => addDraft(userId, EXERCISE_A)).toThrow(/UNIQUE constraint failed: drafts\.user_id, drafts\.exercise_id/);
    addDraft(userId, EXERCISE_B);
    addDraft(other, EXERCISE_A);
    expect(db.select().from(drafts).where(eq(drafts.userId, userId)).all().map((d) => d.exerciseId).sort()).toEqual([EXERCISE_A, EXERCISE_B].sort());
  });

  it('keeps email addresses unique but allows many guests without one', () => {
    db.insert(users).values({ id: 'with-email-1', email: 'a@example.com', isGuest: false }).run();
    expect(() => db.insert(users).values({ id: 'with-email-2', email: 'a@example.com', isGuest: false }).run()).toThrow(/UNIQUE constraint failed: users\.email/);
    expect(() => {
      addUser();
      addUser();
    }).not.toThrow();
  });
});

describe('my submissions for an exercise, newest first', () => {
  it('returns only that user’s rows for that exercise, newest first', () => {
    const userId = addUser();
    const other = addUser();
    const oldest = addSubmission(userId, EXERCISE_A, new Date('2025-01-01T10:00:00Z'));
    const newest = addSubmission(userId, EXERCISE_A, new Date('2025-01-03T10:00:00Z'));
    const middle = addSubmission(userId, EXERCISE_A, new Date('2025-01-02T10:00:00Z'));
    addSubmission(userId, EXERCISE_B, new Date('2025-01-04T10:00:00Z'));
    addSubmission(other, EXERCISE_A, new Date('2025-01-05T10:00:00Z'));

    const rows = mySubmissions(userId, EXERCISE_A).all();
    expect(rows.map((r) => r.id)).toEqual([newest, middle, oldest]);
    expect(rows[0]!.createdAt).toEqual(new Date('2025-01-03T10:00:00Z'));
  });

  it('is answered from the index, without sorting', () => {
    const { sql, params } = mySubmissions('user-x', EXERCISE_A).toSQL();
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    // Either index on (user_id, exercise_id, created_at, ...) answers it.
    expect(plan).toMatch(/USING (COVERING )?INDEX submissions_user_(exercise_created|progress)_idx \(user_id=\? AND exercise_id=\?\)/);
    expect(plan).not.toContain('TEMP B-TREE');
    expect(plan).not.toMatch(/\bSCAN submissions\b(?! USING)/);
  });
});

describe('opening an unwritable DATABASE_PATH', () => {
  let blocker: string;

  beforeAll(() => {
    blocker = path.join(dir, 'a-regular-file');
    fs.writeFileSync(blocker, 'not a folder');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('throws DatabaseOpenError naming DATABASE_PATH and the path', () => {
    const file = path.join(blocker, 'app.db');
    let caught: unknown;
    try {
      openDatabase(file).$client.close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatabaseOpenError);
    expect((caught as Error).name).toBe('DatabaseOpenError');
    expect((caught as Error).message).toContain(`DATABASE_PATH=${file}`);
    expect((caught as Error).message).toContain('Point DATABASE_PATH at a writable file');
  });

  it('throws DatabaseOpenError when the path is an existing folder', () => {
    expect(() => openDatabase(dir).$client.close()).toThrow(DatabaseOpenError);
  });

  it('getAppDb reports the configured DATABASE_PATH the same way, and tries again on the next call', async () => {
    const file = path.join(blocker, 'nested', 'app.db');
    vi.stubEnv('DATABASE_PATH', file);
    vi.resetModules();
    const { getAppDb } = await import('@/db/app-db');
    await expect(getAppDb()).rejects.toMatchObject({ name: 'DatabaseOpenError' });
    await expect(getAppDb()).rejects.toThrow(`DATABASE_PATH=${file}`);
  });
});
