import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dialect } from '@/db/app-db';
import type { GradeInput } from '@/lib/grading/grade-submission';
import type { GradeResult } from '@/lib/grading/result';
import { ApiClient } from '@/test/helpers/api-client';
import { useAppEngine } from '@/test/helpers/use-app-engine';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';
import { writeFixtureQuestions } from '@/test/helpers/write-fixture-questions';

// Grading is tested elsewhere: code containing PASS passes here, anything else fails its hidden test.
vi.mock('@/lib/grading/grade-submission', () => ({
  MAX_CODE_BYTES: 100 * 1024,
  gradeSubmission: async ({ code, mode }: GradeInput): Promise<GradeResult> => {
    const pass = code.includes('PASS');
    const tests = [
      { id: 'visible', name: 'scales the training rows', visible: true, status: 'pass' as const, output: '', durationMs: 1 },
      ...(mode === 'submit' ? [{ id: 'hidden', name: 'keeps test rows unseen', visible: false, status: pass ? ('pass' as const) : ('fail' as const), output: '', durationMs: 1 }] : []),
    ];
    return { version: 2, status: pass || mode === 'run' ? 'pass' : 'fail', tests, durationMs: 2 };
  },
}));

const EXERCISE = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';

/**
 * The same journeys through the routes on each engine the app runs on: SQLite (DATABASE_PATH,
 * the default) and PostgreSQL (DATABASE_URL, a throwaway cluster on 127.0.0.1). Only the API is
 * used, so nothing here is written for one engine.
 */
describe.each(DIALECTS)('the app on %s', (dialect: Dialect) => {
  const engine = useAppEngine(dialect);
  let project: ReturnType<typeof useTempProject>;

  beforeEach(async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    writeFixtureQuestions(project.root);
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    project.cleanup();
  });

  it('keeps a guest’s drafts, hints and attempts, moves them into the account it signs up for, and counts the solve once', async () => {
    const browser = new ApiClient();
    const saved = await browser.put(`/api/exercises/${EXERCISE}/draft`, { code: '// first', baseVersion: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body.draft).toMatchObject({ code: '// first', version: 1 });
    const stale = await browser.put(`/api/exercises/${EXERCISE}/draft`, { code: '// stale tab', baseVersion: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'conflict' }, draft: { code: '// first', version: 1 } });
    expect((await browser.post(`/api/exercises/${EXERCISE}/hints`)).body).toMatchObject({ total: 2 });

    expect((await browser.post('/api/submissions', { exerciseId: EXERCISE, code: '// run', mode: 'run' })).body).toMatchObject({ status: 'pass', firstSolve: false });
    expect((await browser.post('/api/submissions', { exerciseId: EXERCISE, code: '// wrong', mode: 'submit' })).body).toMatchObject({ status: 'fail', firstSolve: false });
    expect((await browser.post('/api/submissions', { exerciseId: EXERCISE, code: '// PASS', mode: 'submit' })).body).toMatchObject({ status: 'pass', firstSolve: true });
    expect((await browser.post('/api/submissions', { exerciseId: EXERCISE, code: '// PASS again', mode: 'submit' })).body).toMatchObject({ status: 'pass', firstSolve: false });
    expect((await browser.get('/api/progress')).body).toMatchObject({ solved: 1 });

    expect((await browser.signUp('ada@example.com')).status).toBe(201);
    expect((await browser.get('/api/account')).body).toMatchObject({ signedIn: true, guest: false, email: 'ada@example.com' });
    const history = (await browser.get(`/api/exercises/${EXERCISE}/submissions`)).body.submissions as { mode: string; status: string }[];
    expect(history.map((s) => `${s.mode}:${s.status}`)).toEqual(['submit:pass', 'submit:pass', 'submit:fail', 'run:pass']);
    expect((await browser.get(`/api/exercises/${EXERCISE}/draft`)).body.draft).toMatchObject({ code: '// first', version: 1 });
    expect((await browser.get('/api/progress')).body).toMatchObject({ solved: 1 });

    // Signed in from another browser: the same account, the same work.
    const elsewhere = new ApiClient();
    expect((await elsewhere.signIn('ada@example.com')).status).toBe(200);
    expect((await elsewhere.get('/api/progress')).body).toMatchObject({ solved: 1 });
  });

  it('lets exactly one of two saves from the same version win', async () => {
    const browser = new ApiClient();
    await browser.put(`/api/exercises/${EXERCISE}/draft`, { code: '// base', baseVersion: 0 });
    const replies = await Promise.all([
      browser.put(`/api/exercises/${EXERCISE}/draft`, { code: '// tab A', baseVersion: 1 }),
      browser.put(`/api/exercises/${EXERCISE}/draft`, { code: '// tab B', baseVersion: 1 }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = replies.find((r) => r.status === 200)!.body.draft as { code: string };
    expect((await browser.get(`/api/exercises/${EXERCISE}/draft`)).body.draft).toMatchObject({ code: winner.code, version: 2 });
  });

  it('runs a mock interview from start to report, refuses a second one meanwhile, and exports and deletes everything', async () => {
    const browser = new ApiClient();
    await browser.signUp('grace@example.com');
    const started = await browser.post('/api/interviews', { track: 'mix', minutes: 45 });
    expect(started.status).toBe(200);
    const id = started.body.id as string;
    expect((await browser.post('/api/interviews', { track: 'mix', minutes: 45 })).status).toBe(409);

    const session = (await browser.get(`/api/interviews/${id}`)).body as { phase: string; exercises: { exercise: { id: string } }[]; questions: { kind: string }[] };
    expect(session.phase).toBe('active');
    const [first] = session.exercises;
    expect((await browser.put(`/api/interviews/${id}/exercises/${first!.exercise.id}/draft`, { code: '// PASS in the mock', baseVersion: 0 })).status).toBe(200);
    const answer = session.questions[0]!.kind === 'multiple' ? [0] : 0;
    expect((await browser.put(`/api/interviews/${id}/questions/0`, { answer })).status).toBe(200);
    expect((await browser.get(`/api/interviews/${id}/report`)).status).toBe(409);

    expect((await browser.post(`/api/interviews/${id}/finish`, { early: true })).body).toEqual({ phase: 'finished' });
    const report = (await browser.get(`/api/interviews/${id}/report`)).body as { exercises: { exercise: { id: string }; passed: boolean }[]; questions: unknown[] };
    expect(report.exercises).toHaveLength(session.exercises.length);
    // The finish submitted the mock's draft once: it passes.
    expect(report.exercises.find((e) => e.exercise.id === first!.exercise.id)?.passed).toBe(true);
    expect(report.questions).toHaveLength(session.questions.length);
    expect((await browser.get('/api/interviews')).body.interviews).toMatchObject([{ id, phase: 'finished' }]);

    const exported = JSON.parse((await browser.get('/api/account/export')).text) as { interviews: unknown[]; submissions: { autoSubmitted: boolean }[] };
    expect(exported.interviews).toHaveLength(1);
    expect(exported.submissions.filter((s) => s.autoSubmitted)).toHaveLength(1);

    expect((await browser.delete('/api/account', { confirm: 'grace@example.com' })).status).toBe(200);
    expect((await new ApiClient().signIn('grace@example.com')).status).toBe(401);
  });
});
