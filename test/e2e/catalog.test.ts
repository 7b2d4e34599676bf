import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TRACK_INFO } from '@/lib/exercises/track-info';
import { externalRequests, horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { hintsOf, pickExerciseWithData } from './public-catalog';
import { starterOf, visibleEditorText, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function cardTracks(page: Page): Promise<string[]> {
  return page.locator('li.card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-track') ?? ''));
}

describe('catalog → exercise journey', () => {
  it('filters by track, opens an exercise, shows its prompt and data, and requests nothing outside the app', async () => {
    const target = await pickExerciseWithData(baseUrl);
    const trackLabel = TRACK_INFO[target.track].label;
    const { context, page, requests } = await openPage(browser, { viewport: VIEWPORTS.desktop });

    await page.goto(`${baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/ML engineer/);
    expect(await page.locator('li.card').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'catalog-desktop');

    // Filter by the exercise's track with the track filter link.
    await page.getByRole('group', { name: 'Track' }).getByRole('link', { name: new RegExp(`^${trackLabel}`) }).click();
    await page.waitForURL((url) => url.searchParams.get('track') === target.track);
    await page.locator(`a.chip[data-filter="track"][data-value="${target.track}"][aria-current="true"]`).waitFor();
    expect(new Set(await cardTracks(page))).toEqual(new Set([target.track]));
    await page.getByRole('link', { name: `Track: ${trackLabel} (remove filter)` }).waitFor();
    await saveScreenshot(page, 'catalog-filtered-desktop');

    // Open the exercise.
    await page.getByRole('link', { name: target.title, exact: true }).click();
    await page.waitForURL(`${baseUrl}${target.url}`);
    await page.getByRole('heading', { level: 1, name: target.title }).waitFor();

    const prompt = page.locator('section[aria-labelledby="task-title"] .markdown');
    expect((await prompt.innerText()).trim().length).toBeGreaterThan(20);

    const table = page.locator('table.data-table').first();
    await table.waitFor();
    expect(await table.locator('thead th').count()).toBeGreaterThan(0);
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(10);
    expect(await page.locator('.data-file-facts').first().innerText()).toMatch(/\d+ rows?/);

    // The starter code is in the workspace's editor (its first lines: Monaco renders only what is on screen).
    await waitForMonaco(page);
    const starterTop = starterOf(target).split('\n').filter((line) => line.trim() !== '').slice(0, 3);
    const shown = (await visibleEditorText(page)).replace(/\s+/g, ' ');
    for (const line of starterTop) expect(shown).toContain(line.trim().replace(/\s+/g, ' '));
    await saveScreenshot(page, 'exercise-desktop');

    // Nothing private reached the page, and nothing was loaded from outside the app.
    const html = await page.content();
    for (const hint of hintsOf(target)) expect(html).not.toContain(hint);
    expect(requests.filter((url) => url.includes('.meta'))).toEqual([]);
    expect(externalRequests(requests, baseUrl)).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    await context.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const target = await pickExerciseWithData(baseUrl);
    const { context, page, requests } = await openPage(browser, { viewport: VIEWPORTS.phone });
    await page.goto(`${baseUrl}/`);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, 'catalog-phone');
    await page.goto(`${baseUrl}${target.url}`);
    await page.locator('table.data-table').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, 'exercise-phone');
    expect(externalRequests(requests, baseUrl)).toEqual([]);
    await context.close();
  });

  it('filters with plain links when JavaScript is off', async () => {
    const target = await pickExerciseWithData(baseUrl);
    const { context, page } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/`);
    await page.locator(`a.chip[data-filter="difficulty"][data-value="${target.difficulty}"]`).click();
    await page.waitForURL((url) => url.searchParams.get('difficulty') === target.difficulty);
    const difficulties = await page.locator('li.card .difficulty-badge').evaluateAll((badges) =>
      badges.map((badge) => badge.getAttribute('data-difficulty')),
    );
    expect(new Set(difficulties)).toEqual(new Set([target.difficulty]));
    await page.getByRole('link', { name: 'Clear all', exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
    await context.close();
  });

  it('says so when no exercise matches, and offers to clear the filters', async () => {
    const { context, page } = await openPage(browser);
    const response = await page.goto(`${baseUrl}/?skill=no-such-skill-anywhere&track=not-a-track`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('.empty-state').innerText()).toMatch(/No exercises match these filters/);
    expect(await page.getByRole('note').innerText()).toMatch(/track “not-a-track”/);
    await page.getByRole('link', { name: 'Clear all filters' }).click();
    await page.waitForURL(`${baseUrl}/`);
    expect(await page.locator('li.card').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('answers an unknown exercise with a real 404 page that links back to the catalog', async () => {
    const { context, page } = await openPage(browser);
    for (const url of ['/exercises/feature-engineering/no-such-exercise', '/exercises/no-such-track/anything']) {
      const response = await page.goto(`${baseUrl}${url}`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/can’t find/);
      expect(await page.getByRole('link', { name: 'Browse all exercises' }).getAttribute('href')).toBe('/');
    }
    await saveScreenshot(page, 'not-found-desktop');
    await context.close();
  });
});
