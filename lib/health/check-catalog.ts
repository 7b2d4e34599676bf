import { getCatalog } from '@/lib/exercises/catalog';
import { CatalogError } from '@/lib/exercises/load-catalog';
import { failedCheck, type CheckResult } from './check-result';

export type CatalogCheck = CheckResult & { count: number };

/** Loads and validates the exercise catalog; a broken one reports every problem. */
export function checkCatalog(): CatalogCheck {
  try {
    return { ok: true, count: getCatalog().length };
  } catch (error) {
    if (error instanceof CatalogError) return { ok: false, count: 0, error: error.message };
    return { ...failedCheck(error), count: 0 };
  }
}
