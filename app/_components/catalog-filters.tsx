import type { CatalogFacets } from '@/lib/exercises/catalog-facets';
import type { CatalogFilters } from '@/lib/exercises/filter-catalog';
import { DIFFICULTY_LABEL, skillLabel, TRACK_INFO } from '@/lib/exercises/track-info';
import { FilterGroup } from './filter-group';

export function CatalogFilterPanel({ facets, filters }: { facets: CatalogFacets; filters: CatalogFilters }) {
  return (
    <aside className="filters" aria-labelledby="filters-title">
      <h2 id="filters-title" className="filters-heading">
        Filter
      </h2>
      <FilterGroup title="Track" filterKey="track" options={facets.track} label={(t) => TRACK_INFO[t].label} filters={filters} />
      <FilterGroup
        title="Difficulty"
        filterKey="difficulty"
        options={facets.difficulty}
        label={(d) => DIFFICULTY_LABEL[d]}
        filters={filters}
      />
      {facets.skill.length > 0 && (
        // Closed unless a skill is chosen: its many chips would stand between the keyboard and the list.
        <details className="filter-collapsible" open={filters.skill !== undefined}>
          <summary>
            Skills <span className="chip-count">{facets.skill.length}</span>
          </summary>
          <FilterGroup title="Skill" filterKey="skill" options={facets.skill} label={skillLabel} filters={filters} />
        </details>
      )}
    </aside>
  );
}
