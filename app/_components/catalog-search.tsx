import { FILTER_KEYS, type CatalogFilters } from '@/lib/exercises/filter-catalog';

/** Search by title and skill: a plain GET form that keeps the other filters (works without JavaScript). */
export function CatalogSearch({ filters }: { filters: CatalogFilters }) {
  return (
    <form role="search" action="/" className="catalog-search" aria-label="Exercises">
      <label htmlFor="catalog-q" className="visually-hidden">
        Search exercises by title or skill
      </label>
      <input id="catalog-q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder="Search by title or skill, e.g. drift" maxLength={80} />
      {FILTER_KEYS.filter((key) => key !== 'q' && filters[key] !== undefined).map((key) => (
        <input key={key} type="hidden" name={key} value={filters[key]} />
      ))}
      <button type="submit" className="button button-secondary">
        Search
      </button>
    </form>
  );
}
