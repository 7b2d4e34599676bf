import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '@/test/helpers/api-client';
import { FIXTURE_EXERCISE_ID, useGradingProject } from '@/test/helpers/use-grading-project';
import { appData } from '@/test/helpers/use-app-engine';

let project: ReturnType<typeof useGradingProject>;
let solution: string;

beforeAll(() => {
  project = useGradingProject();
  vi.stubEnv('SUBMISSIONS_PER_MINUTE', '4');
  solution = project.readFixture('.meta/solution.ts');
});

afterAll(async () => {
  const { stopGrader } = await import('@/lib/grading/grader');
  await stopGrader();
  project.cleanup();
});

/** A console call from a new guest (each has its own rate limit). */
async function call(expression: string, code = solution, client = new ApiClient()) {
  const reply = await client.post('/api/console', { exerciseId: FIXTURE_EXERCISE_ID, code, expression });
  return { ...reply, result: reply.body as { status: string; value?: string; message?: string; output: string; location?: { line: number } } };
}

async function storedRows(): Promise<number> {
  const { db, tables } = await appData();
  const [row] = await db.select({ n: count() }).from(tables.submissions);
  return row!.n;
}

/*
 * On the default SQLite only: what this suite tests is the sandboxed call, which no engine takes
 * part in; its one database fact, that a console call stores no submission, is read through
 * drizzle alike on both, and the routes that do store run on both engines (submissions.test.ts,
 * both-databases.test.ts).
 */

describe('POST /api/console', () => {
  it('calls the learner’s export with their arguments in the sandbox and returns the value and console output, storing nothing', async () => {
    const code = `${solution}\nexport function noisy(x: number) { console.log('got', x); return { twice: x * 2, label: 'ok' }; }`;
    const reply = await call('noisy(21)', code);
    expect(reply.status).toBe(200);
    expect(reply.result).toMatchObject({ status: 'ok', value: '{ twice: 42, label: "ok" }', output: 'got 21\n' });
    expect((await call('double([1, 2.5, -3])')).result).toMatchObject({ status: 'ok', value: '[2, 5, -6]' });
    expect(await storedRows()).toBe(0);
  });

  it('summarises a returned tensor by dtype, shape and values, and cuts long arrays with a count', async () => {
    const tensor = await call('doubleTensor(tf.tensor2d([[1, 2], [3, 4]]))');
    expect(tensor.result.status).toBe('ok');
    expect(tensor.result.value).toBe('Tensor float32 shape [2, 2] (4 values)\n[[2, 4], [6, 8]]');
    // `tf` is in scope even in a file that does not import it.
    const noImport = await call('tf.tensor1d(double([1, 2])).sum()', 'export function double(v: number[]) { return v.map((x) => 2 * x); }');
    expect(noImport.result).toMatchObject({ status: 'ok', value: 'Tensor float32 shape [] (1 value)\n6' });
    const long = await call('double(Array.from({ length: 120 }, (_, i) => i))');
    expect(long.result.value).toContain('… 70 more');
  });

  it('tells a call that does not compile, that throws, that loops and that fills memory', async () => {
    const syntax = await call('double([1, 2');
    expect(syntax.result).toMatchObject({ status: 'error', message: expect.stringContaining('not one expression that compiles') });
    const thrown = await call('double(null as any)');
    expect(thrown.result).toMatchObject({ status: 'error', message: expect.stringMatching(/^The call threw TypeError: .*line 4 of your code/) });
    expect(thrown.result.location?.line).toBe(4);
    const loop = await call('(() => { for (;;) {} })()');
    expect(loop.result).toMatchObject({ status: 'timeout', message: expect.stringContaining('Timed out after 1000 ms') });
    const bomb = await call('(() => { const a: number[][] = []; for (;;) a.push(new Array(1e5).fill(1)); })()');
    expect(bomb.result.status).toBe('memory');
    // The learner's own code that does not compile is told as such.
    expect((await call('double([1])', 'export function double( {')).result).toMatchObject({ status: 'error', message: expect.stringContaining('Your code does not compile') });
  });

  it('keeps a malicious expression inside the sandbox: no process, no modules, no network, no host globals', async () => {
    const attempts = [
      'process.env',
      "require('fs').readFileSync('/etc/passwd', 'utf8')",
      "(globalThis as any).constructor.constructor('return process')().pid",
      "fetch('http://127.0.0.1:1/')",
      "import('child_process')",
    ];
    for (const expression of attempts) {
      const reply = await call(expression);
      expect(reply.status, expression).toBe(200);
      expect(reply.result.status, expression).toBe('error');
      expect(JSON.stringify(reply.result), expression).not.toMatch(/root:|\bpid\b.*\d{2,}/);
    }
    // The expression is never evaluated on the server: a global it sets is not the host's.
    expect((await call('((globalThis as any).__consoleMarker = 7)')).result).toMatchObject({ status: 'ok', value: '7' });
    expect((globalThis as Record<string, unknown>).__consoleMarker).toBeUndefined();
  });

  it('validates the request (422), refuses oversize code (413) and counts calls against the runs-per-minute limit (429)', async () => {
    const client = new ApiClient();
    for (const body of [{ exerciseId: FIXTURE_EXERCISE_ID, code: solution, expression: '   ' }, { exerciseId: FIXTURE_EXERCISE_ID, code: solution }, { code: solution, expression: 'double([1])' }, { exerciseId: FIXTURE_EXERCISE_ID, code: solution, expression: 'x'.repeat(2001) }]) {
      expect((await client.post('/api/console', body)).status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
    expect((await client.post('/api/console', { exerciseId: '00000000-0000-4000-8000-000000000000', code: solution, expression: 'double([1])' })).status).toBe(404);
    expect((await call('double([1])', `${solution}\n//${'x'.repeat(101 * 1024)}`)).status).toBe(413);
    const limited = new ApiClient();
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call('double([1])', solution, limited)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
