import Link from 'next/link';
import type { FacetOption } from '@/lib/exercises/catalog-facets';
import { catalogHref, toggleFilter } from '@/lib/exercises/catalog-href';
import type { CatalogFilters, FilterKey } from '@/lib/exercises/filter-catalog';

interface Props<K extends FilterKey> {
  title: string;
  filterKey: K;
  options: FacetOption<NonNullable<CatalogFilters[K]>>[];
  label: (value: NonNullable<CatalogFilters[K]>) => string;
  filters: CatalogFilters;
}

/** One filter as plain links: choosing an option adds it to the URL, choosing it again clears it. */
export function FilterGroup<K extends FilterKey>({ title, filterKey, options, label, filters }: Props<K>) {
  const titleId = `filter-${filterKey}-title`;
  return (
    <div role="group" aria-labelledby={titleId} className="filter-group">
      <h3 id={titleId} className="filter-title">
        {title}
      </h3>
      <ul className="chips">
        {options.map((option) => (
          <li key={option.value}>
            <Link
              href={catalogHref(toggleFilter(filters, filterKey, option.value))}
              className="chip"
              data-filter={filterKey}
              data-value={option.value}
              aria-current={option.active ? 'true' : undefined}
              data-empty={option.count === 0 ? 'true' : undefined}
              scroll={false}
            >
              {label(option.value)}
              <span className="chip-count">
                <span className="visually-hidden">, </span>
                {option.count}
                <span className="visually-hidden">{option.count === 1 ? ' exercise' : ' exercises'}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
