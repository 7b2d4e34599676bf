import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { verifyCatalog } from '@/lib/exercises/verify-catalog';
import { stopGrader } from '@/lib/grading/grader';
import { verifyExercise, type VerificationRow } from '@/lib/grading/verify-exercise';
import { verifyQuestions } from '@/lib/interview/verify-questions';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');

afterAll(async () => {
  await stopGrader();
});

const summary = (rows: VerificationRow[]) => rows.map((r) => [r.exercise, r.subject, r.status, r.ok]);

describe('verifyCatalog', () => {
  it('grades several exercises at a time and reports, in catalog order, the rows one exercise after another would give', async () => {
    const exercises = [...loadCatalogOrThrow(path.join(FIXTURES, 'catalog')), ...loadCatalogOrThrow(path.join(FIXTURES, 'latency-catalog'))];
    expect(exercises).toHaveLength(2);
    const reported: string[][] = [];
    const rows = await verifyCatalog(exercises, { lanes: 2, onExercise: (exerciseRows) => reported.push([...new Set(exerciseRows.map((r) => r.exercise))].flat()) });

    const oneAfterAnother: VerificationRow[] = [];
    for (const exercise of exercises) oneAfterAnother.push(...(await verifyExercise(exercise)), verifyQuestions(exercise));
    expect(summary(rows)).toEqual(summary(oneAfterAnother));
    expect(reported).toEqual(exercises.map((e) => [`${e.meta.track}/${e.meta.slug}`]));
  });
});
