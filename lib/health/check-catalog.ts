import { getCatalog } from '@/lib/exercises/catalog';
import { hasErrorCode } from '@/lib/errors';
import { failedCheck, type CheckResult } from './check-result';

export type CatalogCheck = CheckResult & { count: number };

/** Loads and validates the exercise catalog; a broken one reports every problem. */
export function checkCatalog(): CatalogCheck {
  try {
    return { ok: true, count: getCatalog().length };
  } catch (error) {
    if (hasErrorCode(error, 'catalog_invalid')) return { ok: false, count: 0, error: error.message };
    return { ...failedCheck(error), count: 0 };
  }
}
