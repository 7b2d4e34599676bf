import { NextRequest } from 'next/server';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { appData, useAppEngine } from '@/test/helpers/use-app-engine';
import { FIXTURE_EXERCISE_ID, useGradingProject } from '@/test/helpers/use-grading-project';

interface Reply {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
  cookie?: string;
}

async function post(body: unknown, cookie?: string): Promise<Reply> {
  const { POST } = await import('@/app/api/submissions/route');
  const headers = new Headers({ 'content-type': 'application/json' });
  if (cookie) headers.set('cookie', cookie);
  const request = new NextRequest('http://127.0.0.1/api/submissions', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const response = await POST(request);
  const setCookie = response.headers.get('set-cookie')?.split(';')[0];
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers, cookie: setCookie ?? cookie };
}

async function storedSubmissions(userCookie: string) {
  const userId = userCookie.split('=')[1];
  const { db, tables } = await appData();
  const { submissions } = tables;
  return db
    .select({ mode: submissions.mode, status: submissions.status, code: submissions.code, testsJson: submissions.testsJson })
    .from(submissions)
    .where(eq(submissions.userId, userId!))
    .orderBy(asc(submissions.createdAt));
}

// One project for both engines: the grader and esbuild keep the project folder they started in.
let project: ReturnType<typeof useGradingProject>;

beforeAll(() => {
  project = useGradingProject();
});

