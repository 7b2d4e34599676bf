import type { IgnoredFilter } from '@/lib/exercises/filter-catalog';

/** Says which query values were not understood, instead of failing or silently dropping them. */
export function IgnoredFiltersNotice({ ignored }: { ignored: IgnoredFilter[] }) {
  if (ignored.length === 0) return null;
  return (
    <p className="notice" role="note">
      Ignored {ignored.length === 1 ? 'an unknown filter' : 'unknown filters'}:{' '}
      {ignored.map((filter, i) => (
        <span key={filter.key}>
          {i > 0 && ', '}
          {filter.key} “<code>{filter.value}</code>”
        </span>
      ))}
      .
    </p>
  );
}
