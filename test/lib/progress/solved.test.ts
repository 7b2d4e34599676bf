import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { GradeMode, SubmissionStatus } from '@/lib/grading/result';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { useAppEngine } from '@/test/helpers/use-app-engine';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { CATALOG } from './catalog-fixture';

let project: ReturnType<typeof useTempProject>;
let db: AppDb;
let lib: {
  recordExerciseEvent: typeof import('@/lib/workspace/record-exercise-event').recordExerciseEvent;
  recordSubmission: typeof import('@/lib/submissions/record-submission').recordSubmission;
  getExerciseProgress: typeof import('@/lib/progress/get-exercise-progress').getExerciseProgress;
  getDashboard: typeof import('@/lib/progress/get-dashboard').getDashboard;
  getExerciseStatuses: typeof import('@/lib/progress/get-dashboard').getExerciseStatuses;
};

const EXERCISE = CATALOG[0]!.id;
const OTHER = CATALOG[1]!.id;

async function newUser(): Promise<string> {
  const { createGuest } = await import('@/lib/auth/guest-user');
  return (await createGuest(db)).id;
}

function attempt(userId: string, exerciseId: string, mode: GradeMode, status: SubmissionStatus): Promise<string> {
  return lib.recordSubmission(db, { userId, exerciseId, mode, code: `// ${mode} ${status}`, result: { version: 2, status, tests: [], durationMs: 1 } });
}

/** What each reader says: the exercise page, the catalog's badge and the dashboard's count. */
async function readers(userId: string, exerciseId: string) {
  const dashboard = await lib.getDashboard(db, userId, CATALOG, 'UTC');
  return {
    exercisePage: (await lib.getExerciseProgress(db, userId, exerciseId, 'UTC')).solved,
    catalog: ['solved', 'due'].includes((await lib.getExerciseStatuses(db, userId, CATALOG, 'UTC')).get(exerciseId) ?? ''),
    dashboard: ['solved', 'due'].includes(dashboard.statusById[exerciseId] ?? ''),
  };
}

/** Opens the temporary project's app database (getAppDb): `engine`'s, or SQLite's by default; and the lib functions under test on it. */
async function openApp(engine?: ReturnType<typeof useAppEngine>): Promise<void> {
  await engine?.start();
  db = await (await import('@/db/app-db')).getAppDb();
  lib = {
    ...(await import('@/lib/workspace/record-exercise-event')),
    ...(await import('@/lib/submissions/record-submission')),
    ...(await import('@/lib/progress/get-exercise-progress')),
    ...(await import('@/lib/progress/get-dashboard')),
  };
}
async function tearDown(): Promise<void> {
  await (await import('@/db/app-db')).closeAppDb();
  project.cleanup();
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  beforeAll(async () => {
    project = useTempProject();
    await openApp(engine);
  }, 60_000);
  afterAll(tearDown);

  describe('one meaning of solved, read alike by the exercise page, the catalog and the dashboard', () => {
    it('a first passing submit solves; runs and failed submits do not', async () => {
      const user = await newUser();
      expect(await readers(user, EXERCISE)).toEqual({ exercisePage: false, catalog: false, dashboard: false });
      await attempt(user, EXERCISE, 'run', 'pass');
      await attempt(user, EXERCISE, 'submit', 'fail');
      expect(await readers(user, EXERCISE)).toEqual({ exercisePage: false, catalog: false, dashboard: false });
      await attempt(user, EXERCISE, 'submit', 'pass');
      expect(await readers(user, EXERCISE)).toEqual({ exercisePage: true, catalog: true, dashboard: true });
      expect((await lib.getDashboard(db, user, CATALOG, 'UTC')).solved).toBe(1);
    });

    it('a passing submit stored without its milestone row (before exercise_events existed) counts everywhere', async () => {
      const user = await newUser();
      await attempt(user, EXERCISE, 'submit', 'pass');
      const { exerciseEvents } = tablesOf(db);
      expect(await db.select({ n: count() }).from(exerciseEvents).where(and(eq(exerciseEvents.userId, user), eq(exerciseEvents.kind, 'solved')))).toEqual([{ n: 0 }]);
      expect(await readers(user, EXERCISE)).toEqual({ exercisePage: true, catalog: true, dashboard: true });
    });

    it('a milestone row alone is not a solve', async () => {
      const user = await newUser();
      await lib.recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'solved' });
      expect(await readers(user, EXERCISE)).toEqual({ exercisePage: false, catalog: false, dashboard: false });
    });

    it('counts hints and the solution reveal per user and exercise, each milestone once', async () => {
      const user = await newUser();
      const other = await newUser();
      expect(await lib.recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 1 })).toBe(true);
      expect(await lib.recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 1 })).toBe(false);
      expect(await lib.recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'hint_revealed', hintNumber: 2 })).toBe(true);
      expect(await lib.recordExerciseEvent(db, { userId: user, exerciseId: EXERCISE, kind: 'solution_revealed' })).toBe(true);
      expect(await lib.getExerciseProgress(db, user, EXERCISE, 'UTC')).toMatchObject({ hintsRevealed: 2, solutionRevealedAt: expect.any(Date), solved: false, status: 'revealed' });
      expect(await lib.getExerciseProgress(db, user, OTHER, 'UTC')).toMatchObject({ hintsRevealed: 0, solutionRevealedAt: null });
      expect(await lib.getExerciseProgress(db, other, EXERCISE, 'UTC')).toMatchObject({ hintsRevealed: 0, solutionRevealedAt: null, status: 'not-started' });
      expect(await lib.getExerciseProgress(db, undefined, EXERCISE, 'UTC')).toMatchObject({ solved: false, status: 'not-started' });
    });
  });

});

