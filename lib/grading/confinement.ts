import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type SandboxMode = 'auto' | 'bwrap' | 'none';

export type Confinement =
  | { kind: 'bwrap'; description: string }
  | { kind: 'none'; description: string };

export class ConfinementError extends Error {
  override name = 'ConfinementError';
}

/** Read-only system folders a Node process needs; the project itself is NOT visible inside. */
const SYSTEM_DIRS = ['/usr', '/lib', '/lib64', '/bin', '/etc/ld.so.cache', '/etc/alternatives'];

/** bubblewrap arguments: no network, read-only system folders, private /tmp, clean environment. */
export function bwrapArgs(readOnlyPaths: string[]): string[] {
  const args = ['--die-with-parent', '--new-session', '--unshare-all', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--chdir', '/tmp'];
  for (const dir of [...SYSTEM_DIRS, ...readOnlyPaths]) {
    if (fs.existsSync(dir)) args.push('--ro-bind', dir, dir);
  }
  return args;
}

/** The folders a grader process must read: the node binary, isolated-vm, the grader bundles. */
export function graderReadOnlyPaths(artifactsDir: string): string[] {
  const projectRequire = createRequire(path.join(process.cwd(), 'package.json'));
  const isolatedVm = path.dirname(projectRequire.resolve('isolated-vm/package.json'));
  // isolated-vm loads its prebuilt binary through node-gyp-build, wherever npm placed that package.
  const nodeGypBuild = path.dirname(createRequire(path.join(isolatedVm, 'package.json')).resolve('node-gyp-build/package.json'));
  return [path.dirname(process.execPath), isolatedVm, nodeGypBuild, artifactsDir];
}

function bwrapWorks(readOnlyPaths: string[]): { ok: boolean; reason: string } {
  const result = spawnSync('bwrap', [...bwrapArgs(readOnlyPaths), process.execPath, '-e', 'process.exit(0)'], { timeout: 10_000, encoding: 'utf8' });
  if (result.error) return { ok: false, reason: `bubblewrap is not installed (${result.error.message})` };
  if (result.status !== 0) return { ok: false, reason: `bubblewrap cannot create a sandbox here: ${(result.stderr || '').trim().slice(0, 200)}` };
  return { ok: true, reason: '' };
}

/** Chooses how grader processes are confined on this host, as GRADER_SANDBOX asks. */
export function detectConfinement(mode: SandboxMode, readOnlyPaths: string[]): Confinement {
  if (mode === 'none') return { kind: 'none', description: 'unconfined grader processes (GRADER_SANDBOX=none)' };
  const probe = bwrapWorks(readOnlyPaths);
  if (probe.ok) return { kind: 'bwrap', description: 'bubblewrap: no network, read-only system, private /tmp, clean environment' };
  if (mode === 'bwrap') throw new ConfinementError(`GRADER_SANDBOX=bwrap but ${probe.reason}. Install bubblewrap or set GRADER_SANDBOX=auto.`);
  return { kind: 'none', description: `unconfined grader processes: ${probe.reason}` };
}
