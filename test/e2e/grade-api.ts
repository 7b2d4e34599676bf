import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';

/** Grades code as this page's user (its cookies) through the API, as the workspace would; fails the test on any answer but 200. */
export async function gradeAs(
  page: Page,
  baseUrl: string,
  exercise: PublicExercise,
  code: string,
  mode: 'run' | 'submit',
): Promise<{ submissionId: string; status: string }> {
  const reply = await page.request.post(`${baseUrl}/api/submissions`, { data: { exerciseId: exercise.id, code, mode } });
  expect(reply.status(), await reply.text()).toBe(200);
  return (await reply.json()) as { submissionId: string; status: string };
}
