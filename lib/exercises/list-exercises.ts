import { getCatalog, toPublicExercise, type PublicExercise } from './catalog';
import { filterCatalog, type CatalogFilters } from './filter-catalog';

/**
 * The exercises matching `filters` as a browser may see them, sorted for display.
 * Throws CatalogError when the catalog is broken.
 */
export function listExercisesOrThrow(filters: CatalogFilters = {}): PublicExercise[] {
  return filterCatalog(getCatalog().map(toPublicExercise), filters);
}
