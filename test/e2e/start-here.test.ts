import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { TRACKS } from '@/lib/exercises/meta-schema';
import { describeViolations, isSerious, runAxe } from './axe';
import { horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { gradeAs } from './grade-api';
import { fetchCatalog } from './public-catalog';
import { starterOf } from './workspace-page';

const baseUrl = inject('baseUrl');
const PASSWORD = 'correct horse battery staple 42';
let browser: Browser;
let catalog: PublicExercise[];

beforeAll(async () => {
  browser = await launchBrowser();
  catalog = await fetchCatalog(baseUrl);
});
afterAll(async () => {
  await browser?.close();
});

const startHere = (page: Page) => page.getByTestId('start-here');

describe('start here: the first visit’s path', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`greets a first visit with what this is and each track's first exercise, and stays closed once closed (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}/`);
      const panel = startHere(page);
      await panel.getByRole('heading', { name: 'Start here' }).waitFor();
      const text = await panel.innerText();
      expect(text).toMatch(/TypeScript/);
      expect(text).toMatch(/TensorFlow\.js/);
      expect(text).toMatch(/in the editor/);

      // Each track's start is its first exercise in catalog order that needs no other, from the catalog's data.
      const starts = panel.getByTestId('start-track');
      expect(await starts.evaluateAll((items) => items.map((item) => item.getAttribute('data-track')))).toEqual(TRACKS.filter((t) => catalog.some((e) => e.track === t)));
      for (const track of TRACKS) {
        const expected = catalog.find((e) => e.track === track && e.prerequisites.length === 0);
        if (!expected) continue;
        const link = panel.locator(`[data-track="${track}"] a.start-link`);
        expect(await link.innerText()).toBe(expected.title);
        expect(await link.getAttribute('href')).toBe(expected.url);
        expect(expected.difficulty).toBe(catalog.filter((e) => e.track === track)[0]!.difficulty);
      }
      expect(await horizontalOverflow(page)).toBe(0);
      await saveScreenshot(page, `start-here-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');

      // A start link opens its exercise; back on the catalog it is still offered (nothing practised yet).
      const firstStart = panel.locator('a.start-link').first();
      const title = await firstStart.innerText();
      await firstStart.click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.goto(`${baseUrl}/`);
      await startHere(page).waitFor();

      // Closed, it stays closed after a reload.
      await startHere(page).getByRole('button', { name: 'Got it, hide this' }).click();
      await startHere(page).waitFor({ state: 'detached' });
      await page.reload();
      await page.locator('li.card').first().waitFor();
      expect(await startHere(page).count()).toBe(0);
      await context.close();
    });
  }

  it('is not shown to someone who has practised', async () => {
    const { context, page } = await openPage(browser);
    const exercise = catalog[0]!;
    await gradeAs(page, baseUrl, exercise, starterOf(exercise), 'run');
    await page.goto(`${baseUrl}/`);
    await page.locator('li.card').first().waitFor();
    expect(await startHere(page).count()).toBe(0);
    await context.close();
  });

  it('stays closed for an account on another browser, and a guest’s closing comes with them into a new account', async () => {
    const email = `start-here-${Date.now()}@example.com`;
    const first = await openPage(browser);
    await first.page.goto(`${baseUrl}/`);
    await startHere(first.page).getByRole('button', { name: 'Got it, hide this' }).click();
    await startHere(first.page).waitFor({ state: 'detached' });
    // The guest signs up: the account keeps that it was closed.
    await first.page.goto(`${baseUrl}/sign-up`);
    await first.page.getByLabel('Email').fill(email);
    await first.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await first.page.getByRole('button', { name: 'Create account' }).click();
    await first.page.waitForURL(`${baseUrl}/dashboard`);
    await first.page.goto(`${baseUrl}/`);
    await first.page.locator('li.card').first().waitFor();
    expect(await startHere(first.page).count()).toBe(0);
    await first.context.close();

    // Another browser: a guest there sees it, and signing in to the account hides it.
    const second = await openPage(browser, { viewport: VIEWPORTS.phone });
    await second.page.goto(`${baseUrl}/`);
    await startHere(second.page).waitFor();
    await second.page.goto(`${baseUrl}/sign-in`);
    await second.page.getByLabel('Email').fill(email);
    await second.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await second.page.getByRole('button', { name: 'Sign in' }).click();
    await second.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await second.page.goto(`${baseUrl}/`);
    await second.page.locator('li.card').first().waitFor();
    expect(await startHere(second.page).count()).toBe(0);
    await second.context.close();
  });
});
