import { FILTER_KEYS, type CatalogFilters, type FilterKey } from './filter-catalog';

/** The catalog URL for a set of filters: `/?track=...&difficulty=...&skill=...`, or `/` for none. */
export function catalogHref(filters: CatalogFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

/** Chooses `value` for `key`, or clears the filter when `value` is already chosen. */
export function toggleFilter<K extends FilterKey>(
  filters: CatalogFilters,
  key: K,
  value: NonNullable<CatalogFilters[K]>,
): CatalogFilters {
  if (filters[key] === value) return withoutFilter(filters, key);
  return { ...filters, [key]: value };
}

export function withoutFilter(filters: CatalogFilters, key: FilterKey): CatalogFilters {
  const next = { ...filters };
  delete next[key];
  return next;
}
