import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { FIXTURE_EXERCISE_ID, useGradingProject } from '@/test/helpers/use-grading-project';

let project: ReturnType<typeof useGradingProject>;

beforeAll(() => {
  project = useGradingProject();
  // One grader, two places in the queue, one queued submission per client.
  vi.stubEnv('GRADER_WORKERS', '1');
  vi.stubEnv('GRADER_QUEUE_LIMIT', '2');
  vi.stubEnv('GRADER_QUEUED_PER_CLIENT', '1');
});

afterAll(async () => {
  const { stopGrader } = await import('@/lib/grading/grader');
  await stopGrader();
  project.cleanup();
});

const SLEEPS = 'export async function double() { await new Promise((r) => setTimeout(r, 600)); return [2, 4, 6]; }\nexport function doubleTensor(x: unknown) { return x; }';

/** A submission from `address`, without a cookie: every one makes a new guest, as an abusive client would. */
async function submit(address: string, code = SLEEPS) {
  const { POST } = await import('@/app/api/submissions/route');
  const { stampPeer } = await import('@/lib/http/client-address');
  const headers = new Headers({ 'content-type': 'application/json' });
  stampPeer(headers, address, false);
  const response = await POST(new Request('http://127.0.0.1/api/submissions', { method: 'POST', headers, body: JSON.stringify({ exerciseId: FIXTURE_EXERCISE_ID, code, mode: 'run' }) }));
  const body = (await response.json()) as { status?: string; error?: { message: string } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

async function poolStats() {
  const { getGrader } = await import('@/lib/grading/grader');
  return (await getGrader()).pool.stats();
}

async function until(condition: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await condition()); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
}

it('keeps one client to its share (429 from its address) and answers 429 with Retry-After when the queue is full', async () => {
  await poolStats();
  // One client sends three at once, each as a new guest: one grades, one waits, the third is refused.
  const flood = Array.from({ length: 3 }, () => submit('203.0.113.5'));
  await until(async () => (await poolStats()).queued === 1);
  // Another client still gets a place in the queue.
  const other = submit('203.0.113.6');
  await until(async () => (await poolStats()).queued === 2);
  // The queue is now full for everyone else.
  const late = await submit('203.0.113.7');
  expect(late.status).toBe(429);
  expect(late.retryAfter).toBe('5');
  expect(late.body.error?.message).toMatch(/grader is busy: 2 submissions are waiting/);

  const floodReplies = await Promise.all(flood);
  expect(floodReplies.map((r) => r.status).sort()).toEqual([200, 200, 429]);
  const refused = floodReplies.find((r) => r.status === 429)!;
  expect(refused.retryAfter).toBe('2');
  expect(refused.body.error?.message).toMatch(/2 submissions from your address are being graded or waiting/);
  expect((await other).status).toBe(200);

  // Once the queue drains, the late client is graded.
  const again = await submit('203.0.113.7', project.readFixture('.meta/solution.ts'));
  expect(again.body.status).toBe('pass');
});
