import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type Database from 'better-sqlite3';
import type { AppDb } from '@/db/app-db';
import type { GradeInput } from '@/lib/grading/grade-submission';
import type { GradeResult } from '@/lib/grading/result';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';
import { writeFixtureQuestions } from '@/test/helpers/write-fixture-questions';

/**
 * Grading itself is tested elsewhere; here a stand-in grader counts the submissions that reach it:
 * code containing PASS passes, anything else fails its hidden test.
 */
const graded = vi.hoisted(() => ({ codes: [] as string[], fail: false }));
vi.mock('@/lib/grading/grade-submission', () => ({
  MAX_CODE_BYTES: 100 * 1024,
  gradeSubmission: async ({ code, mode }: GradeInput): Promise<GradeResult> => {
    if (graded.fail) throw new Error('no grader could start');
    graded.codes.push(code);
    const pass = code.includes('PASS');
    const tests = [
      { id: 'visible', name: 'scales the training rows', visible: true, status: 'pass' as const, output: '', durationMs: 1 },
      ...(mode === 'submit' ? [{ id: 'hidden', name: 'keeps test rows unseen', visible: false, status: pass ? ('pass' as const) : ('fail' as const), output: '', durationMs: 1 }] : []),
    ];
    return { version: 2, status: pass ? 'pass' : 'fail', tests, durationMs: 2 };
  },
}));

let project: ReturnType<typeof useTempProject>;
let db: AppDb;
/** The same database's connection, for raw rows. */
let raw: Database.Database;
let userId: string;
const START = new Date('2026-03-02T10:00:00Z');
const at = (ms: number) => new Date(START.getTime() + ms);
const MINUTES_45 = 45 * 60_000;

async function lib() {
  return {
    ...(await import('@/lib/interview/start-interview')),
    ...(await import('@/lib/interview/get-interview')),
    ...(await import('@/lib/interview/submit-interview-attempt')),
    ...(await import('@/lib/interview/save-interview-draft')),
    ...(await import('@/lib/interview/answer-question')),
    ...(await import('@/lib/interview/finish-interview')),
    ...(await import('@/lib/interview/sweep-interviews')),
  };
}

/** The app's database, as the code under test opens it. */
async function openAppDb(): Promise<{ db: AppDb; raw: Database.Database }> {
  const { getAppDb, sqliteConnectionOf } = await import('@/db/app-db');
  const opened = await getAppDb();
  return { db: opened, raw: sqliteConnectionOf(opened)! };
}

/** A started mock and its two exercise ids. */
async function startMock(options: { seed?: number } = {}) {
  const { startInterview, getInterviewOrThrow, listInterviewExercises } = await lib();
  const { id } = await startInterview(db, userId, { track: 'mix', minutes: 45 }, { now: START, seed: options.seed ?? 11 });
  const exercises = (await listInterviewExercises(db, id)).map((row) => row.exerciseId);
  return { id, exercises, interview: () => getInterviewOrThrow(db, userId, id) };
}

const rows = (sql: string, ...args: unknown[]) => raw.prepare(sql).all(...args);

beforeEach(async () => {
  project = useTempProject();
  writeFixtureCatalog(project.root);
  writeFixtureQuestions(project.root);
  ({ db, raw } = await openAppDb());
  userId = 'user-1';
  raw.prepare("INSERT INTO users (id) VALUES ('user-1')").run();
  graded.codes = [];
  graded.fail = false;
});
afterEach(() => project.cleanup());

describe('starting a mock', () => {
  it('stores its seed, exercises and questions, and keeps the deadline on the server', async () => {
    const mock = await startMock({ seed: 11 });
    const interview = await mock.interview();
    expect(interview.seed).toBe(11);
    expect(interview.deadlineAt.getTime() - interview.startedAt.getTime()).toBe(MINUTES_45);
    expect(mock.exercises).toHaveLength(2);
    const questions = rows('SELECT exercise_id, question_id FROM interview_questions WHERE interview_id = ? ORDER BY position', mock.id) as { exercise_id: string }[];
    expect(questions).toHaveLength(4);
    expect(new Set(questions.map((q) => q.exercise_id))).toEqual(new Set(mock.exercises));
  });

  it('draws the same exercises and questions again from the same seed', async () => {
    const first = await startMock({ seed: 99 });
    const firstQuestions = rows('SELECT exercise_id, question_id FROM interview_questions WHERE interview_id = ? ORDER BY position', first.id);
    raw.prepare('UPDATE interviews SET finished_at = 1').run();
    const second = await startMock({ seed: 99 });
    expect(second.exercises).toEqual(first.exercises);
    expect(rows('SELECT exercise_id, question_id FROM interview_questions WHERE interview_id = ? ORDER BY position', second.id)).toEqual(firstQuestions);
  });

  it('refuses a second mock while one is open, naming the open one', async () => {
    const { id } = await startMock();
    const { startInterview } = await lib();
    await expect(startInterview(db, userId, { track: 'mix', minutes: 60 })).rejects.toMatchObject({ code: 'conflict', details: { extra: { interviewId: id } } });
  });

  it('ends after INTERVIEW_TEST_SECONDS when that test-only setting is set', async () => {
    vi.stubEnv('INTERVIEW_TEST_SECONDS', '30');
    vi.resetModules();
    ({ db, raw } = await openAppDb());
    const interview = await (await startMock()).interview();
    expect(interview.deadlineAt.getTime() - interview.startedAt.getTime()).toBe(30_000);
  });
});

