import Link from 'next/link';
import { catalogHref, withoutFilter } from '@/lib/exercises/catalog-href';
import { FILTER_KEYS, type CatalogFilters, type FilterKey } from '@/lib/exercises/filter-catalog';
import { DIFFICULTY_LABEL, skillLabel, TRACK_INFO } from '@/lib/exercises/track-info';
import { CloseIcon } from './icons';

const KEY_LABEL: Record<FilterKey, string> = { q: 'Search', track: 'Track', difficulty: 'Difficulty', skill: 'Skill' };

function valueLabel(filters: CatalogFilters, key: FilterKey): string {
  if (key === 'q') return `“${filters.q ?? ''}”`;
  if (key === 'track' && filters.track) return TRACK_INFO[filters.track].label;
  if (key === 'difficulty' && filters.difficulty) return DIFFICULTY_LABEL[filters.difficulty];
  return skillLabel(filters.skill ?? '');
}

/** The chosen filters, each removable on its own, and a link that clears them all. */
export function ActiveFilters({ filters }: { filters: CatalogFilters }) {
  const keys = FILTER_KEYS.filter((key) => filters[key] !== undefined);
  if (keys.length === 0) return null;
  return (
    <div className="active-filters">
      <span className="active-filters-label">Filtered by</span>
      <ul className="chips">
        {keys.map((key) => (
          <li key={key}>
            <Link href={catalogHref(withoutFilter(filters, key))} className="chip chip-removable" scroll={false}>
              <span className="chip-key">{KEY_LABEL[key]}:</span> {valueLabel(filters, key)}
              <span className="visually-hidden"> (remove filter)</span>
              <CloseIcon />
            </Link>
          </li>
        ))}
      </ul>
      <Link href="/" className="text-link" scroll={false}>
        Clear all
      </Link>
    </div>
  );
}
