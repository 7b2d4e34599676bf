import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseCidr, type Cidr } from '@/lib/http/ip-address';

/**
 * Every setting the app reads, validated once. Defaults work with no configuration.
 * `.env.example` lists the same settings; keep the two in step.
 */
/** An unset or empty variable takes the default. */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A whole number in [min, max], written in decimal digits. */
const count = (min: number, max: number, fallback: number) => {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    (value) => unsetIfEmpty(value) ?? String(fallback),
    z
      .string()
      .regex(/^\s*\d+\s*$/, rule)
      .transform(Number)
      .pipe(z.number().min(min, rule).max(max, rule)),
  );
};

/** Comma-separated CIDRs or addresses (`10.0.0.0/8, 192.168.1.7`); empty: none. */
const cidrList = z.preprocess(
  (value) => unsetIfEmpty(value) ?? '',
  z.string().transform((text, ctx): Cidr[] => {
    const cidrs: Cidr[] = [];
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const cidr = parseCidr(part);
      if (cidr) cidrs.push(cidr);
      else ctx.addIssue({ code: 'custom', message: `"${part}" is not an IP address or CIDR (like 10.0.0.0/8 or fd00::/8)` });
    }
    return cidrs;
  }),
);

export const GRADER_MODES = ['in-process', 'queue'] as const;
export type GraderMode = (typeof GRADER_MODES)[number];

const envSchema = z.object({
  DATABASE_PATH: z.preprocess(unsetIfEmpty, z.string().default('data/app.db')),
  /** A PostgreSQL URL (postgres://user:password@host:5432/db): when set, the data lives there and DATABASE_PATH is unused. */
  DATABASE_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database')
      .optional(),
  ),
  /** Grader processes; by default one per core the machine offers. */
  GRADER_WORKERS: count(1, 16, Math.min(16, os.availableParallelism())),
  /** Test contexts each grader process prepares ahead (tfjs and the runtime loaded, locked down) for its next submission; 0: none, all made on demand. */
  GRADER_PREPARED_CONTEXTS: count(0, 64, 40),
  GRADER_QUEUE_LIMIT: count(1, 1000, 32),
  GRADER_RUNS_PER_WORKER: count(1, 100_000, 200),
  /** Signs session cookies (32+ characters). Unset: one is generated and kept in the database. */
  BETTER_AUTH_SECRET: z.preprocess(unsetIfEmpty, z.string().min(32, 'must be at least 32 characters').optional()),
  /** Graded runs and submits one user may make per minute. */
  SUBMISSIONS_PER_MINUTE: count(1, 10_000, 30),
  /** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; nobody else's are. */
  TRUSTED_PROXIES: cidrList,
  /** Submissions one client may have in a grader at once (never all graders, when there are several). */
  GRADER_RUNNING_PER_CLIENT: count(1, 64, 2),
  /** Submissions one client may have waiting for a grader. */
  GRADER_QUEUED_PER_CLIENT: count(0, 1000, 4),
  /** Guest identities one client may create per hour. */
  GUESTS_PER_CLIENT_PER_HOUR: count(1, 100_000, 30),
  /** Sign-up attempts (new accounts, and emails found taken) per client per hour. */
  SIGN_UPS_PER_CLIENT_PER_HOUR: count(1, 100_000, 20),
  /**
   * Browser tests only: every new mock interview ends this many seconds after it starts, whatever
   * length was chosen. Unset (the default), a mock lasts the length chosen.
   */
  INTERVIEW_TEST_SECONDS: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\s*\d+\s*$/, 'must be a whole number of seconds from 5 to 3600')
      .transform(Number)
      .pipe(z.number().min(5, 'must be a whole number of seconds from 5 to 3600').max(3600, 'must be a whole number of seconds from 5 to 3600'))
      .optional(),
  ),
  GRADER_SANDBOX: z.preprocess(
    unsetIfEmpty,
    z.enum(['auto', 'bwrap', 'none'], { error: 'must be one of auto|bwrap|none' }).default('auto'),
  ),
  /**
   * in-process: this server grades in its own pool of grader processes. queue: it puts grading jobs
   * on a pg-boss queue in the PostgreSQL of DATABASE_URL and `npm run grader:worker` processes grade them.
   */
  GRADER_MODE: z.preprocess(unsetIfEmpty, z.enum(GRADER_MODES, { error: `must be one of ${GRADER_MODES.join('|')}` }).default('in-process')),
  /** Queue mode: how long a web server waits for a worker's answer (queueing included) before it gives an error verdict. */
  GRADER_QUEUE_WAIT_SECONDS: count(2, 3600, 120),
});

/** The queue keeps its jobs in PostgreSQL: without DATABASE_URL there is nowhere to put them. */
const queueNeedsPostgres = (env: z.infer<typeof envSchema>) => env.GRADER_MODE !== 'queue' || env.DATABASE_URL !== undefined;

export type Env = z.infer<typeof envSchema> & { databaseFile: string };

export class EnvError extends Error {
  override name = 'EnvError';
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.refine(queueNeedsPostgres, { path: ['GRADER_MODE'], message: 'queue needs DATABASE_URL (the jobs live in that PostgreSQL)' }).safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(source[String(issue.path[0])] ?? '')}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration (see .env.example):\n  ${lines.join('\n  ')}`);
  }
  const env = result.data;
  return { ...env, databaseFile: path.resolve(env.DATABASE_PATH) };
}

let cached: Env | undefined;

/** The validated environment of this process; throws EnvError naming the variable. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
