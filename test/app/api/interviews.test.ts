import { and, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GradeResult } from '@/lib/grading/result';
import { ApiClient } from '@/test/helpers/api-client';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { appData, useAppEngine } from '@/test/helpers/use-app-engine';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { SECRET_MARKERS, writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';
import { QUESTION_SECRET, writeFixtureQuestions } from '@/test/helpers/write-fixture-questions';

// Grading is tested elsewhere: finishing a mock here grades its drafts with a stand-in.
vi.mock('@/lib/grading/grade-submission', () => ({
  MAX_CODE_BYTES: 100 * 1024,
  gradeSubmission: async (): Promise<GradeResult> => ({
    version: 2,
    status: 'fail',
    tests: [{ id: 'h', name: 'keeps test rows unseen', visible: false, status: 'fail', output: '', durationMs: 1 }],
    durationMs: 1,
  }),
}));

const MISSING = '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b';

/** Alice's mock's exercise or question at `position`, read from the database (as the test knows the fixtures). */
async function mockExercise(mockId: string, position: number) {
  const { db, tables } = await appData();
  const { interviewExercises } = tables;
  const [row] = await db.select().from(interviewExercises).where(and(eq(interviewExercises.interviewId, mockId), eq(interviewExercises.position, position)));
  return row!;
}
async function mockQuestion(mockId: string, position: number) {
  const { db, tables } = await appData();
  const { interviewQuestions } = tables;
  const [row] = await db.select().from(interviewQuestions).where(and(eq(interviewQuestions.interviewId, mockId), eq(interviewQuestions.position, position)));
  return row!;
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  let project: ReturnType<typeof useTempProject>;
  let alice: ApiClient;
  let bob: ApiClient;
  let mockId: string;
  let exerciseId: string;

  /** The right answer to the question at `position` of Alice's mock. */
  async function rightAnswer(position: number): Promise<number | number[]> {
    return (JSON.parse((await mockQuestion(mockId, position)).questionJson) as { answer: number | number[] }).answer;
  }

  beforeEach(async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    writeFixtureQuestions(project.root);
    await engine.start();
    alice = new ApiClient();
    bob = new ApiClient();
    await alice.signUp('alice@example.com');
    await bob.signUp('bob@example.com');
    const started = await alice.post('/api/interviews', { track: 'mix', minutes: 45 });
    expect(started.status).toBe(200);
    mockId = started.body.id as string;
    exerciseId = (await mockExercise(mockId, 0)).exerciseId;
    expect((await alice.put(`/api/interviews/${mockId}/exercises/${exerciseId}/draft`, { code: 'ALICE_MOCK_DRAFT', baseVersion: 0 })).status).toBe(200);
    expect((await alice.put(`/api/interviews/${mockId}/questions/0`, { answer: await rightAnswer(0) })).status).toBe(200);
  });
  afterEach(async () => {
    await engine.stop();
    project.cleanup();
  });

  describe('mock interviews: one user never reaches another’s', () => {
    it('answers every route of Alice’s mock to Bob exactly like a mock that does not exist', async () => {
      const calls: [string, (c: ApiClient, id: string) => ReturnType<ApiClient['get']>][] = [
        ['session', (c, id) => c.get(`/api/interviews/${id}`)],
        ['report', (c, id) => c.get(`/api/interviews/${id}/report`)],
        ['draft read', (c, id) => c.get(`/api/interviews/${id}/exercises/${exerciseId}/draft`)],
        ['draft save', (c, id) => c.put(`/api/interviews/${id}/exercises/${exerciseId}/draft`, { code: 'BOB', baseVersion: 1 })],
        ['answer', (c, id) => c.put(`/api/interviews/${id}/questions/0`, { answer: 0 })],
        ['finish', (c, id) => c.post(`/api/interviews/${id}/finish`, { early: true })],
        ['submission', (c, id) => c.post(`/api/interviews/${id}/submissions`, { exerciseId, code: 'BOB', mode: 'submit' })],
        ['console', (c, id) => c.post(`/api/interviews/${id}/console`, { exerciseId, code: 'BOB', expression: 'BOB()' })],
      ];
      for (const [name, call] of calls) {
        const theirs = await call(bob, mockId);
        const missing = await call(bob, MISSING);
        expect(theirs.status, name).toBe(404);
        expect(theirs.body, name).toEqual(missing.body);
        expect(theirs.text, name).not.toContain('ALICE');
        expect((await call(new ApiClient(), mockId)).status, `${name} (a new guest)`).toBe(404);
      }
      expect(await mockExercise(mockId, 0)).toMatchObject({ draftCode: 'ALICE_MOCK_DRAFT', draftVersion: 1 });
      expect((await mockQuestion(mockId, 0)).answerJson).toEqual(JSON.stringify(await rightAnswer(0)));
      const { db, tables } = await appData();
      const { interviews } = tables;
      expect(await db.select({ finishedAt: interviews.finishedAt, finishClaimedAt: interviews.finishClaimedAt }).from(interviews).where(eq(interviews.id, mockId))).toEqual([
        { finishedAt: null, finishClaimedAt: null },
      ]);
      expect((await bob.get('/api/interviews')).body).toEqual({ interviews: [] });
      expect(((await alice.get('/api/interviews')).body.interviews as { id: string }[]).map((m) => m.id)).toEqual([mockId]);
    });

    it('sends the running mock without answers, explanations or anything under .meta/, and opens no report before the end', async () => {
      const session = await alice.get(`/api/interviews/${mockId}`);
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ phase: 'active', questions: expect.arrayContaining([expect.objectContaining({ position: 0, answer: await rightAnswer(0) })]) });
      for (const marker of [QUESTION_SECRET, ...Object.values(SECRET_MARKERS)]) expect(session.text).not.toContain(marker);
      expect(session.text).not.toMatch(/"explanation"|"tolerance"|"correct"/);
      const early = await alice.get(`/api/interviews/${mockId}/report`);
      expect(early.status).toBe(409);
      expect(early.text).not.toContain(SECRET_MARKERS.explanation);
    });

    it('locks hints, the solution and earlier attempts of the mock’s exercises for Alice only, until the mock ends', async () => {
      for (const path of [`/api/exercises/${exerciseId}/hints`, `/api/exercises/${exerciseId}/solution`]) {
        const locked = await alice.post(path);
        expect(locked.status).toBe(403);
        expect(locked.body).toMatchObject({ error: { message: expect.stringContaining(`Continue at /interview/${mockId}`) } });
        expect(locked.text).not.toContain(SECRET_MARKERS.hint);
      }
      expect((await alice.get(`/api/exercises/${exerciseId}/submissions`)).status).toBe(403);
      expect((await bob.post(`/api/exercises/${exerciseId}/hints`)).status).toBe(200);
      const { db, tables } = await appData();
      const { exerciseEvents } = tables;
      expect(await db.select({ n: count() }).from(exerciseEvents).where(eq(exerciseEvents.kind, 'hint_revealed'))).toEqual([{ n: 1 }]);

      expect((await alice.post(`/api/interviews/${mockId}/finish`, { early: true })).body).toEqual({ phase: 'finished' });
      expect((await alice.post(`/api/exercises/${exerciseId}/hints`)).status).toBe(200);
      const report = await alice.get(`/api/interviews/${mockId}/report`);
      expect(report.status).toBe(200);
      expect(report.text).toContain(SECRET_MARKERS.explanation);
      expect(report.text).toContain(QUESTION_SECRET);
      expect(report.body).toMatchObject({ endedBy: 'finished-early', questions: expect.arrayContaining([expect.objectContaining({ answer: await rightAnswer(0), correct: true })]) });
      expect((await bob.get(`/api/interviews/${mockId}/report`)).status).toBe(404);
    });

    it('withholds the review queue, the recommendation and the mock’s own attempts from the progress API until the mock ends', async () => {
      expect((await alice.post(`/api/interviews/${mockId}/submissions`, { exerciseId, code: 'x', mode: 'submit' })).status).toBe(200);
      const during = await alice.get('/api/progress');
      expect(during.status).toBe(200);
      expect(during.body).toMatchObject({ recommendation: null, reviews: { due: [], upcoming: [] }, mockInProgress: { url: `/interview/${mockId}` } });
      expect(JSON.stringify(during.body.recent)).not.toContain(exerciseId);

      await alice.post(`/api/interviews/${mockId}/finish`, { early: true });
      const after = await alice.get('/api/progress');
      expect(after.body).toMatchObject({ mockInProgress: null, recommendation: expect.objectContaining({}) });
      expect(JSON.stringify(after.body.recent)).toContain(exerciseId);
      expect((await bob.get('/api/progress')).body).toMatchObject({ mockInProgress: null });
    });

    it('refuses work after the mock ended with a clear 409', async () => {
      await alice.post(`/api/interviews/${mockId}/finish`, { early: true });
      const late = await alice.post(`/api/interviews/${mockId}/submissions`, { exerciseId, code: 'x', mode: 'submit' });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ error: { code: 'deadline_passed', message: expect.stringContaining('This mock interview has ended') }, interviewId: mockId });
      expect((await alice.put(`/api/interviews/${mockId}/questions/1`, { answer: await rightAnswer(1) })).status).toBe(409);
      const lateConsole = await alice.post(`/api/interviews/${mockId}/console`, { exerciseId, code: 'x', expression: 'x()' });
      expect(lateConsole.status).toBe(409);
      expect(lateConsole.body).toMatchObject({ error: { code: 'deadline_passed', message: expect.stringContaining('this console call was not accepted') } });
    });

    it('exports Alice’s mocks to Alice only', async () => {
      const mine = await alice.get('/api/account/export');
      expect(mine.body.interviews).toEqual([
        expect.objectContaining({ id: mockId, track: 'mix', minutes: 45, exercises: expect.arrayContaining([expect.objectContaining({ draft: 'ALICE_MOCK_DRAFT' })]) }),
      ]);
      const theirs = await bob.get('/api/account/export');
      expect(theirs.body.interviews).toEqual([]);
      expect(theirs.text).not.toContain('ALICE_MOCK_DRAFT');
    });

    it('moves a guest’s running mock into the account on sign-up, where it goes on', async () => {
      const guest = new ApiClient();
      const started = await guest.post('/api/interviews', { track: 'mix', minutes: 60 });
      expect(started.status).toBe(200);
      const id = started.body.id as string;
      await guest.signUp('carol@example.com');
      const session = await guest.get(`/api/interviews/${id}`);
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ id, phase: 'active' });
      const { db, tables } = await appData();
      const { interviews, users } = tables;
      const [carol] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'carol@example.com'));
      expect(await db.select({ userId: interviews.userId }).from(interviews).where(eq(interviews.id, id))).toEqual([{ userId: carol!.id }]);
    });

    it('validates the start request', async () => {
      const bad = await bob.post('/api/interviews', { track: 'cooking', minutes: 50 });
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ error: { issues: [{ path: 'track' }, { path: 'minutes', message: 'must be one of 45, 60, 90 minutes' }] } });
      const again = await alice.post('/api/interviews', { track: 'mix', minutes: 45 });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ interviewId: mockId });
    });
  });
});
