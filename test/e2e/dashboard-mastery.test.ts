import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { clippedTables, horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { gradeAs } from './grade-api';
import { fetchCatalog } from './public-catalog';
import { solutionOf, starterOf } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
let first: PublicExercise;
let second: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  const easy = (await fetchCatalog(baseUrl)).filter((e) => e.difficulty === 'easy');
  [first, second] = [easy[0]!, easy[1]!];
});
afterAll(async () => {
  await browser?.close();
});

const submit = async (page: Page, exercise: PublicExercise, code: string, mode: 'run' | 'submit') => (await gradeAs(page, baseUrl, exercise, code, mode)).status;

const percentIn = (text: string) => Number(/(\d+) %/.exec(text)?.[1]);

describe('the dashboard reads consistently', () => {
  // A desktop and the narrowest phone we support: a table that fits 375 px fits the 390 px phone.
  for (const [name, viewport] of Object.entries({ desktop: VIEWPORTS.desktop, narrow: { width: 375, height: 740 } })) {
    it(`explains overall mastery as coverage × quality and groups attempts per exercise (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      expect(await submit(page, first, starterOf(first), 'run')).not.toBe('pass');
      expect(await submit(page, first, starterOf(first), 'submit')).not.toBe('pass');
      expect(await submit(page, first, solutionOf(first), 'submit')).toBe('pass');
      expect(await submit(page, second, solutionOf(second), 'submit')).toBe('pass');

      await page.goto(`${baseUrl}/dashboard`);
      // The overall figure is the product of its two factors, both shown next to it.
      const equation = await page.getByTestId('mastery-explained').locator('.mastery-equation').innerText();
      const [overall, covered, quality] = [...equation.matchAll(/(\d+) %/g)].map((m) => Number(m[1]));
      expect(covered).toBeGreaterThan(0);
      expect(quality).toBeGreaterThanOrEqual(90);
      expect(Math.abs(overall! - (covered! * quality!) / 100)).toBeLessThanOrEqual(1);
      expect(percentIn(await page.getByTestId('overall-mastery').innerText())).toBe(overall);
      expect(await page.getByTestId('mastery-explained').innerText()).toMatch(/most skills have one or two/);

      // A skill's row carries the same factors: its quality equals the catalog's, its coverage is its own.
      const skillTable = page.locator('table', { has: page.locator('caption', { hasText: 'Mastery by skill' }) });
      await page.getByText('Show every skill as a table').click();
      const skill = first.skills[0]!.replace(/-/g, ' ');
      const cells = await skillTable.locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${skill}$`) }) }).locator('td').allInnerTexts();
      expect(cells[0]).toMatch(/^\d+ %$/);
      expect(percentIn(cells[2]!)).toBe(quality);
      expect(Math.abs(percentIn(cells[0]!) - (percentIn(cells[1]!) * quality!) / 100)).toBeLessThanOrEqual(1);

      // Attempts are grouped per exercise, newest exercise first.
      const items = page.getByTestId('recent-exercise');
      expect(await items.count()).toBe(2);
      expect(await items.nth(0).locator('.recent-title').innerText()).toBe(second.title);
      const firstItem = items.nth(1);
      expect(await firstItem.locator('.recent-title').innerText()).toBe(first.title);
      expect(await firstItem.locator('.recent-meta').innerText()).toMatch(/3 attempts.*latest submit\s+Passed/s);
      await firstItem.locator('summary').click();
      const attempts = firstItem.locator('.attempt-list li');
      expect(await attempts.count()).toBe(3);
      expect(await attempts.locator('a').allInnerTexts()).toEqual(['Submit', 'Submit', 'Run']);
      expect(await attempts.locator('time').first().isVisible()).toBe(true);

      // Nothing cut off, the time of every attempt on screen.
      for (const summary of await page.locator('details.chart-table > summary').all()) {
        if ((await summary.innerText()) === 'Show as a table') await summary.click();
      }
      expect(await clippedTables(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      for (const time of await attempts.locator('time').all()) {
        const box = (await time.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      await saveScreenshot(page, `dashboard-mastery-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');

      // A stored attempt opens from its group.
      await attempts.locator('a').last().click();
      await page.waitForURL(/\/submissions\//);
      await context.close();
    });
  }
});
