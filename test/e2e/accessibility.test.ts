import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeViolations, isSerious, runAxe } from './axe';
import { launchBrowser, openPage, VIEWPORTS } from './browser';
import { pickExerciseWithData } from './public-catalog';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('accessibility (axe-core: no serious or critical violations)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      it(`catalog, filtered catalog, exercise and 404 pages in ${colorScheme} mode at ${width} width`, async () => {
        const exercise = await pickExerciseWithData(baseUrl);
        const { context, page } = await openPage(browser, { colorScheme, viewport });
        const urls = ['/', `/?track=${exercise.track}&skill=${exercise.skills[0] ?? ''}`, exercise.url, '/exercises/x/y'];
        const report: string[] = [];
        for (const url of urls) {
          await page.goto(`${baseUrl}${url}`);
          const serious = (await runAxe(page)).filter(isSerious);
          if (serious.length > 0) report.push(`${url}\n  ${describeViolations(serious)}`);
        }
        await context.close();
        expect(report.join('\n'), 'axe found serious or critical violations').toBe('');
      });
    }
  }
});
