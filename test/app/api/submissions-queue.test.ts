import { NextRequest } from 'next/server';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { FIXTURE_EXERCISE_ID, useGradingProject } from '@/test/helpers/use-grading-project';

let project: ReturnType<typeof useGradingProject>;

beforeAll(() => {
  project = useGradingProject();
  vi.stubEnv('GRADER_WORKERS', '1');
  vi.stubEnv('GRADER_QUEUE_LIMIT', '1');
});

afterAll(async () => {
  const { stopGrader } = await import('@/lib/grading/grader');
  await stopGrader();
  project.cleanup();
});

it('answers 429 with Retry-After when the grading queue is full, and grades again once it drains', async () => {
  const { POST } = await import('@/app/api/submissions/route');
  const { getGrader } = await import('@/lib/grading/grader');
  await getGrader();
  const slow = JSON.stringify({
    exerciseId: FIXTURE_EXERCISE_ID,
    code: 'export async function double() { await new Promise((r) => setTimeout(r, 400)); return [2, 4, 6]; }\nexport function doubleTensor(x: unknown) { return x; }',
    mode: 'run',
  });
  // Four different guests at once: one grading, one waiting, two turned away.
  const responses = await Promise.all(
    Array.from({ length: 4 }, () => POST(new NextRequest('http://127.0.0.1/api/submissions', { method: 'POST', body: slow }))),
  );
  const statuses = responses.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 200, 429, 429]);
  const limited = responses.find((r) => r.status === 429)!;
  expect(limited.headers.get('retry-after')).toBe('5');
  expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/grader is busy/);

  const again = await POST(
    new NextRequest('http://127.0.0.1/api/submissions', {
      method: 'POST',
      body: JSON.stringify({ exerciseId: FIXTURE_EXERCISE_ID, code: project.readFixture('.meta/solution.ts'), mode: 'run' }),
    }),
  );
  expect(((await again.json()) as { status: string }).status).toBe('pass');
});
