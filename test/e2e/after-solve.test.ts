import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { TRACK_INFO } from '@/lib/exercises/track-info';
import { describeViolations, isSerious, runAxe } from './axe';
import { launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { grade, setEditorCode, solutionOf, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
let catalog: PublicExercise[];

beforeAll(async () => {
  browser = await launchBrowser();
  catalog = await fetchCatalog(baseUrl);
});
afterAll(async () => {
  await browser?.close();
});

describe('after a solve: the next step, and results that stay in view', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`offers the next open exercise of the track, the track and the review day (${name})`, async () => {
      const exercise = catalog[0]!;
      // With only this exercise solved: the first other exercise of its track (catalog order) whose prerequisites are solved.
      const expected = catalog.find((e) => e.track === exercise.track && e.id !== exercise.id && e.prerequisites.every((slug) => slug === exercise.slug));
      const track = TRACK_INFO[exercise.track].label;
      const { context, page } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}${exercise.url}`);
      await waitForMonaco(page);
      await setEditorCode(page, solutionOf(exercise));
      expect(await grade(page, 'Submit')).toBe('Passed');

      // The celebration sits at the top of the results, over none of them.
      const celebration = page.getByRole('status').filter({ hasText: 'Solved!' });
      await celebration.waitFor();
      expect(await page.locator('.grading-panel .celebration').count()).toBe(1);
      // In the flow of the panel (not a floating toast), overlapping neither the verdict nor any test.
      const overlaps = await page.locator('.grading-panel .celebration').evaluate((banner) => {
        const position = getComputedStyle(banner).position;
        const box = banner.getBoundingClientRect();
        const hit = [...document.querySelectorAll('.verdict, .test-result')].filter((other) => {
          const r = other.getBoundingClientRect();
          return r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
        });
        return { position, hit: hit.map((element) => element.className) };
      });
      expect(overlaps).toEqual({ position: expect.stringMatching(/^(static|relative)$/), hit: [] });

      const step = page.locator('.next-step');
      await step.waitFor();
      const back = step.getByRole('link', { name: `Back to ${track}` });
      expect(new URL(await back.getAttribute('href') ?? '', baseUrl).searchParams.get('track')).toBe(exercise.track);
      expect(await step.innerText()).toMatch(/comes back tomorrow/);
      expect(await step.getByRole('link', { name: 'review queue' }).getAttribute('href')).toBe('/dashboard');
      await saveScreenshot(page, `after-solve-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');

      if (expected) {
        await step.getByRole('link', { name: `Next in ${track}: ${expected.title}` }).click();
        await page.waitForURL(`${baseUrl}${expected.url}`);
        await page.getByRole('heading', { level: 1, name: expected.title }).waitFor();
      } else {
        expect(await step.getByRole('link', { name: /^Next in/ }).count()).toBe(0);
      }
      await context.close();
    });
  }
});
