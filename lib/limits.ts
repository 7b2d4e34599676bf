import { getTableName } from 'drizzle-orm';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimits } from '@/db/pg-schema';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

/**
 * Every limit the app enforces, in one place. Counts are per user (the signed-in account or the
 * guest) and per client (the address a request came from, lib/http/client-address.ts): a
 * self-issued guest identity is free to make, so whatever costs the server is also counted per
 * client.
 */

/** Rate limits: at most `points` per key in each window of `seconds`. */
const RATE_LIMITS = {
  /** Graded runs and submits per user. */
  submissionsPerUser: {
    points: () => getEnv().SUBMISSIONS_PER_MINUTE,
    seconds: 60,
    message: (points: number) => `You have sent ${points} runs, submits and console calls in the last minute.`,
  },
  /** New guest identities per client: a request without a guest cookie makes one. */
  guestsPerClient: {
    points: () => getEnv().GUESTS_PER_CLIENT_PER_HOUR,
    seconds: 60 * 60,
    message: (points: number) =>
      `${points} new guest sessions were started from your address in the last hour. Keep cookies enabled for this site, or sign in.`,
  },
  /** Sign-up attempts per client, including those that find the email taken (which says it exists). */
  signUpsPerClient: {
    points: () => getEnv().SIGN_UPS_PER_CLIENT_PER_HOUR,
    seconds: 60 * 60,
    message: (points: number) => `${points} sign-ups were tried from your address in the last hour.`,
  },
  /** Failed sign-ins per client, whatever the email (one address guessing many accounts). */
  signInFailuresPerClient: {
    points: () => 100,
    seconds: 24 * 60 * 60,
    message: (points: number) => `${points} sign-ins failed from your address today.`,
  },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

/**
 * Sign-in throttling per (email, client): the first `freeFailures` wrong passwords cost nothing,
 * then each one makes that client wait twice as long as the last (from `firstDelaySeconds` up to
 * `maxDelaySeconds`) before it may try that email again. Another client (the owner) is never
 * held back. Failures are forgotten a day after the first, or at a successful sign-in.
 */
export const SIGN_IN_THROTTLE = { freeFailures: 5, firstDelaySeconds: 1, maxDelaySeconds: 15 * 60, memorySeconds: 24 * 60 * 60 } as const;

/** Grading: how much of the grader pool one client and one user may hold. */
export function gradingLimits() {
  const env = getEnv();
  return {
    /** Submissions waiting for a grader, all clients together. */
    queueLimit: env.GRADER_QUEUE_LIMIT,
    /** Graders one client may occupy: never all of them when there are several, so others always get a turn. */
    runningPerClient: Math.max(1, Math.min(env.GRADER_RUNNING_PER_CLIENT, env.GRADER_WORKERS - 1)),
    queuedPerClient: env.GRADER_QUEUED_PER_CLIENT,
    /** Submissions one user may have in grading at once (two tabs are fine; a flood is not). */
    inFlightPerUser: 2,
    /**
     * A slot of inFlightPerUser is freed when its grading ends, or after this long if the server
     * holding it stopped first: longer than any grading takes.
     */
    inFlightSlotSeconds: 15 * 60,
    /** Retry-After when the whole queue is full, and when one client or user is at its cap. */
    queueFullRetrySeconds: 5,
    busyRetrySeconds: 2,
  };
}

/** Mock interviews (lib/interview): lengths offered, how much fits in one, and how time is kept. */
export const INTERVIEW_LIMITS = {
  /** Lengths a learner may choose, in minutes. */
  lengths: [45, 60, 90],
  /** Exercises in one mock: at least `min`; `max` from `maxFromMinutes` minutes on. */
  exercises: { min: 2, max: 3, maxFromMinutes: 60 },
  /** Conceptual questions: two per exercise, at least 3 and at most 6 in all. */
  questionsPerExercise: 2,
  questions: { min: 3, max: 6 },
  /** Time set aside per question when sizing the exercises to the length. */
  questionMinutes: 1,
  /** A draft saved this long after the deadline is still taken (the last autosave in flight); Run and Submit get no grace. */
  draftGraceMs: 2_000,
  /** A finish claimed this long ago and not completed (the server stopped) is taken over. */
  finishClaimStaleMs: 2 * 60_000,
  /** How often the server looks for mocks whose time ran out. */
  sweepEveryMs: 5_000,
} as const;

/** The workspace console (lib/grading/run-console-call.ts): the call typed, and the value shown back. */
export const CONSOLE_LIMITS = {
  /** Characters of one console expression. */
  expressionChars: 2_000,
  /** Characters of the rendered value; longer is cut with a note. */
  valueChars: 20_000,
  /** Items shown of one array (tensor values too) before the rest is counted, not shown. */
  arrayItems: 50,
} as const;

/** Body sizes, in bytes. */
export const BODY_LIMITS = {
  /** Most JSON requests (account forms, settings). */
  default: 16 * 1024,
  /** Requests that carry code: room for the JSON envelope around the largest allowed code. */
  code: (maxCodeBytes: number) => maxCodeBytes * 2 + 4096,
} as const;

/**
 * Where the limiters keep their counts: this process's memory, or a table of the app's PostgreSQL
 * database, so that several web servers count against the same limits. Kept on globalThis, so
 * every bundle of the server build shares them.
 */
const store = globalThis as typeof globalThis & { __mpsLimiters?: Map<string, RateLimiterAbstract>; __mpsLimiterPool?: Pool };

/** The table rate-limiter-flexible keeps every limiter's counts in: made by the migrations (db/pg-schema.ts). */
const RATE_LIMIT_TABLE = getTableName(rateLimits);

/**
 * Keeps every rate limit's counts in the PostgreSQL database of `pool` from now on (a migrated
 * database: db/pg-client.ts), or in this process's memory when `pool` is undefined. Counts taken
 * before are not carried over.
 */
export function storeRateLimitsIn(pool: Pool | undefined): void {
  store.__mpsLimiterPool = pool;
  store.__mpsLimiters = new Map();
}

function createLimiter(name: string, points: number, seconds: number): RateLimiterAbstract {
  const pool = store.__mpsLimiterPool;
  if (!pool) return new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
  return new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: RATE_LIMIT_TABLE, tableCreated: true, clearExpiredByTimeout: true, keyPrefix: name, points, duration: seconds });
}

