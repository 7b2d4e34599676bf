import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '@/test/helpers/api-client';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { appData, useAppEngine } from '@/test/helpers/use-app-engine';
import { FIXTURE_EXERCISE_ID, useGradingProject } from '@/test/helpers/use-grading-project';

async function submit(client: ApiClient, code: string) {
  const { POST } = await import('@/app/api/submissions/route');
  const { NextRequest } = await import('next/server');
  const headers = new Headers({ 'content-type': 'application/json', cookie: client.cookieHeader() });
  const response = await POST(new NextRequest('http://127.0.0.1/api/submissions', { method: 'POST', headers, body: JSON.stringify({ exerciseId: FIXTURE_EXERCISE_ID, code, mode: 'run' }) }));
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error?: { message: string } } };
}

// One project for both engines: the grader and esbuild keep the project folder they started in.
let project: ReturnType<typeof useGradingProject>;

beforeAll(() => {
  project = useGradingProject();
  vi.stubEnv('SUBMISSIONS_PER_MINUTE', '3');
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

  describe('POST /api/submissions for a signed-in user', () => {
    it('stores the attempt under the account and limits each user to SUBMISSIONS_PER_MINUTE', async () => {
      const ada = new ApiClient();
      expect((await ada.signUp('ada@example.com')).status).toBe(201);
      const broken = 'export function double( {';
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await submit(ada, broken)).status);
      expect(statuses).toEqual([200, 200, 200]);
      const limited = await submit(ada, broken);
      expect(limited.status).toBe(429);
      expect(Number(limited.retryAfter)).toBeGreaterThan(0);
      expect(limited.body.error?.message).toMatch(/3 runs, submits and console calls in the last minute/);

      const { db, tables } = await appData();
      const { submissions, users } = tables;
      const rows = await db.select({ email: users.email }).from(submissions).innerJoin(users, eq(users.id, submissions.userId));
      expect(rows).toEqual([{ email: 'ada@example.com' }, { email: 'ada@example.com' }, { email: 'ada@example.com' }]);

      // Another user is not held back by Ada's limit.
      const grace = new ApiClient();
      await grace.signUp('grace@example.com');
      expect((await submit(grace, broken)).status).toBe(200);
    });
  });
});