/**
 * SQLite only: the backfill is SQLite's migration 0005, for databases made before solved
 * milestones had rows. PostgreSQL's schema begins after it (db/pg-migrations has no backfill).
 */
describe('the backfill migration of solved milestones (SQLite)', () => {
  /** The database's connection, for raw rows and the migration's SQL. */
  let raw: Database.Database;
  beforeAll(async () => {
    project = useTempProject();
    await openApp();
    raw = (await import('@/db/app-db')).sqliteConnectionOf(db)!;
  }, 60_000);
  afterAll(tearDown);

  const migration = fs
    .readdirSync(path.resolve('db', 'migrations'))
    .find((name) => name.endsWith('_backfill_solved_events.sql'));

  function runMigration(): void {
    const sql = fs.readFileSync(path.resolve('db', 'migrations', migration!), 'utf8');
    for (const statement of sql.split('--> statement-breakpoint')) raw.exec(statement);
  }

  const solvedRows = (user: string) =>
    raw.prepare("SELECT exercise_id AS exerciseId, submission_id AS submissionId FROM exercise_events WHERE user_id = ? AND kind = 'solved' ORDER BY exercise_id").all(user);

  it('gives an old first passing submit its row, removes a row no passing submit backs, and leaves agreeing rows alone', async () => {
    expect(migration).toBeDefined();
    const old = await newUser();
    await attempt(old, EXERCISE, 'submit', 'fail');
    const first = await attempt(old, EXERCISE, 'submit', 'pass');
    raw.prepare('UPDATE submissions SET created_at = created_at - 1000 WHERE id = ?').run(first);
    await attempt(old, EXERCISE, 'submit', 'pass');
    await attempt(old, OTHER, 'run', 'pass');
    await lib.recordExerciseEvent(db, { userId: old, exerciseId: OTHER, kind: 'solved' });
    const current = await newUser();
    const solving = await attempt(current, EXERCISE, 'submit', 'pass');
    await lib.recordExerciseEvent(db, { userId: current, exerciseId: EXERCISE, kind: 'solved', submissionId: solving });

    runMigration();
    expect(solvedRows(old)).toEqual([{ exerciseId: EXERCISE, submissionId: first }]);
    expect(solvedRows(current)).toEqual([{ exerciseId: EXERCISE, submissionId: solving }]);
    runMigration();
    expect(solvedRows(old)).toEqual([{ exerciseId: EXERCISE, submissionId: first }]);
  });
});
