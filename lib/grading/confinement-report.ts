/**
 * What a grader process sees of its host, as it reports it from inside at start-up, and what
 * counts as confined. Plain data: built in the grader process, judged in the server.
 */

/** The only environment a grader process is given. */
export const GRADER_ENV = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', NODE_ENV: 'production' } as const;

/** Resource limits every grader process runs under (set with prlimit, confined or not). */
export const GRADER_LIMITS = {
  /** No core dumps (a dump would hold other jobs' data). */
  coreFileBytes: 0,
  openFiles: 256,
  /** No file larger than 1 MB written. */
  fileSizeBytes: 1_048_576,
} as const;

export type ResourceLimits = { -readonly [K in keyof typeof GRADER_LIMITS]: number | null };

/** How a path looks from inside: not there, there but not writable, or writable. */
export type PathAccess = 'absent' | 'read-only' | 'writable';

export interface PathProbe {
  access: PathAccess;
  /** The mount the path is on, as the process sees it (a write to a private mount stays in the sandbox). */
  mount: string;
}

/** Files a grader process must never see. */
export const HIDDEN_PROBES = ['account list', 'project manifest'] as const;
/**
 * Places a grader process may see but never write: what it needs, and folders that exist only on
 * the way to what it needs (node may live under /root or /home).
 */
export const READ_ONLY_PROBES = ['file system root', 'root home', 'home folders', 'project folder', 'grader bundles', 'node'] as const;
export type ProbeName = (typeof HIDDEN_PROBES)[number] | (typeof READ_ONLY_PROBES)[number];

export interface Mount {
  point: string;
  writable: boolean;
}

export interface ConfinementReport {
  /** Every network interface the process sees, up or down (`/proc/net/dev`). */
  networkInterfaces: string[];
  /** Every file system mounted in the process's view (`/proc/self/mountinfo`): all it can see of the host. */
  mounts: Mount[];
  paths: Record<ProbeName, PathProbe>;
  /** Names of the environment variables the process was given. */
  environment: string[];
  /** Soft limits in force (`/proc/self/limits`); null when unlimited or unreadable. */
  limits: ResourceLimits;
}

/** bubblewrap sets PWD to the folder it starts the process in (/tmp); nothing else is added. */
const ALLOWED_ENVIRONMENT = new Set([...Object.keys(GRADER_ENV), 'PWD']);
/** Private to the process (its own /proc, device nodes and /tmp): the only mounts it may write. */
const PRIVATE_MOUNTS = ['/proc', '/dev', '/tmp'];
const isPrivate = (point: string) => PRIVATE_MOUNTS.some((dir) => point === dir || point.startsWith(`${dir}/`));

/** The paths each probe looks at, given the project folder and the grader bundles' folder. */
export function probePaths(dirs: { project: string; artifacts: string; node: string }): Record<ProbeName, string> {
  return {
    'account list': '/etc/passwd',
    'project manifest': `${dirs.project}/package.json`,
    'file system root': '/',
    'root home': '/root',
    'home folders': '/home',
    'project folder': dirs.project,
    'grader bundles': dirs.artifacts,
    node: dirs.node,
  };
}

/**
 * Everything in `report` that an OS-confined grader process should not see or be able to do.
 * `readOnlyMounts` are the folders it was given to read (system folders, node, isolated-vm, bundles).
 */
export function confinementProblems(report: ConfinementReport, readOnlyMounts: string[]): string[] {
  const problems: string[] = [];
  const others = report.networkInterfaces.filter((name) => name !== 'lo');
  if (others.length > 0) problems.push(`sees network interfaces ${others.join(', ')}`);
  for (const mount of report.mounts) {
    if (!isPrivate(mount.point) && mount.point !== '/' && !readOnlyMounts.includes(mount.point)) problems.push(`sees the host's ${mount.point}`);
    else if (mount.writable && !isPrivate(mount.point)) problems.push(`can write ${mount.point}`);
  }
  for (const probe of HIDDEN_PROBES) {
    if (report.paths[probe].access !== 'absent') problems.push(`can see the ${probe}`);
  }
  for (const probe of READ_ONLY_PROBES) {
    const { access, mount } = report.paths[probe];
    if (access === 'writable' && !isPrivate(mount)) problems.push(`can write the ${probe}`);
  }
  const extra = report.environment.filter((name) => !ALLOWED_ENVIRONMENT.has(name));
  if (extra.length > 0) problems.push(`was given environment variables ${extra.join(', ')}`);
  return [...problems, ...limitProblems(report.limits)];
}

/** Limits that are missing or looser than GRADER_LIMITS (they apply confined or not). */
export function limitProblems(limits: ResourceLimits): string[] {
  return (Object.keys(GRADER_LIMITS) as (keyof ResourceLimits)[])
    .filter((name) => limits[name] === null || limits[name] > GRADER_LIMITS[name])
    .map((name) => `runs with ${name} ${limits[name] ?? 'unlimited'} (at most ${GRADER_LIMITS[name]})`);
}

/** What `/api/health` shows of a report: what the process reached and what is wrong, without the host's paths. */
export interface ConfinementSummary {
  networkInterfaces: string[];
  /** `private`: writable, but on a mount of the process's own (its /tmp), so nothing reaches the host. */
  paths: Record<ProbeName, PathAccess | 'private'>;
  environment: string[];
  limits: ResourceLimits;
  /** Empty when the process is as confined as the server asked. */
  problems: string[];
}

export function summarizeReport(report: ConfinementReport, problems: string[]): ConfinementSummary {
  const paths = Object.fromEntries(
    Object.entries(report.paths).map(([probe, { access, mount }]) => [probe, access === 'writable' && isPrivate(mount) ? 'private' : access]),
  ) as ConfinementSummary['paths'];
  return { networkInterfaces: report.networkInterfaces, paths, environment: report.environment, limits: report.limits, problems };
}
