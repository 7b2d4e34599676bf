import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_MARKERS, writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';
import { useTempProject } from '@/test/helpers/use-temp-project';

let project: ReturnType<typeof useTempProject>;
beforeEach(() => {
  project = useTempProject();
  writeFixtureCatalog(project.root);
});
afterEach(() => project.cleanup());

describe('findExerciseView', () => {
  it('returns the public page data: prompt without its title line, starter, previews and linked prerequisites', async () => {
    const { findExerciseView } = await import('@/lib/exercises/find-exercise-view');
    const view = findExerciseView('deployment-debugging', 'fix-serving-skew');
    expect(view?.exercise.title).toBe('Fix the serving skew');
    expect(view?.prerequisites).toEqual([
      {
        slug: 'scale-without-leakage',
        title: 'Scale features without leakage',
        url: '/exercises/feature-engineering/scale-without-leakage',
      },
    ]);
    expect(view?.dataPreviews.map((p) => [p.name, p.kind])).toEqual([['requests.json', 'table']]);

    const first = findExerciseView('feature-engineering', 'scale-without-leakage');
    expect(first?.prompt.startsWith('Fit on **train** only.')).toBe(true);
    expect(first?.starter).toContain('export function scale');
    expect(first?.dataPreviews.map((p) => [p.name, p.kind])).toEqual([
      ['config.json', 'text'],
      ['customers.csv', 'table'],
    ]);
  });

  it('contains nothing from .meta/ and no hint text', async () => {
    const { findExerciseView } = await import('@/lib/exercises/find-exercise-view');
    const text = JSON.stringify(findExerciseView('feature-engineering', 'scale-without-leakage'));
    for (const marker of Object.values(SECRET_MARKERS)) expect(text).not.toContain(marker);
  });

  it('returns undefined for an unknown track or slug', async () => {
    const { findExerciseView } = await import('@/lib/exercises/find-exercise-view');
    expect(findExerciseView('feature-engineering', 'nope')).toBeUndefined();
    expect(findExerciseView('nope', 'scale-without-leakage')).toBeUndefined();
    expect(findExerciseView('deployment-debugging', 'scale-without-leakage')).toBeUndefined();
  });
});

describe('withoutLeadingTitle', () => {
  it('drops only a leading level-1 heading', async () => {
    const { withoutLeadingTitle } = await import('@/lib/exercises/find-exercise-view');
    expect(withoutLeadingTitle('# Title\n\nBody\n## Part')).toBe('Body\n## Part');
    expect(withoutLeadingTitle('## Part\nBody')).toBe('## Part\nBody');
    expect(withoutLeadingTitle('Body\n# Late title')).toBe('Body\n# Late title');
  });
});
