/**
 * The OS layer of the sandbox. With GRADER_SANDBOX=bwrap the grader refuses to start unless
 * bubblewrap confines it; and a grader process started by the server the way it always is
 * (bubblewrap + prlimit, getGrader) reports from inside what it can reach: no network but
 * loopback, none of the host's files it does not need, nothing writable but its private /tmp,
 * a clean environment and the resource limits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Grader } from '@/lib/grading/grader';
import { ConfinementError, detectConfinement, graderReadOnlyPaths, readOnlyMounts } from '@/lib/grading/confinement';
import { confinementProblems, GRADER_LIMITS, type ConfinementReport } from '@/lib/grading/confinement-report';
import { inspectConfinement } from '@/lib/grading/worker/inspect-confinement';

const ARTIFACTS = path.join(process.cwd(), 'data', 'cache', 'grader');
const SECRET = 'grader-must-not-see-this-0123456789abcdef';

let scratch: string | undefined;
afterEach(() => {
  vi.unstubAllEnvs();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

const accessOf = (report: ConfinementReport) => Object.fromEntries(Object.entries(report.paths).map(([probe, { access }]) => [probe, access]));

/** A folder for PATH holding the given executable scripts (or none). */
function pathWith(scripts: Record<string, string>): string {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-path-'));
  for (const [name, text] of Object.entries(scripts)) fs.writeFileSync(path.join(scratch, name), text, { mode: 0o755 });
  return scratch;
}

describe('GRADER_SANDBOX=bwrap makes confinement required', () => {
  it('refuses to start when bubblewrap is not installed', () => {
    vi.stubEnv('PATH', pathWith({}));
    expect(() => detectConfinement('bwrap', graderReadOnlyPaths(ARTIFACTS))).toThrow(ConfinementError);
    expect(() => detectConfinement('bwrap', graderReadOnlyPaths(ARTIFACTS))).toThrow(/GRADER_SANDBOX=bwrap but bubblewrap is not installed/);
  });

  it('refuses to start when bubblewrap is installed but cannot create a sandbox (no user namespaces)', () => {
    vi.stubEnv('PATH', pathWith({ bwrap: '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n' }));
    expect(() => detectConfinement('bwrap', graderReadOnlyPaths(ARTIFACTS))).toThrow(
      /GRADER_SANDBOX=bwrap but bubblewrap cannot create a sandbox here: bwrap: No permissions to create new namespace/,
    );
  });

  it('auto falls back to unconfined grader processes and says why; none never tries', () => {
    vi.stubEnv('PATH', pathWith({}));
    expect(detectConfinement('auto', graderReadOnlyPaths(ARTIFACTS))).toEqual({
      kind: 'none',
      description: expect.stringMatching(/^unconfined grader processes: bubblewrap is not installed/),
    });
    expect(detectConfinement('none', graderReadOnlyPaths(ARTIFACTS)).kind).toBe('none');
  });
});

describe('the inspection a grader process runs at start', () => {
  it('finds what an unconfined process can reach (so its all-clear inside bubblewrap means something)', () => {
    vi.stubEnv('BETTER_AUTH_SECRET', SECRET);
    // A bundles folder of its own: the shared one exists only once some grader has built it.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-bundles-'));
    const report = inspectConfinement({ project: process.cwd(), artifacts: scratch });
    const access = accessOf(report);
    expect(access['account list']).not.toBe('absent');
    expect(access).toMatchObject({ 'project manifest': 'writable', 'project folder': 'writable', 'grader bundles': 'writable' });
    expect(report.environment).toContain('BETTER_AUTH_SECRET');
    expect(report.mounts).toContainEqual({ point: '/proc', writable: true });
    expect(confinementProblems(report, readOnlyMounts(graderReadOnlyPaths(scratch)))).toEqual(
      expect.arrayContaining(['can see the account list', 'can see the project manifest', 'can write the project folder', expect.stringMatching(/^was given environment variables .*BETTER_AUTH_SECRET/)]),
    );
  });

  it('counts a host mount, a writable system folder, a missing limit or a looser one as a problem', () => {
    const report: ConfinementReport = {
      networkInterfaces: ['lo'],
      mounts: [
        { point: '/', writable: false },
        { point: '/proc', writable: true },
        { point: '/dev/pts', writable: true },
        { point: '/tmp', writable: true },
        { point: '/usr', writable: false },
      ],
      paths: {
        'account list': { access: 'absent', mount: '/' },
        'project manifest': { access: 'absent', mount: '/' },
        'file system root': { access: 'read-only', mount: '/' },
        'root home': { access: 'absent', mount: '/' },
        'home folders': { access: 'absent', mount: '/' },
        // Under a project kept in /tmp, the folders on the way to the bundles are on the private /tmp.
        'project folder': { access: 'writable', mount: '/tmp' },
        'grader bundles': { access: 'read-only', mount: '/tmp/project/data/cache/grader' },
        node: { access: 'read-only', mount: '/usr' },
      },
      environment: ['PATH', 'PWD'],
      limits: { ...GRADER_LIMITS },
    };
    expect(confinementProblems(report, ['/usr', '/tmp/project/data/cache/grader'])).toEqual([]);
    expect(
      confinementProblems(
        {
          ...report,
          mounts: [...report.mounts, { point: '/srv/data', writable: false }, { point: '/usr', writable: true }],
          paths: { ...report.paths, 'home folders': { access: 'writable', mount: '/' } },
          limits: { ...GRADER_LIMITS, coreFileBytes: null, openFiles: 20_000 },
        },
        ['/usr', '/tmp/project/data/cache/grader'],
      ),
    ).toEqual(["sees the host's /srv/data", 'can write /usr', 'can write the home folders', 'runs with coreFileBytes unlimited (at most 0)', 'runs with openFiles 20000 (at most 256)']);
  });
});

