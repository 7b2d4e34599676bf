import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { useAppEngine } from '@/test/helpers/use-app-engine';
import { useTempProject } from '@/test/helpers/use-temp-project';
import { SECRET_MARKERS, writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';
import type { GradeResult } from '@/lib/grading/result';

const EXERCISE = '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e';
const OTHER_EXERCISE = '5d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a';
const UNKNOWN = '99999999-9999-4999-8999-999999999999';


interface Reply {
  status: number;
  json: Record<string, unknown>;
  cookie?: string;
}

async function call(
  route: { GET?: unknown; PUT?: unknown; POST?: unknown },
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  params: Record<string, string>,
  options: { body?: unknown; cookie?: string } = {},
): Promise<Reply> {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (options.cookie) headers.set('cookie', options.cookie);
  const request = new NextRequest(`http://127.0.0.1${url}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const handler = route[method] as (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const response = await handler(request, { params: Promise.resolve(params) });
  const setCookie = response.headers.get('set-cookie')?.split(';')[0];
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, cookie: setCookie ?? options.cookie };
}

const draftRoute = () => import('@/app/api/exercises/[id]/draft/route');
const hintsRoute = () => import('@/app/api/exercises/[id]/hints/route');
const solutionRoute = () => import('@/app/api/exercises/[id]/solution/route');
const historyRoute = () => import('@/app/api/exercises/[id]/submissions/route');
const submissionRoute = () => import('@/app/api/exercises/[id]/submissions/[submissionId]/route');

async function saveDraft(code: string, baseVersion: number, cookie?: string, exercise = EXERCISE): Promise<Reply> {
  return call(await draftRoute(), 'PUT', `/api/exercises/${exercise}/draft`, { id: exercise }, { body: { code, baseVersion }, cookie });
}

async function loadDraft(cookie?: string, exercise = EXERCISE): Promise<Reply> {
  return call(await draftRoute(), 'GET', `/api/exercises/${exercise}/draft`, { id: exercise }, { cookie });
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  let project: ReturnType<typeof useTempProject>;

  beforeAll(async () => {
    project = useTempProject();
    writeFixtureCatalog(project.root);
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    project.cleanup();
  });

  describe('drafts', () => {
    it('has no draft before the first save, and creates no guest for reading', async () => {
      const reply = await loadDraft();
      expect(reply).toMatchObject({ status: 200, json: { draft: null } });
      expect(reply.cookie).toBeUndefined();
    });

    it('saves, remembers the guest, and returns the code on the next load (a new process reads the same file)', async () => {
      const first = await saveDraft('// first', 0);
      expect(first.status).toBe(200);
      expect(first.json.draft).toMatchObject({ code: '// first', version: 1 });
      expect(first.cookie).toMatch(/^guest_id=/);
      const second = await saveDraft('// second', 1, first.cookie);
      expect(second.json.draft).toMatchObject({ code: '// second', version: 2 });
      // As after a server restart: fresh modules open the database file again.
      vi.resetModules();
      expect((await loadDraft(first.cookie)).json.draft).toMatchObject({ code: '// second', version: 2 });
    });

    it('never lets an older tab overwrite a newer draft: 409 with the newer code', async () => {
      const tabA = await saveDraft('// tab A, v1', 0);
      const cookie = tabA.cookie;
      const tabB = await saveDraft('// tab B, edited from v1', 1, cookie);
      expect(tabB.json.draft).toMatchObject({ version: 2 });
      const staleA = await saveDraft('// tab A again, still at v1', 1, cookie);
      expect(staleA.status).toBe(409);
      expect(staleA.json).toMatchObject({ error: { code: 'conflict' }, draft: { code: '// tab B, edited from v1', version: 2 } });
      expect((await loadDraft(cookie)).json.draft).toMatchObject({ code: '// tab B, edited from v1', version: 2 });
      // Keeping tab A's code is an explicit save on top of the newer version.
      expect((await saveDraft('// tab A kept', 2, cookie)).json.draft).toMatchObject({ code: '// tab A kept', version: 3 });
    });

    it('keeps drafts per user and per exercise', async () => {
      const mine = await saveDraft('// mine', 0);
      const theirs = await saveDraft('// theirs', 0);
      await saveDraft('// other exercise', 0, mine.cookie, OTHER_EXERCISE);
      expect((await loadDraft(mine.cookie)).json.draft).toMatchObject({ code: '// mine' });
      expect((await loadDraft(theirs.cookie)).json.draft).toMatchObject({ code: '// theirs' });
      expect((await loadDraft(mine.cookie, OTHER_EXERCISE)).json.draft).toMatchObject({ code: '// other exercise' });
    });

    it('rejects unknown exercises, bad ids, bad bodies and oversize code', async () => {
      expect((await saveDraft('x', 0, undefined, UNKNOWN)).status).toBe(404);
      expect((await call(await draftRoute(), 'GET', '/api/exercises/nope/draft', { id: 'nope' })).status).toBe(422);
      expect((await call(await draftRoute(), 'PUT', `/api/exercises/${EXERCISE}/draft`, { id: EXERCISE }, { body: { code: 1 } })).status).toBe(422);
      expect((await saveDraft('x'.repeat(101 * 1024), 0)).status).toBe(413);
    });
  });

  describe('hints and the solution', () => {
    it('reveals hints one at a time, in order, recorded per user; never more than there are', async () => {
      const route = await hintsRoute();
      const first = await call(route, 'POST', `/api/exercises/${EXERCISE}/hints`, { id: EXERCISE });
      expect(first.json).toEqual({ hints: [`First hint ${SECRET_MARKERS.hint}`], total: 2 });
      const second = await call(route, 'POST', `/api/exercises/${EXERCISE}/hints`, { id: EXERCISE }, { cookie: first.cookie });
      expect((second.json.hints as string[]).length).toBe(2);
      const third = await call(route, 'POST', `/api/exercises/${EXERCISE}/hints`, { id: EXERCISE }, { cookie: first.cookie });
      expect((third.json.hints as string[]).length).toBe(2);
      const stranger = await call(route, 'POST', `/api/exercises/${EXERCISE}/hints`, { id: EXERCISE });
      expect((stranger.json.hints as string[]).length).toBe(1);
    });

    it('shows the solution only after solving or an explicit reveal, and records the reveal', async () => {
      const db = await (await import('@/db/app-db')).getAppDb();
      const { getWorkspaceState } = await import('@/lib/workspace/get-workspace-state');
      const { getExerciseByIdOrThrow } = await import('@/lib/exercises/catalog');
      const { recordSubmission } = await import('@/lib/submissions/record-submission');
      const exercise = getExerciseByIdOrThrow(EXERCISE);
      const hint = await call(await hintsRoute(), 'POST', `/api/exercises/${EXERCISE}/hints`, { id: EXERCISE });
      const userId = hint.cookie!.split('=')[1]!;
      const before = await getWorkspaceState(db, userId, exercise, 'UTC');
      expect(before.solution).toBeNull();
      expect(JSON.stringify(before)).not.toContain(SECRET_MARKERS.solution);
      expect(before.hints).toHaveLength(1);

      const reveal = await call(await solutionRoute(), 'POST', `/api/exercises/${EXERCISE}/solution`, { id: EXERCISE }, { cookie: hint.cookie });
      expect(reveal.json).toEqual({ recorded: true });
      const after = await getWorkspaceState(db, userId, exercise, 'UTC');
      expect(after.progress.solutionRevealedAt).not.toBeNull();
      expect(after.solution?.code).toContain(SECRET_MARKERS.solution);
      expect(after.solution?.explanation).toContain(SECRET_MARKERS.explanation);

      // A user who solved it sees it without any reveal being recorded.
      const solver = await saveDraft('// solver', 0);
      const solverId = solver.cookie!.split('=')[1]!;
      const passed: GradeResult = { version: 2, status: 'pass', tests: [], durationMs: 1 };
      await recordSubmission(db, { userId: solverId, exerciseId: EXERCISE, mode: 'submit', code: '// solved', result: passed });
      expect((await getWorkspaceState(db, solverId, exercise, 'UTC')).solution).not.toBeNull();
      expect((await call(await solutionRoute(), 'POST', `/api/exercises/${EXERCISE}/solution`, { id: EXERCISE }, { cookie: solver.cookie })).json).toEqual({ recorded: false });
      expect((await getWorkspaceState(db, solverId, exercise, 'UTC')).progress.solutionRevealedAt).toBeNull();
    });
  });

  describe('history', () => {
    it('lists this user’s submissions for the exercise newest first, and opens only their own', async () => {
      const db = await (await import('@/db/app-db')).getAppDb();
      const { recordSubmission } = await import('@/lib/submissions/record-submission');
      const owner = await saveDraft('// owner', 0);
      const ownerId = owner.cookie!.split('=')[1]!;
      const intruder = await saveDraft('// intruder', 0);
      const result = (status: 'pass' | 'fail') => ({
        version: 2 as const,
        status,
        tests: [
          { id: 'a', name: 'a', visible: true, status: 'pass' as const, output: '', durationMs: 1 },
          { id: 'b', name: 'b', visible: false, status, output: '', durationMs: 2 },
        ],
        durationMs: 12,
      });
      const ids: string[] = [];
      for (const [mode, status, code] of [['run', 'fail', '// one'], ['submit', 'fail', '// two'], ['submit', 'pass', '// three']] as const) {
        ids.push(await recordSubmission(db, { userId: ownerId, exerciseId: EXERCISE, mode, code, result: result(status) }));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await recordSubmission(db, { userId: ownerId, exerciseId: OTHER_EXERCISE, mode: 'run', code: '// elsewhere', result: result('pass') });

      const list = await call(await historyRoute(), 'GET', `/api/exercises/${EXERCISE}/submissions`, { id: EXERCISE }, { cookie: owner.cookie });
      const rows = list.json.submissions as { id: string; mode: string; status: string; passed: number; total: number }[];
      expect(rows.map((r) => r.id)).toEqual([...ids].reverse());
      expect(rows[0]).toMatchObject({ mode: 'submit', status: 'pass', passed: 2, total: 2 });
      expect(rows[2]).toMatchObject({ mode: 'run', status: 'fail', passed: 1, total: 2 });

      const detail = await call(await submissionRoute(), 'GET', '', { id: EXERCISE, submissionId: ids[1]! }, { cookie: owner.cookie });
      expect(detail.json.submission).toMatchObject({ id: ids[1], mode: 'submit', code: '// two', result: { status: 'fail', tests: [{ id: 'a' }, { id: 'b' }] } });

      expect((await call(await historyRoute(), 'GET', '', { id: EXERCISE }, { cookie: intruder.cookie })).json.submissions).toEqual([]);
      expect((await call(await submissionRoute(), 'GET', '', { id: EXERCISE, submissionId: ids[1]! }, { cookie: intruder.cookie })).status).toBe(404);
      expect((await call(await submissionRoute(), 'GET', '', { id: OTHER_EXERCISE, submissionId: ids[1]! }, { cookie: owner.cookie })).status).toBe(404);
      expect((await call(await historyRoute(), 'GET', '', { id: EXERCISE })).json.submissions).toEqual([]);
    });
  });
});
