import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { matchesSearch } from '@/lib/exercises/filter-catalog';
import { skillLabel, TRACK_INFO } from '@/lib/exercises/track-info';
import { describeViolations, isSerious, runAxe } from './axe';
import { externalRequests, horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog, hintsOf, pickExerciseWithData } from './public-catalog';
import { solutionOf, starterOf, visibleEditorText, waitForMonaco } from './workspace-page';

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

describe('finding an exercise: keyboard path, search, skills and progress per track', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`reaches the first exercise in five key presses through the skip links (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}/`);
      const firstExercise = page.locator('li.card a').first();
      // Tab to "Skip to content", follow it, Tab to "Skip to the exercise list", follow it, Tab.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to the exercise list');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await firstExercise.evaluate((link) => link === document.activeElement)).toBe(true);
      await saveScreenshot(page, `catalog-keyboard-${name}`);
      await context.close();
    });

    it(`searches by title and by skill, keeping the other filters (${name})`, async () => {
      const catalog = await fetchCatalog(baseUrl);
      const target = catalog[0]!;
      const { context, page } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}/?track=${target.track}`);
      const box = page.getByRole('searchbox', { name: 'Search exercises by title or skill' });
      for (const query of [skillLabel(target.skills[0]!), target.title.split(' ').slice(0, 2).join(' ').toUpperCase()]) {
        await box.fill(query);
        await box.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('q') === query && url.searchParams.get('track') === target.track);
        const expected = catalog.filter((e) => e.track === target.track && matchesSearch(e, query)).map((e) => e.title);
        expect(expected).toContain(target.title);
        expect(await page.locator('li.card .card-title').allInnerTexts()).toEqual(expected);
        await page.getByRole('link', { name: `Search: “${query}” (remove filter)` }).waitFor();
      }
      await saveScreenshot(page, `catalog-search-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
      await context.close();
    });
  }

  it('folds the skill filters until asked, and opens them while a skill is chosen', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}/`);
    const skills = page.locator('details.filter-collapsible');
    expect(await skills.evaluate((details: HTMLDetailsElement) => details.open)).toBe(false);
    expect(await skills.locator('a.chip').first().isVisible()).toBe(false);
    await skills.locator('summary').click();
    const chip = skills.locator('a.chip').first();
    const skill = (await chip.getAttribute('data-value'))!;
    await chip.click();
    await page.waitForURL((url) => url.searchParams.get('skill') === skill);
    expect(await page.locator('details.filter-collapsible').evaluate((details: HTMLDetailsElement) => details.open)).toBe(true);
    await context.close();
  });

  it('shows how much of each track the user solved', async () => {
    const target = (await fetchCatalog(baseUrl))[0]!;
    const inTrack = (await fetchCatalog(baseUrl)).filter((e) => e.track === target.track).length;
    const { context, page } = await openPage(browser);
    const reply = await page.request.post(`${baseUrl}/api/submissions`, { data: { exerciseId: target.id, code: solutionOf(target), mode: 'submit' } });
    expect(((await reply.json()) as { status: string }).status).toBe('pass');
    await page.goto(`${baseUrl}/`);
    const head = page.locator(`.track-group-head[data-track="${target.track}"]`);
    expect(await head.locator('.track-progress').innerText()).toBe(`1 of ${inTrack} solved`);
    expect(await head.getByRole('progressbar').getAttribute('aria-label')).toBe(`${TRACK_INFO[target.track].label}: 1 of ${inTrack} solved`);
    await saveScreenshot(page, 'catalog-track-progress-desktop');
    await context.close();
  });
});
