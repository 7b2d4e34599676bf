import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the app reads, validated once. Defaults work with no configuration.
 * `.env.example` lists the same settings; keep the two in step.
 */
const envSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('data/app.db'),
  GRADER_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  GRADER_QUEUE_LIMIT: z.coerce.number().int().min(1).max(1000).default(32),
  GRADER_RUNS_PER_WORKER: z.coerce.number().int().min(1).max(100000).default(200),
  GRADER_SANDBOX: z.enum(['auto', 'bwrap', 'none']).default('auto'),
});

export type Env = z.infer<typeof envSchema> & { databaseFile: string };

export class EnvError extends Error {
  override name = 'EnvError';
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
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
