import Link from 'next/link';
import { ActiveFilters } from './_components/active-filters';
import { CatalogFilterPanel } from './_components/catalog-filters';
import { CatalogSearch } from './_components/catalog-search';
import { TrackProgress } from './_components/track-progress';
import { ExerciseCard } from './_components/exercise-card';
import { StartHerePanel } from './_components/start-here-panel';
import { IgnoredFiltersNotice } from './_components/ignored-filters-notice';
import { countFacets } from '@/lib/exercises/catalog-facets';
import { filterCatalog, groupByTrack, hasFilters, parseCatalogFilters, type SearchParamsInput } from '@/lib/exercises/filter-catalog';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import { TRACK_INFO } from '@/lib/exercises/track-info';
import { getAppDb } from '@/db/app-db';
import { pageTimeZone } from '@/lib/account/page-time-zone';
import { getCurrentUser } from '@/lib/auth/current-user';
import { getExerciseStatuses } from '@/lib/progress/get-dashboard';
import type { ExerciseStatus } from '@/lib/progress/summarize-exercise';
import { showsStartHere } from '@/lib/onboarding/start-here';
import './styles/progress-status.css';

// Reads the exercises folder at request time.
export const dynamic = 'force-dynamic';

export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParamsInput> }) {
  const { filters, ignored } = parseCatalogFilters(await searchParams);
  const all = listExercisesOrThrow();
  const shown = filterCatalog(all, filters);
  const facets = countFacets(all, filters);
  const skillCount = facets.skill.length;
  const { user } = await getCurrentUser();
  const timeZone = await pageTimeZone(user);
  const statuses = user ? await getExerciseStatuses(await getAppDb(), user.id, all, timeZone) : new Map<string, ExerciseStatus>();

  return (
    <div className="container catalog">
      <section className="hero" aria-labelledby="catalog-title">
        <p className="eyebrow">Exercises</p>
        <h1 id="catalog-title">Practise the real work of an ML engineer</h1>
        <p className="lede">
          Choose and adapt models, engineer leakage-free features and debug broken serving code. Every exercise is graded by
          real TensorFlow.js runs.
        </p>
        <p className="hero-stats">
          <span>
            <strong>{all.length}</strong> {all.length === 1 ? 'exercise' : 'exercises'}
          </span>
          <span>
            <strong>{Object.keys(TRACK_INFO).length}</strong> tracks
          </span>
          <span>
            <strong>{skillCount}</strong> {skillCount === 1 ? 'skill' : 'skills'}
          </span>
        </p>
      </section>

      <a href="#exercise-list" className="skip-link">
        Skip to the exercise list
      </a>
      {!hasFilters(filters) && showsStartHere(user, statuses.values()) && <StartHerePanel catalog={all} />}
      <CatalogSearch filters={filters} />

      <div className="catalog-layout">
        <CatalogFilterPanel facets={facets} filters={filters} />

        <section className="results" aria-label="Results" id="exercise-list" tabIndex={-1}>
          <div className="results-bar">
            <p className="results-count">
              {hasFilters(filters) ? (
                <>
                  Showing <strong>{shown.length}</strong> of {all.length} exercises
                </>
              ) : (
                <>
                  Showing all <strong>{all.length}</strong> exercises
                </>
              )}
            </p>
            <ActiveFilters filters={filters} />
          </div>
          <IgnoredFiltersNotice ignored={ignored} />

          {shown.length === 0 ? (
            <div className="empty-state">
              {hasFilters(filters) ? (
                <>
                  <p className="empty-title">No exercises match these filters.</p>
                  <p>Remove a filter above, or start again from the full catalog.</p>
                  <Link href="/" className="button">
                    Clear all filters
                  </Link>
                </>
              ) : (
                <p className="empty-title">There are no exercises yet.</p>
              )}
            </div>
          ) : (
            groupByTrack(shown).map((group) => (
              <section key={group.track} className="track-group" aria-labelledby={`track-${group.track}`}>
                <header className="track-group-head" data-track={group.track}>
                  <h2 id={`track-${group.track}`}>{TRACK_INFO[group.track].label}</h2>
                  <p>{TRACK_INFO[group.track].description}</p>
                  {user && <TrackProgress track={group.track} exercises={all} statuses={statuses} />}
                </header>
                <ul className="card-grid">
                  {group.exercises.map((exercise) => (
                    <ExerciseCard key={exercise.id} exercise={exercise} status={statuses.get(exercise.id) ?? 'not-started'} />
                  ))}
                </ul>
              </section>
            ))
          )}
        </section>
      </div>
    </div>
  );
}