export function rateLimiter(name: string, points: number, seconds: number): RateLimiterAbstract {
  store.__mpsLimiters ??= new Map();
  const id = `${name}:${points}:${seconds}`;
  let limiter = store.__mpsLimiters.get(id);
  if (!limiter) {
    limiter = createLimiter(name, points, seconds);
    store.__mpsLimiters.set(id, limiter);
  }
  return limiter;
}

function isLimiterRes(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value;
}

/** A 429 that says how long to wait. */
export function tooManyRequests(message: string, msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('rate_limited', `${message} Try again in ${formatWait(retryAfterSeconds)}.`, { retryAfterSeconds });
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3600)} h`;
}

/** Counts one request against a rate limit; throws a 429 AppError with Retry-After when over it. */
export async function takeOrThrow(name: RateLimitName, key: string): Promise<void> {
  const limit = RATE_LIMITS[name];
  const points = limit.points();
  try {
    await rateLimiter(name, points, limit.seconds).consume(key);
  } catch (error) {
    if (isLimiterRes(error)) throw tooManyRequests(limit.message(points), error.msBeforeNext);
    throw error;
  }
}

/** Takes back one count (a failure that turned out to be a success). */
export async function forgive(name: RateLimitName, key: string): Promise<void> {
  const limit = RATE_LIMITS[name];
  const res = await rateLimiter(name, limit.points(), limit.seconds).get(key);
  if (res && res.consumedPoints > 0) await rateLimiter(name, limit.points(), limit.seconds).reward(key);
}

/**
 * Holds one of the user's grading slots (gradingLimits().inFlightPerUser) until the returned
 * release is called, in the rate limits' store: with PostgreSQL, a user's slots are counted
 * across every web server. Throws a 429 AppError when all are held.
 */
export async function holdGradingSlotOrThrow(userId: string): Promise<() => Promise<void>> {
  const { inFlightPerUser, inFlightSlotSeconds, busyRetrySeconds } = gradingLimits();
  const slots = rateLimiter('gradingSlotsPerUser', inFlightPerUser, inFlightSlotSeconds);
  try {
    await slots.consume(userId);
  } catch (error) {
    if (!isLimiterRes(error)) throw error;
    // A refused take is counted too (rate-limiter-flexible adds, then compares): give it back.
    await slots.reward(userId);
    throw new AppError('rate_limited', `You already have ${inFlightPerUser} submissions being graded. Wait for their results, then try again.`, {
      retryAfterSeconds: busyRetrySeconds,
    });
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    // Not the user's problem: a slot that cannot be given back frees itself after inFlightSlotSeconds.
    await slots.reward(userId).catch((error: unknown) => console.error('[limits] could not free a grading slot:', error));
  };
}