afterAll(async () => {
  const { stopGrader } = await import('@/lib/grading/grader');
  await stopGrader();
  project.cleanup();
});

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  beforeAll(() => engine.start());
  afterAll(() => engine.stop());

  describe('POST /api/submissions', () => {
    it('grades only the visible tests on run, remembers the guest and stores the attempt', async () => {
      const code = project.readFixture('.meta/solution.ts');
      const reply = await post({ exerciseId: FIXTURE_EXERCISE_ID, code, mode: 'run' });
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ version: 2, status: 'pass', submissionId: expect.any(String) });
      expect((reply.json.tests as { id: string; visible: boolean }[]).map((t) => t.id)).toEqual(['doubles-small-list', 'doubles-a-tensor']);
      expect(reply.cookie).toMatch(/^guest_id=[0-9a-f-]{36}$/);
      const rows = await storedSubmissions(reply.cookie!);
      expect(rows).toEqual([{ mode: 'run', status: 'pass', code, testsJson: expect.stringContaining('doubles-a-tensor') }]);
    });

    it('runs one visible test when a run names it, through the same route, and stores it as a run', async () => {
      const code = project.readFixture('.meta/solution.ts');
      const reply = await post({ exerciseId: FIXTURE_EXERCISE_ID, code, mode: 'run', testId: 'doubles-a-tensor' });
      expect(reply.status).toBe(200);
      expect((reply.json.tests as { id: string }[]).map((t) => t.id)).toEqual(['doubles-a-tensor']);
      expect(await storedSubmissions(reply.cookie!)).toEqual([{ mode: 'run', status: 'pass', code, testsJson: expect.not.stringContaining('doubles-small-list') }]);
    });

    it('refuses a single test that is hidden or unknown (422), and a single test on submit', async () => {
      const code = project.readFixture('.meta/solution.ts');
      for (const testId of ['keeps-empty-list-empty', 'no-such-test']) {
        const reply = await post({ exerciseId: FIXTURE_EXERCISE_ID, code, mode: 'run', testId });
        expect(reply.status, testId).toBe(422);
        expect(JSON.stringify(reply.json)).toContain('not one of the visible tests');
      }
      const submit = await post({ exerciseId: FIXTURE_EXERCISE_ID, code, mode: 'submit', testId: 'doubles-a-tensor' });
      expect(submit.status).toBe(422);
    });

    it('grades hidden tests too on submit and keeps the same guest', async () => {
      const first = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: project.readFixture('starter.ts'), mode: 'submit' });
      const second = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: project.readFixture('.meta/solution.ts'), mode: 'submit' }, first.cookie);
      expect(first.json.status).toBe('fail');
      expect(second.json.status).toBe('pass');
      expect(second.headers.get('set-cookie')).toBeNull();
      expect((second.json.tests as unknown[]).length).toBe(4);
      expect((await storedSubmissions(first.cookie!)).map((r) => `${r.mode}:${r.status}`)).toEqual(['submit:fail', 'submit:pass']);
    });

    it('stores submissions that do not compile, time out or throw, and stays usable', async () => {
      const compile = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: 'export function double( {', mode: 'run' });
      expect(compile.json).toMatchObject({ status: 'error', location: { line: 1 } });
      const loop = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: 'export function double() { for (;;) {} }\nexport function doubleTensor(x: unknown) { return x; }', mode: 'run' }, compile.cookie);
      expect(loop.json.status).toBe('timeout');
      const throwsOnLoad = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: "throw new Error('thrown while loading');\nexport function double() { return []; }", mode: 'run' }, compile.cookie);
      expect(throwsOnLoad.json).toMatchObject({ status: 'error', message: expect.stringContaining('thrown while loading') });
      const throwsInTest = await post(
        { exerciseId: FIXTURE_EXERCISE_ID, code: "export function double(): number[] { throw new RangeError('thrown by double'); }\nexport function doubleTensor(x: unknown) { return x; }", mode: 'run' },
        compile.cookie,
      );
      expect(throwsInTest.json.status).toBe('fail');
      expect(JSON.stringify(throwsInTest.json.tests)).toContain('RangeError: thrown by double');
      const after = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: project.readFixture('.meta/solution.ts'), mode: 'run' }, compile.cookie);
      expect(after.json.status).toBe('pass');
      const stored = await storedSubmissions(compile.cookie!);
      expect(stored.map((r) => r.status)).toEqual(['error', 'timeout', 'error', 'fail', 'pass']);
      expect(stored[3]!.testsJson).toContain('thrown by double');
    });

    it('answers malformed requests with a 4xx and a message', async () => {
      const message = (reply: Reply) => (reply.json.error as { message?: string } | undefined)?.message;
      const notJson = await post('not json');
      expect(notJson.status).toBe(400);
      expect(message(notJson)).toMatch(/JSON/);
      const missing = await post({ code: 'x', mode: 'run' });
      expect(missing.status).toBe(422);
      expect(message(missing)).toContain('exerciseId');
      const badMode = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: 'x', mode: 'grade' });
      expect(badMode.status).toBe(422);
      expect(message(badMode)).toMatch(/mode/);
      const unknown = await post({ exerciseId: 'no-such-exercise', code: 'x', mode: 'run' });
      expect(unknown.status).toBe(404);
      expect(message(unknown)).toContain('no-such-exercise');
      const huge = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: `// ${'x'.repeat(101 * 1024)}`, mode: 'run' });
      expect(huge.status).toBe(413);
      expect(message(huge)).toMatch(/limit is 100 KB/);
      // Nothing malformed was stored or graded.
      for (const reply of [notJson, missing, badMode, unknown, huge]) expect(reply.json.submissionId).toBeUndefined();
    });

    it('limits one user to two submissions in grading at once', async () => {
      const first = await post({ exerciseId: FIXTURE_EXERCISE_ID, code: project.readFixture('starter.ts'), mode: 'run' });
      const slow = { exerciseId: FIXTURE_EXERCISE_ID, code: 'export async function double() { await new Promise((r) => setTimeout(r, 600)); return [2, 4, 6]; }\nexport function doubleTensor(x: unknown) { return x; }', mode: 'run' };
      const replies = await Promise.all([post(slow, first.cookie), post(slow, first.cookie), post(slow, first.cookie)]);
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 429]);
      const limited = replies.find((r) => r.status === 429)!;
      expect(limited.headers.get('retry-after')).toBe('2');
    });
  });
});
