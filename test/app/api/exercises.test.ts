import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_MARKERS, writeFixtureCatalog } from '@/test/helpers/write-fixture-catalog';
import { useTempProject } from '@/test/helpers/use-temp-project';

let project: ReturnType<typeof useTempProject>;

beforeEach(() => {
  project = useTempProject();
});
afterEach(() => project.cleanup());

async function get(query = ''): Promise<{ status: number; text: string; body: unknown }> {
  const { GET } = await import('@/app/api/exercises/route');
  const response = await GET(new Request(`http://127.0.0.1/api/exercises${query}`));
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

describe('GET /api/exercises', () => {
  it('lists every exercise with its public fields, sorted by track then difficulty', async () => {
    writeFixtureCatalog(project.root);
    const { status, body } = await get();
    expect(status).toBe(200);
    const { exercises } = body as { exercises: Record<string, unknown>[] };
    expect(exercises.map((e) => e.slug)).toEqual(['scale-without-leakage', 'fix-serving-skew']);
    expect(exercises[0]).toEqual({
      id: '0b6f4c1e-6f0b-4d7c-9a57-3f1a2b4c5d6e',
      slug: 'scale-without-leakage',
      title: 'Scale features without leakage',
      blurb: 'Fit a standard scaler on the training rows only and apply it to both splits.',
      track: 'feature-engineering',
      difficulty: 'easy',
      skills: ['scaling', 'leakage'],
      minutes: 15,
      prerequisites: [],
      hintCount: 2,
      exports: ['scale'],
      dataFiles: [
        { name: 'config.json', bytes: expect.any(Number) },
        { name: 'customers.csv', bytes: expect.any(Number) },
      ],
      url: '/exercises/feature-engineering/scale-without-leakage',
    });
  });

  it('never includes solutions, tests, explanations, mutants, hints or server paths', async () => {
    writeFixtureCatalog(project.root);
    const { text } = await get();
    for (const marker of Object.values(SECRET_MARKERS)) expect(text).not.toContain(marker);
    expect(text).not.toContain('.meta');
    expect(text).not.toContain(project.root);
  });

  it('applies the same filters as the catalog page', async () => {
    writeFixtureCatalog(project.root);
    const slugs = async (query: string) => ((await get(query)).body as { exercises: { slug: string }[] }).exercises.map((e) => e.slug);
    expect(await slugs('?track=deployment-debugging')).toEqual(['fix-serving-skew']);
    expect(await slugs('?difficulty=easy&skill=leakage')).toEqual(['scale-without-leakage']);
    expect(await slugs('?skill=not-a-skill-here')).toEqual([]);
  });

  it('answers 422 with the issues for an invalid filter value', async () => {
    writeFixtureCatalog(project.root);
    const { status, body } = await get('?track=nlp');
    expect(status).toBe(422);
    expect(body).toMatchObject({ error: { code: 'unprocessable', issues: [{ path: 'track' }] } });
  });

  it('answers 503 with the problems when the catalog is broken', async () => {
    writeFixtureCatalog(project.root);
    fs.rmSync(path.join(project.root, 'exercises', 'feature-engineering', 'scale-without-leakage', 'starter.ts'));
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: { code: 'catalog_invalid' } });
    const { problems } = (body as { error: { problems: string[] } }).error;
    expect(problems.join('\n')).toMatch(/starter\.ts: file is missing/);
  });

  it('answers an empty list for an empty catalog', async () => {
    expect(await get()).toMatchObject({ status: 200, body: { exercises: [] } });
  });
});