describe('a grader process started by the server, seen from inside', () => {
  let grader: Grader;
  let report: ConfinementReport;

  beforeAll(async () => {
    vi.stubEnv('GRADER_SANDBOX', 'bwrap');
    vi.stubEnv('BETTER_AUTH_SECRET', SECRET);
    vi.resetModules();
    // The server's environment holds a secret when the grader processes start.
    expect(process.env.BETTER_AUTH_SECRET).toBe(SECRET);
    const { getGrader } = await import('@/lib/grading/grader');
    grader = await getGrader();
    report = grader.pool.confinementReport!;
  }, 60_000);

  afterAll(async () => {
    const { stopGrader } = await import('@/lib/grading/grader');
    await stopGrader();
    vi.unstubAllEnvs();
  });

  it('is confined by bubblewrap', () => {
    expect(grader.confinement.kind).toBe('bwrap');
    expect(report).toBeDefined();
  });

  it('has no network interface but loopback', () => {
    expect(report.networkInterfaces).toEqual(['lo']);
  });

  it('sees of the host only the folders it needs, read-only: not the project, home folders or the account list', () => {
    const needed = readOnlyMounts(graderReadOnlyPaths(ARTIFACTS));
    // The process's own mounts (/proc, /dev, /tmp) and what they hold are not the host's; the
    // folders it needs are, even where the checkout lives under /tmp.
    const isPrivate = (point: string) => ['/proc', '/dev', '/tmp'].some((dir) => point === dir || point.startsWith(`${dir}/`));
    const hostMounts = report.mounts.filter((m) => needed.includes(m.point) || !isPrivate(m.point));
    expect(hostMounts.map((m) => m.point).sort()).toEqual(['/', ...needed].sort());
    expect(hostMounts.filter((m) => m.writable)).toEqual([]);
    const access = accessOf(report);
    expect(access).toMatchObject({ 'account list': 'absent', 'project manifest': 'absent' });
    expect(['absent', 'read-only']).toContain(access['root home']);
    expect(['absent', 'read-only']).toContain(access['home folders']);
  });

  it('cannot write the file system outside its private /tmp, nor the folders it needs to read', () => {
    expect(accessOf(report)).toMatchObject({ 'file system root': 'read-only', 'grader bundles': 'read-only', node: 'read-only' });
    // The project's folder is on the read-only root; for a checkout kept under /tmp, bubblewrap
    // makes the folders on the way to the binds in the process's own /tmp, which is not the host's.
    const project = report.paths['project folder'];
    if (process.cwd().startsWith('/tmp/')) expect(project).toEqual({ access: 'writable', mount: '/tmp' });
    else expect(project.access).toBe('read-only');
  });

  it("gets only PATH, LANG and NODE_ENV, none of the server's variables", () => {
    // PWD is bubblewrap's, set to the folder it starts the process in.
    expect(report.environment).toEqual(['LANG', 'NODE_ENV', 'PATH', 'PWD']);
  });

  it('runs with no core dumps, at most 256 open files and no file over 1 MB', () => {
    expect(report.limits).toEqual({ coreFileBytes: 0, openFiles: 256, fileSizeBytes: 1_048_576 });
  });

  it('is judged confined by the same rules the server applies at start', () => {
    expect(confinementProblems(report, readOnlyMounts(graderReadOnlyPaths(ARTIFACTS)))).toEqual([]);
  });
});
