import packageJson from '@/package.json';
import { checkCatalog, type CatalogCheck } from './check-catalog';
import { checkDatabase } from './check-database';
import { checkGrader, type GraderCheck } from './check-grader';
import type { CheckResult } from './check-result';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: CheckResult;
  exercises: CatalogCheck;
  grader: GraderCheck;
}

/**
 * The state of everything the app depends on. Each check is a named field; adding one
 * (for example the grader pool) means computing it here and listing it in `checks`.
 * Async so that checks which wait (a grader ping) fit without changing callers.
 */
export async function getHealth(): Promise<Health> {
  const database = await checkDatabase();
  const exercises = checkCatalog();
  const grader = await checkGrader();
  const checks: CheckResult[] = [database, exercises, grader];
  return {
    status: checks.every((check) => check.ok) ? 'ok' : 'degraded',
    version: packageJson.version,
    database,
    exercises,
    grader,
  };
}

export function healthStatusCode(health: Health): number {
  return health.status === 'ok' ? 200 : 503;
}
