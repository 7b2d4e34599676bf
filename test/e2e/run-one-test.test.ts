import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { grade, submissionRequests, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl)).find((e) => e.slug === 'scale-without-leakage')!;
});
afterAll(async () => {
  await browser?.close();
});

describe('run one visible test again', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`reruns the chosen test alone through the grading request, and shows only its result (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      const sent = submissionRequests(page);
      await page.goto(`${baseUrl}${exercise.url}`);
      await waitForMonaco(page);
      expect(await grade(page, 'Run')).toBe('Failed');
      const names = await page.locator('.test-result .test-name').allInnerTexts();
      expect(names.length).toBeGreaterThan(1);
      const chosen = names[1]!;

      await page.getByRole('button', { name: `Run this test: ${chosen}` }).click();
      await page.locator('.grading-panel[aria-busy="false"] .verdict-badge').waitFor();
      await expect.poll(() => page.locator('.test-result .test-name').allInnerTexts()).toEqual([chosen]);
      expect(sent).toHaveLength(2);
      expect(JSON.parse(sent[1]!)).toMatchObject({ mode: 'run', testId: expect.any(String) });
      expect(JSON.parse(sent[0]!)).not.toHaveProperty('testId');

      await saveScreenshot(page, `run-one-test-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
      await context.close();
    });
  }
});
