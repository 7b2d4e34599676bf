import { describe, expect, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { countFacets } from '@/lib/exercises/catalog-facets';
import { catalogHref, toggleFilter, withoutFilter } from '@/lib/exercises/catalog-href';
import {
  filterCatalog,
  groupByTrack,
  hasFilters,
  matchesSearch,
  parseCatalogFilters,
  parseCatalogFiltersOrThrow,
} from '@/lib/exercises/filter-catalog';
import { listExercisesOrThrow } from '@/lib/exercises/list-exercises';
import type { Difficulty, Track } from '@/lib/exercises/meta-schema';

function exercise(slug: string, track: Track, difficulty: Difficulty, skills: string[]): PublicExercise {
  return {
    id: slug,
    slug,
    title: slug.replace(/-/g, ' '),
    blurb: 'A blurb long enough.',
    track,
    difficulty,
    skills,
    minutes: 10,
    prerequisites: [],
    hintCount: 1,
    exports: ['f'],
    dataFiles: [],
    url: `/exercises/${track}/${slug}`,
  };
}

const catalog = [
  exercise('fix-skew', 'deployment-debugging', 'hard', ['skew']),
  exercise('target-encoding', 'feature-engineering', 'hard', ['leakage', 'encoding']),
  exercise('scale-features', 'feature-engineering', 'easy', ['leakage', 'scaling']),
  exercise('pick-a-model', 'model-selection', 'medium', ['evaluation']),
  exercise('impute-values', 'feature-engineering', 'medium', ['imputation']),
];

describe('parseCatalogFilters (pages)', () => {
  it('reads track, difficulty and skill from URLSearchParams', () => {
    const { filters, ignored } = parseCatalogFilters(new URLSearchParams('track=feature-engineering&difficulty=easy&skill=leakage'));
    expect(filters).toEqual({ track: 'feature-engineering', difficulty: 'easy', skill: 'leakage' });
    expect(ignored).toEqual([]);
  });

  it("reads Next's searchParams object and uses the first of repeated values", () => {
    const { filters } = parseCatalogFilters({ track: ['model-selection', 'feature-engineering'], skill: undefined });
    expect(filters).toEqual({ track: 'model-selection' });
  });

  it('drops unknown values and reports them instead of failing', () => {
    const { filters, ignored } = parseCatalogFilters({ track: 'nlp', difficulty: 'extreme', skill: 'Not A Skill', page: '2' });
    expect(filters).toEqual({});
    expect(ignored).toEqual([
      { key: 'track', value: 'nlp' },
      { key: 'difficulty', value: 'extreme' },
      { key: 'skill', value: 'Not A Skill' },
    ]);
  });

  it('treats empty values as no filter', () => {
    expect(parseCatalogFilters({ track: '', difficulty: '  ' })).toEqual({ filters: {}, ignored: [] });
  });
});

describe('parseCatalogFiltersOrThrow (API)', () => {
  it('throws a ZodError naming the invalid field', () => {
    expect(() => parseCatalogFiltersOrThrow(new URLSearchParams('difficulty=extreme'))).toThrowError(/difficulty/);
  });

  it('ignores query keys that are not filters', () => {
    expect(parseCatalogFiltersOrThrow(new URLSearchParams('skill=leakage&utm=x'))).toEqual({ skill: 'leakage' });
  });
});

describe('filterCatalog', () => {
  it('sorts by track, then easy to hard, then title', () => {
    expect(filterCatalog(catalog, {}).map((e) => e.slug)).toEqual([
      'pick-a-model',
      'scale-features',
      'impute-values',
      'target-encoding',
      'fix-skew',
    ]);
  });

  it('keeps only exercises that match every filter', () => {
    expect(filterCatalog(catalog, { track: 'feature-engineering', skill: 'leakage' }).map((e) => e.slug)).toEqual([
      'scale-features',
      'target-encoding',
    ]);
    expect(filterCatalog(catalog, { track: 'feature-engineering', difficulty: 'easy', skill: 'leakage' }).map((e) => e.slug)).toEqual([
      'scale-features',
    ]);
  });

  it('returns nothing for a skill no exercise has', () => {
    expect(filterCatalog(catalog, { skill: 'quantum-annealing' })).toEqual([]);
  });

  it('does not reorder the array it was given', () => {
    const before = catalog.map((e) => e.slug);
    filterCatalog(catalog, {});
    expect(catalog.map((e) => e.slug)).toEqual(before);
  });
});

describe('the order of a track (its prerequisite path)', () => {
  const withPrerequisites = (slug: string, difficulty: Difficulty, prerequisites: string[]) => ({ ...exercise(slug, 'feature-engineering', difficulty, ['leakage']), prerequisites });
  const path = [
    withPrerequisites('a-join', 'easy', ['z-clean']),
    withPrerequisites('z-clean', 'easy', []),
    withPrerequisites('b-encode', 'easy', []),
    withPrerequisites('c-tokenise', 'medium', ['d-scale']),
    withPrerequisites('d-scale', 'hard', []),
    withPrerequisites('e-select', 'medium', ['model-selection-only', 'c-tokenise']),
  ];

  it('puts every exercise after its prerequisites, otherwise easy to hard and by title', () => {
    expect(filterCatalog(path, {}).map((e) => e.slug)).toEqual(['b-encode', 'z-clean', 'a-join', 'd-scale', 'c-tokenise', 'e-select']);
    expect(groupByTrack(path)[0]!.exercises.map((e) => e.slug)).toEqual(['b-encode', 'z-clean', 'a-join', 'd-scale', 'c-tokenise', 'e-select']);
  });

  it('ignores prerequisites that a filter leaves out', () => {
    expect(filterCatalog(path, { difficulty: 'medium' }).map((e) => e.slug)).toEqual(['c-tokenise', 'e-select']);
  });

  it('shows each track of the real catalog after its prerequisites', () => {
    const shown = groupByTrack(listExercisesOrThrow());
    for (const group of shown) {
      const position = new Map(group.exercises.map((e, i) => [e.slug, i]));
      for (const [i, e] of group.exercises.entries()) {
        for (const prerequisite of e.prerequisites) expect(position.get(prerequisite) ?? -1, `${e.slug} comes after ${prerequisite}`).toBeLessThan(i);
      }
    }
    expect(shown.flatMap((g) => g.exercises)).toHaveLength(listExercisesOrThrow().length);
  });
});

describe('groupByTrack', () => {
  it('groups in track order and leaves out empty tracks', () => {
    const groups = groupByTrack(filterCatalog(catalog, { difficulty: 'hard' }));
    expect(groups.map((g) => [g.track, g.exercises.map((e) => e.slug)])).toEqual([
      ['feature-engineering', ['target-encoding']],
      ['deployment-debugging', ['fix-skew']],
    ]);
  });
});

describe('countFacets', () => {
  it('counts what each option would give with the other filters unchanged', () => {
    const facets = countFacets(catalog, { track: 'feature-engineering' });
    expect(facets.track.map((o) => [o.value, o.count, o.active])).toEqual([
      ['model-selection', 1, false],
      ['feature-engineering', 3, true],
      ['deployment-debugging', 1, false],
    ]);
    expect(facets.difficulty.map((o) => [o.value, o.count])).toEqual([
      ['easy', 1],
      ['medium', 1],
      ['hard', 1],
    ]);
    expect(facets.skill.find((o) => o.value === 'leakage')?.count).toBe(2);
    expect(facets.skill.find((o) => o.value === 'skew')?.count).toBe(0);
  });

  it('lists every skill the catalog uses, sorted', () => {
    expect(countFacets(catalog, {}).skill.map((o) => o.value)).toEqual([
      'encoding',
      'evaluation',
      'imputation',
      'leakage',
      'scaling',
      'skew',
    ]);
  });
});

describe('catalog links', () => {
  it('builds shareable URLs in a stable order', () => {
    expect(catalogHref({})).toBe('/');
    expect(catalogHref({ skill: 'leakage', track: 'feature-engineering', difficulty: 'easy' })).toBe(
      '/?track=feature-engineering&difficulty=easy&skill=leakage',
    );
  });

  it('toggles a filter on and off and removes one', () => {
    const on = toggleFilter({ difficulty: 'easy' }, 'track', 'model-selection');
    expect(on).toEqual({ difficulty: 'easy', track: 'model-selection' });
    expect(toggleFilter(on, 'track', 'model-selection')).toEqual({ difficulty: 'easy' });
    expect(withoutFilter(on, 'difficulty')).toEqual({ track: 'model-selection' });
    expect(hasFilters({})).toBe(false);
    expect(hasFilters(on)).toBe(true);
  });
});

describe('search (q)', () => {
  const withSkill = exercise('psi-drift-monitor', 'deployment-debugging', 'medium', ['population-stability-index', 'drift-detection']);

  it('matches every word, in any case, in the title or in a skill by key or by name', () => {
    expect(matchesSearch(withSkill, 'PSI monitor')).toBe(true);
    expect(matchesSearch(withSkill, 'drift detection')).toBe(true);
    expect(matchesSearch(withSkill, 'drift-detection')).toBe(true);
    expect(matchesSearch(withSkill, 'stability   index')).toBe(true);
    expect(matchesSearch(withSkill, 'drift leakage')).toBe(false);
    expect(matchesSearch(withSkill, '   ')).toBe(true);
  });

  it('is a filter like the others: parsed, combined, kept in links and removable', () => {
    const { filters, ignored } = parseCatalogFilters({ q: '  leakage ', track: 'feature-engineering' });
    expect(ignored).toEqual([]);
    expect(filters).toEqual({ q: 'leakage', track: 'feature-engineering' });
    expect(filterCatalog(catalog, filters).map((e) => e.slug)).toEqual(['scale-features', 'target-encoding']);
    expect(filterCatalog(catalog, { q: 'encoding' }).map((e) => e.slug)).toEqual(['target-encoding']);
    expect(catalogHref(filters)).toBe('/?q=leakage&track=feature-engineering');
    expect(withoutFilter(filters, 'q')).toEqual({ track: 'feature-engineering' });
    expect(parseCatalogFilters({ q: 'x'.repeat(81) }).ignored).toEqual([{ key: 'q', value: 'x'.repeat(81) }]);
  });
});
