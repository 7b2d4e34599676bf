import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { grade, setEditorCode, solutionOf, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl)).find((e) => e.slug === 'restore-the-best-epoch')!;
});
afterAll(async () => {
  await browser?.close();
});

describe('the loss curve of the last Run', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`draws the loss per epoch of what the code trained, under each visible test that trained (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}${exercise.url}`);
      await waitForMonaco(page);
      await setEditorCode(page, solutionOf(exercise));
      expect(await grade(page, 'Run')).toBe('Passed');

      const charts = page.locator('.test-result .loss-curve');
      expect(await charts.count()).toBeGreaterThan(0);
      const chart = charts.first();
      const label = (await chart.locator('svg[role="img"]').getAttribute('aria-label')) ?? '';
      expect(label).toMatch(/^Loss curve: \d+ epochs? trained: training loss from [\d.e-]+ to [\d.e-]+, lowest [\d.e-]+ at epoch \d+/);
      expect(await chart.locator('path.loss-line').first().getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);
      await chart.getByText('Show the values').click();
      const epochs = Number(/^Loss curve: (\d+) epoch/.exec(label)![1]);
      expect(await chart.locator('tbody tr').count()).toBe(epochs);

      expect(await horizontalOverflow(page)).toBe(0);
      await saveScreenshot(page, `loss-curve-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
      await context.close();
    });
  }
});
