import { getDb } from '@/db/client';
import type { CheckResult } from './check-result';
import { failedCheck } from './check-result';

/** Opens (and migrates) the database on first use and runs `select 1`. */
export function checkDatabase(): CheckResult {
  try {
    getDb().$client.prepare('select 1').get();
    return { ok: true };
  } catch (error) {
    return failedCheck(error);
  }
}
