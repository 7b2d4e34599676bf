/**
 * `GET /api/health` for the grader: how its processes are confined, as the first one reported
 * from inside, and a failed start when confinement is required but impossible. One grading
 * project for the file: esbuild's service keeps the working folder it first started in.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useGradingProject } from '@/test/helpers/use-grading-project';

let project: ReturnType<typeof useGradingProject>;

beforeAll(() => {
  project = useGradingProject();
});

afterEach(async () => {
  const { stopGrader } = await import('@/lib/grading/grader');
  await stopGrader();
});

afterAll(() => project.cleanup());

async function getHealth(): Promise<{ status: number; body: Record<string, unknown> }> {
  const { GET } = await import('@/app/api/health/route');
  const response = await GET(new Request('http://127.0.0.1/api/health'));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /api/health, the grader', () => {
  it('is degraded (503) and says why when GRADER_SANDBOX=bwrap and bubblewrap is missing', async () => {
    vi.stubEnv('GRADER_SANDBOX', 'bwrap');
    vi.stubEnv('PATH', path.join(project.root, 'no-programs-here'));
    vi.resetModules();
    const { getGrader } = await import('@/lib/grading/grader');
    await expect(getGrader()).rejects.toThrow(/GRADER_SANDBOX=bwrap but bubblewrap is not installed/);
    const { status, body } = await getHealth();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', grader: { ok: false, state: 'failed' } });
    expect((body.grader as { error: string }).error).toMatch(/^GRADER_SANDBOX=bwrap but bubblewrap is not installed .*Install bubblewrap/);
    vi.unstubAllEnvs();
  }, 60_000);

  it('reports the grader confined by bubblewrap, as its first process saw from inside', async () => {
    vi.stubEnv('GRADER_SANDBOX', 'bwrap');
    vi.resetModules();
    const { getGrader } = await import('@/lib/grading/grader');
    await getGrader();
    const { status, body } = await getHealth();
    expect(status).toBe(200);
    expect(body.grader).toEqual({
      ok: true,
      state: 'ready',
      workers: expect.any(Number),
      busy: 0,
      queued: 0,
      confinement: {
        kind: 'bwrap',
        description: 'bubblewrap: no network, read-only file system, private /tmp, clean environment',
        verified: {
          networkInterfaces: ['lo'],
          paths: {
            'account list': 'absent',
            'project manifest': 'absent',
            'file system root': 'read-only',
            'root home': expect.stringMatching(/^(absent|read-only)$/),
            'home folders': expect.stringMatching(/^(absent|read-only)$/),
            // This project lives in /tmp: bubblewrap made its folder on the private /tmp, on the way to the bundles.
            'project folder': 'private',
            'grader bundles': 'read-only',
            node: 'read-only',
          },
          environment: ['LANG', 'NODE_ENV', 'PATH', 'PWD'],
          limits: { coreFileBytes: 0, openFiles: 256, fileSizeBytes: 1_048_576 },
          problems: [],
        },
      },
    });
    // No host path is shown: only probe names and what each allows.
    expect(JSON.stringify(body.grader)).not.toContain(project.root);
    vi.unstubAllEnvs();
  }, 60_000);

  it('is degraded (503) and names the problem when a replacement grader process reports a network interface', async () => {
    vi.stubEnv('GRADER_SANDBOX', 'bwrap');
    vi.resetModules();
    const { getGrader } = await import('@/lib/grading/grader');
    const { pool } = await getGrader();
    // What a process started on a host whose bubblewrap lost its network namespace would report.
    pool.confinementReport = { ...pool.confinementReport!, networkInterfaces: ['lo', 'eth0'] };
    const { status, body } = await getHealth();
    expect(status).toBe(503);
    expect(body.grader).toMatchObject({ ok: false, state: 'ready', confinement: { kind: 'bwrap', verified: { problems: ['sees network interfaces eth0'] } } });
    vi.unstubAllEnvs();
  }, 60_000);
});
