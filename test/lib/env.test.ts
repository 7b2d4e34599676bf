import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

const VARIABLES = ['DATABASE_PATH', 'GRADER_WORKERS', 'GRADER_QUEUE_LIMIT', 'GRADER_RUNS_PER_WORKER', 'GRADER_SANDBOX'] as const;

/** The EnvError message parseEnv throws for `source`; fails the test if it parses. */
function errorFor(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).name).toBe('EnvError');
    return (error as EnvError).message;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected, but it parsed`);
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('parseEnv', () => {
  it('has a working default for every setting when nothing is configured', () => {
    expect(parseEnv({})).toEqual({
      DATABASE_PATH: 'data/app.db',
      GRADER_WORKERS: Math.min(16, os.availableParallelism()),
      GRADER_PREPARED_CONTEXTS: 40,
      GRADER_QUEUE_LIMIT: 32,
      GRADER_RUNS_PER_WORKER: 200,
      GRADER_SANDBOX: 'auto',
      SUBMISSIONS_PER_MINUTE: 30,
      TRUSTED_PROXIES: [],
      GRADER_RUNNING_PER_CLIENT: 2,
      GRADER_QUEUED_PER_CLIENT: 4,
      GUESTS_PER_CLIENT_PER_HOUR: 30,
      SIGN_UPS_PER_CLIENT_PER_HOUR: 20,
      BETTER_AUTH_SECRET: undefined,
      INTERVIEW_TEST_SECONDS: undefined,
      GRADER_MODE: 'in-process',
      GRADER_QUEUE_WAIT_SECONDS: 120,
      databaseFile: path.resolve('data/app.db'),
    });
  });

  it('parses every variable, numbers as integers, and resolves the database file', () => {
    const env = parseEnv({
      DATABASE_PATH: '/var/lib/studio/app.db',
      GRADER_WORKERS: '4',
      GRADER_PREPARED_CONTEXTS: '0',
      GRADER_QUEUE_LIMIT: '100',
      GRADER_RUNS_PER_WORKER: '50',
      GRADER_SANDBOX: 'bwrap',
      SUBMISSIONS_PER_MINUTE: '12',
      TRUSTED_PROXIES: '10.0.0.0/8',
      GRADER_RUNNING_PER_CLIENT: '3',
      GRADER_QUEUED_PER_CLIENT: '0',
      GUESTS_PER_CLIENT_PER_HOUR: '5',
      SIGN_UPS_PER_CLIENT_PER_HOUR: '7',
      BETTER_AUTH_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      DATABASE_URL: 'postgres://app@db.internal:5432/studio',
      GRADER_MODE: 'queue',
      GRADER_QUEUE_WAIT_SECONDS: '30',
    });
    expect(env).toEqual({
      DATABASE_PATH: '/var/lib/studio/app.db',
      GRADER_WORKERS: 4,
      GRADER_PREPARED_CONTEXTS: 0,
      GRADER_QUEUE_LIMIT: 100,
      GRADER_RUNS_PER_WORKER: 50,
      GRADER_SANDBOX: 'bwrap',
      SUBMISSIONS_PER_MINUTE: 12,
      TRUSTED_PROXIES: [{ network: '10.0.0.0', prefix: 8, family: 'ipv4' }],
      GRADER_RUNNING_PER_CLIENT: 3,
      GRADER_QUEUED_PER_CLIENT: 0,
      GUESTS_PER_CLIENT_PER_HOUR: 5,
      SIGN_UPS_PER_CLIENT_PER_HOUR: 7,
      BETTER_AUTH_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      DATABASE_URL: 'postgres://app@db.internal:5432/studio',
      GRADER_MODE: 'queue',
      GRADER_QUEUE_WAIT_SECONDS: 30,
      databaseFile: '/var/lib/studio/app.db',
    });
    expect(() => parseEnv({ BETTER_AUTH_SECRET: 'short' })).toThrow(/BETTER_AUTH_SECRET.*at least 32 characters/);
    expect(parseEnv({ DATABASE_PATH: 'tmp/other.db' }).databaseFile).toBe(path.resolve('tmp/other.db'));
    expect(parseEnv({ GRADER_SANDBOX: 'none' }).GRADER_SANDBOX).toBe('none');
  });

  it('accepts the bounds of every number', () => {
    expect(parseEnv({ GRADER_WORKERS: '1', GRADER_QUEUE_LIMIT: '1', GRADER_RUNS_PER_WORKER: '1' })).toMatchObject({
      GRADER_WORKERS: 1,
      GRADER_QUEUE_LIMIT: 1,
      GRADER_RUNS_PER_WORKER: 1,
    });
    expect(parseEnv({ GRADER_WORKERS: '16', GRADER_QUEUE_LIMIT: '1000', GRADER_RUNS_PER_WORKER: '100000' })).toMatchObject({
      GRADER_WORKERS: 16,
      GRADER_QUEUE_LIMIT: 1000,
      GRADER_RUNS_PER_WORKER: 100000,
    });
  });

  it('ignores variables it does not know', () => {
    expect(parseEnv({ PATH: '/usr/bin', NODE_ENV: 'test', GRADER_WORKERS: '3' }).GRADER_WORKERS).toBe(3);
  });

  it.each([
    ['GRADER_WORKERS', '0', 'must be a whole number from 1 to 16'],
    ['GRADER_PREPARED_CONTEXTS', '65', 'must be a whole number from 0 to 64'],
    ['GRADER_WORKERS', '17', 'must be a whole number from 1 to 16'],
    ['GRADER_WORKERS', 'two', 'must be a whole number from 1 to 16'],
    ['GRADER_WORKERS', '1.5', 'must be a whole number from 1 to 16'],
    ['GRADER_WORKERS', '0x4', 'must be a whole number from 1 to 16'],
    ['GRADER_QUEUE_LIMIT', '0', 'must be a whole number from 1 to 1000'],
    ['GRADER_QUEUE_LIMIT', '1001', 'must be a whole number from 1 to 1000'],
    ['GRADER_QUEUE_LIMIT', '-3', 'must be a whole number from 1 to 1000'],
    ['GRADER_RUNS_PER_WORKER', '0', 'must be a whole number from 1 to 100000'],
    ['GRADER_RUNS_PER_WORKER', '100001', 'must be a whole number from 1 to 100000'],
    ['GRADER_RUNS_PER_WORKER', 'lots', 'must be a whole number from 1 to 100000'],
    ['GRADER_SANDBOX', 'docker', 'must be one of auto|bwrap|none'],
    ['GRADER_SANDBOX', 'BWRAP', 'must be one of auto|bwrap|none'],
    ['GRADER_MODE', 'redis', 'must be one of in-process|queue'],
    ['GRADER_MODE', 'queue', 'queue needs DATABASE_URL (the jobs live in that PostgreSQL)'],
    ['GRADER_QUEUE_WAIT_SECONDS', '1', 'must be a whole number from 2 to 3600'],
  ])('rejects %s=%j, naming the variable, its value and what is allowed', (name, value, allowed) => {
    const message = errorFor({ [name]: value });
    expect(message).toMatch(/^Invalid environment configuration \(see \.env\.example\):\n {2}/);
    expect(message.split('\n')[1]!.trim()).toBe(`${name}=${JSON.stringify(value)}: ${allowed}`);
  });

  it('takes the default for a variable that is set but empty', () => {
    expect(parseEnv({ DATABASE_PATH: '', GRADER_WORKERS: '', GRADER_QUEUE_LIMIT: ' ', GRADER_SANDBOX: '' })).toEqual(parseEnv({}));
  });

  it('accepts surrounding spaces around a number', () => {
    expect(parseEnv({ GRADER_WORKERS: ' 4 ' }).GRADER_WORKERS).toBe(4);
  });

  it('names every invalid variable at once, and only those', () => {
    const message = errorFor({ GRADER_WORKERS: '99', GRADER_SANDBOX: 'docker', GRADER_QUEUE_LIMIT: '10', DATABASE_PATH: 'ok.db' });
    const lines = message.split('\n').slice(1).map((l) => l.trim().split('=')[0]);
    expect(lines.sort()).toEqual(['GRADER_SANDBOX', 'GRADER_WORKERS']);
  });
});

describe('getEnv', () => {
  it('reads process.env', async () => {
    for (const name of VARIABLES) vi.stubEnv(name, undefined);
    vi.stubEnv('GRADER_WORKERS', '5');
    vi.stubEnv('GRADER_SANDBOX', 'none');
    const { getEnv } = await import('@/lib/env');
    expect(getEnv()).toMatchObject({ GRADER_WORKERS: 5, GRADER_SANDBOX: 'none', GRADER_QUEUE_LIMIT: 32, DATABASE_PATH: 'data/app.db' });
  });

  it('uses the defaults when none of its variables is set', async () => {
    for (const name of VARIABLES) vi.stubEnv(name, undefined);
    const { getEnv } = await import('@/lib/env');
    expect(getEnv()).toEqual(parseEnv({}));
  });

  it('throws EnvError naming the variable when process.env holds an invalid value', async () => {
    vi.stubEnv('GRADER_QUEUE_LIMIT', 'many');
    const { getEnv, EnvError: FreshEnvError } = await import('@/lib/env');
    expect(() => getEnv()).toThrow(FreshEnvError);
    expect(() => getEnv()).toThrow(/GRADER_QUEUE_LIMIT="many": must be a whole number/);
  });

  it('validates once per process and keeps the first result', async () => {
    vi.stubEnv('GRADER_WORKERS', '3');
    const { getEnv } = await import('@/lib/env');
    const first = getEnv();
    vi.stubEnv('GRADER_WORKERS', '7');
    expect(getEnv()).toBe(first);
    expect(getEnv().GRADER_WORKERS).toBe(3);
  });
});
