/**
 * `GET /api/health` for the grader: how its processes are confined, as the first one reported
 * from inside, and a failed start when confinement is required but impossible. One grading
 * project for the file: esbuild's service keeps the working folder it first started in.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConfinementReport } from '@/lib/grading/confinement-report';
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
  const response = await GET();
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
        report: {
          networkInterfaces: ['lo'],
          mounts: expect.arrayContaining([{ point: '/', writable: false }, { point: '/tmp', writable: true }]),
          paths: expect.any(Object),
          environment: ['LANG', 'NODE_ENV', 'PATH', 'PWD'],
          limits: { coreFileBytes: 0, openFiles: 256, fileSizeBytes: 1_048_576 },
        },
      },
    });
    const { paths } = (body.grader as { confinement: { report: ConfinementReport } }).confinement.report;
    expect(paths['account list']).toEqual({ access: 'absent', mount: '/' });
    expect(paths['project manifest'].access).toBe('absent');
    for (const probe of ['file system root', 'root home', 'home folders', 'node', 'grader bundles'] as const) {
      expect(['absent', 'read-only'], probe).toContain(paths[probe].access);
    }
    // This project lives in /tmp: bubblewrap made its folder on the private /tmp, on the way to the bundles.
    expect(paths['project folder']).toEqual({ access: 'writable', mount: '/tmp' });
    vi.unstubAllEnvs();
  }, 60_000);
});
