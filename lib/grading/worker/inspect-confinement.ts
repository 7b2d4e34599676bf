/**
 * Runs inside a grader process at start-up: looks at what the process can reach (network,
 * files, environment, resource limits) so the server can check the confinement it asked for.
 * Reads and probes only; it changes nothing outside its own probe files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { probePaths, type ConfinementReport, type Mount, type PathAccess, type PathProbe, type ProbeName, type ResourceLimits } from '../confinement-report';

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Interface names from /proc/net/dev, which lists them all (os.networkInterfaces() skips those without an address). */
function networkInterfaces(): string[] {
  return readOrEmpty('/proc/net/dev')
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]!.trim())
    .filter(Boolean);
}

/** Mount points and whether each is writable, from /proc/self/mountinfo (fields 5 and 6; spaces escaped as \040). */
function mounts(): Mount[] {
  return readOrEmpty('/proc/self/mountinfo')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const fields = line.split(' ');
      const point = (fields[4] ?? '').replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
      return { point, writable: (fields[5] ?? '').split(',').includes('rw') };
    });
}

/** Whether the process could change `target`: create (and remove) a file in a folder, open a file for writing. */
function canWrite(target: string, isFolder: boolean): boolean {
  try {
    if (isFolder) {
      const probe = path.join(target, `.grader-write-probe-${process.pid}`);
      fs.writeFileSync(probe, '');
      fs.rmSync(probe);
    } else {
      fs.closeSync(fs.openSync(target, 'r+'));
    }
    return true;
  } catch {
    return false;
  }
}

function accessOf(target: string): PathAccess {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(target);
  } catch {
    return 'absent';
  }
  return canWrite(target, stats.isDirectory()) ? 'writable' : 'read-only';
}

const LIMIT_ROWS: Record<string, keyof ResourceLimits> = {
  'Max core file size': 'coreFileBytes',
  'Max open files': 'openFiles',
  'Max file size': 'fileSizeBytes',
};

/** Soft limits from /proc/self/limits, the kernel's own account of what it enforces on this process. */
function resourceLimits(): ResourceLimits {
  const limits: ResourceLimits = { coreFileBytes: null, openFiles: null, fileSizeBytes: null };
  for (const line of readOrEmpty('/proc/self/limits').split('\n')) {
    const match = /^(Max [a-z ]+?)\s{2,}(\S+)/.exec(line);
    const name = match && LIMIT_ROWS[match[1]!];
    if (name && /^\d+$/.test(match[2]!)) limits[name] = Number(match[2]);
  }
  return limits;
}

/** The mount `target` is on: the longest mount point that contains it. */
function mountOf(target: string, all: Mount[]): string {
  const containing = all.map((m) => m.point).filter((point) => point === '/' || target === point || target.startsWith(`${point}/`));
  return containing.reduce((longest, point) => (point.length > longest.length ? point : longest), '/');
}

/** What this process can reach, given the server's project folder and the grader bundles' folder. */
export function inspectConfinement(dirs: { project: string; artifacts: string }): ConfinementReport {
  const targets = probePaths({ ...dirs, node: path.dirname(process.execPath) });
  const mounted = mounts();
  const paths = Object.fromEntries(
    Object.entries(targets).map(([probe, target]): [string, PathProbe] => [probe, { access: accessOf(target), mount: mountOf(target, mounted) }]),
  ) as Record<ProbeName, PathProbe>;
  return {
    networkInterfaces: networkInterfaces(),
    mounts: mounted,
    paths,
    environment: Object.keys(process.env).sort(),
    limits: resourceLimits(),
  };
}
