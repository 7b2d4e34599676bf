import { getAppDb, tablesOf } from '@/db/app-db';
import type { CheckResult } from './check-result';
import { failedCheck } from './check-result';

/** Opens (and migrates) the database on first use and reads one row of a small table. */
export async function checkDatabase(): Promise<CheckResult> {
  try {
    const db = await getAppDb();
    const { appSettings } = tablesOf(db);
    await db.select({ key: appSettings.key }).from(appSettings).limit(1);
    return { ok: true };
  } catch (error) {
    return failedCheck(error);
  }
}