describe('the deadline', () => {
  it('refuses a Run or Submit one second late, before any grading, and says what happens instead', async () => {
    const mock = await startMock();
    const { submitInterviewAttempt } = await lib();
    const send = (now: Date) => submitInterviewAttempt(db, { userId, client: 'c', interviewId: mock.id, exerciseId: mock.exercises[0]!, code: 'PASS', mode: 'submit', now });
    await expect(send(at(MINUTES_45 + 1000))).rejects.toMatchObject({
      code: 'deadline_passed',
      message: expect.stringMatching(/^Time is up: this mock interview ended at 10:45:00 UTC, and this Run or Submit arrived 1 s after it, so it does not count\. .*automatically.*\/interview\//),
    });
    expect(graded.codes).toEqual([]);
    expect(rows('SELECT id FROM submissions')).toEqual([]);
    const onTime = await send(at(MINUTES_45));
    expect(onTime.status).toBe('pass');
    expect(rows('SELECT interview_id, auto_submitted FROM submissions')).toEqual([{ interview_id: mock.id, auto_submitted: 0 }]);
  });

  it('takes the last draft autosave up to two seconds late, and nothing later', async () => {
    const mock = await startMock();
    const { saveInterviewDraft } = await lib();
    const save = (baseVersion: number, now: Date) => saveInterviewDraft(db, { userId, interviewId: mock.id, exerciseId: mock.exercises[0]!, code: `v${baseVersion}`, baseVersion, now });
    expect((await save(0, at(MINUTES_45 + 1500))).version).toBe(1);
    await expect(save(1, at(MINUTES_45 + 2001))).rejects.toMatchObject({ code: 'deadline_passed' });
    await expect(save(0, at(1000))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses an answer one second late', async () => {
    const mock = await startMock();
    const { answerQuestion } = await lib();
    expect(await answerQuestion(db, { userId, interviewId: mock.id, position: 0, answer: 1, now: at(MINUTES_45) })).toEqual({ saved: true });
    await expect(answerQuestion(db, { userId, interviewId: mock.id, position: 0, answer: 0, now: at(MINUTES_45 + 1000) })).rejects.toMatchObject({ code: 'deadline_passed' });
    expect(rows('SELECT answer_json FROM interview_questions WHERE position = 0')).toEqual([{ answer_json: '1' }]);
  });

  it('refuses everything once the mock is finished, even before its deadline', async () => {
    const mock = await startMock();
    const { finishInterview, submitInterviewAttempt } = await lib();
    expect(await finishInterview(db, (await mock.interview()), at(60_000))).toBe('finished');
    expect((await mock.interview()).endedBy).toBe('finished-early');
    await expect(submitInterviewAttempt(db, { userId, client: 'c', interviewId: mock.id, exerciseId: mock.exercises[0]!, code: 'x', mode: 'run', now: at(61_000) })).rejects.toMatchObject({
      code: 'deadline_passed',
      message: expect.stringContaining('This mock interview has ended'),
    });
  });
});

describe('auto-submit when time runs out', () => {
  async function mockWithDrafts() {
    const mock = await startMock();
    const { saveInterviewDraft, submitInterviewAttempt } = await lib();
    const [a, b] = mock.exercises as [string, string];
    // A: submitted once, then edited; B: only drafted.
    await submitInterviewAttempt(db, { userId, client: 'c', interviewId: mock.id, exerciseId: a, code: 'first try', mode: 'submit', now: at(60_000) });
    await saveInterviewDraft(db, { userId, interviewId: mock.id, exerciseId: a, code: 'A latest PASS', baseVersion: 0, now: at(120_000) });
    await saveInterviewDraft(db, { userId, interviewId: mock.id, exerciseId: b, code: 'B latest', baseVersion: 0, now: at(130_000) });
    graded.codes = [];
    return { ...mock, a, b };
  }
  const autoRows = () => rows('SELECT exercise_id, code FROM submissions WHERE auto_submitted = 1 ORDER BY code');

  it('submits the latest draft of each exercise exactly once, with two tabs and the server all finishing at once', async () => {
    const mock = await mockWithDrafts();
    const { finishInterview, sweepOverdueInterviews } = await lib();
    const late = at(MINUTES_45 + 5_000);
    const results = await Promise.all([finishInterview(db, (await mock.interview()), late), finishInterview(db, (await mock.interview()), late), sweepOverdueInterviews(db, late)]);
    expect(results.filter((r) => r === 'finished')).toHaveLength(1);
    expect(graded.codes.sort()).toEqual(['A latest PASS', 'B latest']);
    expect(autoRows()).toEqual([
      { exercise_id: mock.a, code: 'A latest PASS' },
      { exercise_id: mock.b, code: 'B latest' },
    ]);
    const done = await mock.interview();
    expect(done.finishedAt).not.toBeNull();
    expect(done.endedBy).toBe('time-up');
    expect(rows('SELECT exercise_id, passed FROM interview_exercises ORDER BY position')).toEqual(
      mock.exercises.map((id) => ({ exercise_id: id, passed: id === mock.a ? 1 : 0 })),
    );
    // Later calls change nothing.
    expect(await finishInterview(db, (await mock.interview()), at(MINUTES_45 + 60_000))).toBe('finished');
    expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 60_000))).toBe(0);
    expect(graded.codes).toHaveLength(2);
  });

  it('does not submit a draft that was already graded as the latest submit, nor an untouched exercise', async () => {
    const mock = await startMock();
    const { saveInterviewDraft, submitInterviewAttempt, finishInterview } = await lib();
    await saveInterviewDraft(db, { userId, interviewId: mock.id, exerciseId: mock.exercises[0]!, code: 'same', baseVersion: 0, now: at(1000) });
    await submitInterviewAttempt(db, { userId, client: 'c', interviewId: mock.id, exerciseId: mock.exercises[0]!, code: 'same', mode: 'submit', now: at(2000) });
    graded.codes = [];
    await finishInterview(db, (await mock.interview()), at(MINUTES_45 + 3000));
    expect(graded.codes).toEqual([]);
    expect(autoRows()).toEqual([]);
  });

  it('finishes after a restart: a stale claim is taken over and an exercise already auto-submitted is not submitted again', async () => {
    const mock = await mockWithDrafts();
    const { sweepOverdueInterviews } = await lib();
    // The server stopped while finishing: A was auto-submitted, B not yet, the claim is 10 minutes old.
    raw
      .prepare("INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms, interview_id, auto_submitted) VALUES ('auto-a', ?, ?, 'submit', 'A latest PASS', 'pass', 2, '[]', 1, ?, 1)")
      .run(userId, mock.a, mock.id);
    raw.prepare('UPDATE interviews SET finish_claimed_at = ? WHERE id = ?').run(at(MINUTES_45 + 3_000).getTime(), mock.id);
    // While the claim is fresh, nobody else finishes it.
    expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 60_000))).toBe(0);
    expect(graded.codes).toEqual([]);
    expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 13 * 60_000))).toBe(1);
    expect(graded.codes).toEqual(['B latest']);
    expect(autoRows()).toHaveLength(2);
    expect((await mock.interview()).finishedAt).not.toBeNull();
  });

  it('releases the claim when no grader can run, so the next sweep finishes it', async () => {
    const mock = await mockWithDrafts();
    const { sweepOverdueInterviews } = await lib();
    graded.fail = true;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 5_000))).toBe(0);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('could not finish mock'));
    expect((await mock.interview()).finishClaimedAt).toBeNull();
    graded.fail = false;
    expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 10_000))).toBe(1);
    expect(autoRows()).toHaveLength(2);
  });

  it('leaves a mock alone until its deadline and the draft grace have passed', async () => {
    await mockWithDrafts();
    const { sweepOverdueInterviews } = await lib();
    expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 1_999))).toBe(0);
    expect(graded.codes).toEqual([]);
  });

  it('keeps a second auto-submission of the same exercise out of the database', async () => {
    const mock = await mockWithDrafts();
    const insert = raw.prepare(
      "INSERT INTO submissions (id, user_id, exercise_id, mode, code, status, result_version, tests_json, duration_ms, interview_id, auto_submitted) VALUES (?, ?, ?, 'submit', 'x', 'fail', 2, '[]', 1, ?, 1)",
    );
    insert.run('one', userId, mock.a, mock.id);
    expect(() => insert.run('two', userId, mock.a, mock.id)).toThrow(/UNIQUE constraint failed: submissions\.interview_id/);
  });
});
