import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isUniqueViolation, tablesOf, type AppDb } from '@/db/app-db';
import type { GradeInput } from '@/lib/grading/grade-submission';
import type { GradeResult } from '@/lib/grading/result';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { useAppEngine } from '@/test/helpers/use-app-engine';
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

let db: AppDb;
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
async function openAppDb(): Promise<AppDb> {
  return (await import('@/db/app-db')).getAppDb();
}

/** A started mock and its two exercise ids. */
async function startMock(options: { seed?: number } = {}) {
  const { startInterview, getInterviewOrThrow, listInterviewExercises } = await lib();
  const { id } = await startInterview(db, userId, { track: 'mix', minutes: 45 }, { now: START, seed: options.seed ?? 11 });
  const exercises = (await listInterviewExercises(db, id)).map((row) => row.exerciseId);
  return { id, exercises, interview: () => getInterviewOrThrow(db, userId, id) };
}

/** The exercise and question ids of a mock's questions, in order. */
async function questionsOf(interviewId: string) {
  const { interviewQuestions } = tablesOf(db);
  return db
    .select({ exerciseId: interviewQuestions.exerciseId, questionId: interviewQuestions.questionId })
    .from(interviewQuestions)
    .where(eq(interviewQuestions.interviewId, interviewId))
    .orderBy(asc(interviewQuestions.position));
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  let project: ReturnType<typeof useTempProject>;

  beforeEach(async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    writeFixtureQuestions(project.root);
    await engine.start();
    db = await openAppDb();
    userId = 'user-1';
    await db.insert(tablesOf(db).users).values({ id: userId });
    graded.codes = [];
    graded.fail = false;
  }, 60_000);
  afterEach(async () => {
    await engine.stop();
    project.cleanup();
  });

  describe('starting a mock', () => {
    it('stores its seed, exercises and questions, and keeps the deadline on the server', async () => {
      const mock = await startMock({ seed: 11 });
      const interview = await mock.interview();
      expect(interview.seed).toBe(11);
      expect(interview.deadlineAt.getTime() - interview.startedAt.getTime()).toBe(MINUTES_45);
      expect(mock.exercises).toHaveLength(2);
      const questions = await questionsOf(mock.id);
      expect(questions).toHaveLength(4);
      expect(new Set(questions.map((q) => q.exerciseId))).toEqual(new Set(mock.exercises));
    });

    it('draws the same exercises and questions again from the same seed', async () => {
      const first = await startMock({ seed: 99 });
      const firstQuestions = await questionsOf(first.id);
      await db.update(tablesOf(db).interviews).set({ finishedAt: new Date(1) });
      const second = await startMock({ seed: 99 });
      expect(second.exercises).toEqual(first.exercises);
      expect(await questionsOf(second.id)).toEqual(firstQuestions);
    });

    it('refuses a second mock while one is open, naming the open one', async () => {
      const { id } = await startMock();
      const { startInterview } = await lib();
      await expect(startInterview(db, userId, { track: 'mix', minutes: 60 })).rejects.toMatchObject({ code: 'conflict', details: { extra: { interviewId: id } } });
    });

    it('ends after INTERVIEW_TEST_SECONDS when that test-only setting is set', async () => {
      vi.stubEnv('INTERVIEW_TEST_SECONDS', '30');
      await engine.stop();
      vi.resetModules();
      db = await openAppDb();
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
      const { submissions } = tablesOf(db);
      expect(await db.select({ id: submissions.id }).from(submissions)).toEqual([]);
      const onTime = await send(at(MINUTES_45));
      expect(onTime.status).toBe('pass');
      expect(await db.select({ interviewId: submissions.interviewId, autoSubmitted: submissions.autoSubmitted }).from(submissions)).toEqual([{ interviewId: mock.id, autoSubmitted: false }]);
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
      const { interviewQuestions } = tablesOf(db);
      expect(await db.select({ answerJson: interviewQuestions.answerJson }).from(interviewQuestions).where(eq(interviewQuestions.position, 0))).toEqual([{ answerJson: '1' }]);
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
    /** The auto-submitted submissions: their exercise and code, by code. */
    const autoRows = async () => {
      const { submissions } = tablesOf(db);
      return db.select({ exerciseId: submissions.exerciseId, code: submissions.code }).from(submissions).where(eq(submissions.autoSubmitted, true)).orderBy(asc(submissions.code));
    };

    it('submits the latest draft of each exercise exactly once, with two tabs and the server all finishing at once', async () => {
      const mock = await mockWithDrafts();
      const { finishInterview, sweepOverdueInterviews } = await lib();
      const late = at(MINUTES_45 + 5_000);
      const results = await Promise.all([finishInterview(db, (await mock.interview()), late), finishInterview(db, (await mock.interview()), late), sweepOverdueInterviews(db, late)]);
      expect(results.filter((r) => r === 'finished')).toHaveLength(1);
      expect(graded.codes.sort()).toEqual(['A latest PASS', 'B latest']);
      expect(await autoRows()).toEqual([
        { exerciseId: mock.a, code: 'A latest PASS' },
        { exerciseId: mock.b, code: 'B latest' },
      ]);
      const done = await mock.interview();
      expect(done.finishedAt).not.toBeNull();
      expect(done.endedBy).toBe('time-up');
      const { interviewExercises } = tablesOf(db);
      expect(await db.select({ exerciseId: interviewExercises.exerciseId, passed: interviewExercises.passed }).from(interviewExercises).orderBy(asc(interviewExercises.position))).toEqual(
        mock.exercises.map((id) => ({ exerciseId: id, passed: id === mock.a })),
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
      expect(await autoRows()).toEqual([]);
    });

    it('finishes after a restart: a stale claim is taken over and an exercise already auto-submitted is not submitted again', async () => {
      const mock = await mockWithDrafts();
      const { sweepOverdueInterviews } = await lib();
      // The server stopped while finishing: A was auto-submitted, B not yet, the claim is 10 minutes old.
      const { interviews, submissions } = tablesOf(db);
      await db.insert(submissions).values({
        id: 'auto-a', userId, exerciseId: mock.a, mode: 'submit', code: 'A latest PASS', status: 'pass', resultVersion: 2, testsJson: '[]', durationMs: 1, interviewId: mock.id, autoSubmitted: true,
      });
      await db.update(interviews).set({ finishClaimedAt: at(MINUTES_45 + 3_000) }).where(eq(interviews.id, mock.id));
      // While the claim is fresh, nobody else finishes it.
      expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 60_000))).toBe(0);
      expect(graded.codes).toEqual([]);
      expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 13 * 60_000))).toBe(1);
      expect(graded.codes).toEqual(['B latest']);
      expect(await autoRows()).toHaveLength(2);
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
      expect(await autoRows()).toHaveLength(2);
    });

    it('leaves a mock alone until its deadline and the draft grace have passed', async () => {
      await mockWithDrafts();
      const { sweepOverdueInterviews } = await lib();
      expect(await sweepOverdueInterviews(db, at(MINUTES_45 + 1_999))).toBe(0);
      expect(graded.codes).toEqual([]);
    });

    it('keeps a second auto-submission of the same exercise out of the database', async () => {
      const mock = await mockWithDrafts();
      const { submissions } = tablesOf(db);
      const insert = (id: string) =>
        db.insert(submissions).values({ id, userId, exerciseId: mock.a, mode: 'submit', code: 'x', status: 'fail', resultVersion: 2, testsJson: '[]', durationMs: 1, interviewId: mock.id, autoSubmitted: true });
      await insert('one');
      const refused = await insert('two').then(() => undefined, (error: unknown) => error);
      expect(isUniqueViolation(refused, { name: 'submissions_interview_auto_once_idx', columns: 'submissions.interview_id' })).toBe(true);
    });
  });
});
