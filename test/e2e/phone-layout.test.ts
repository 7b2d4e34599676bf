import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { clippedTables, horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { gradeAs } from './grade-api';
import { fetchCatalog } from './public-catalog';
import { solutionOf, starterOf } from './workspace-page';

const baseUrl = inject('baseUrl');
/** The narrowest common phone. */
const PHONE = { width: 375, height: 740 };
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl))[0]!;
});
afterAll(async () => {
  await browser?.close();
});

async function expectNoSeriousAxe(page: Page): Promise<void> {
  const serious = (await runAxe(page)).filter(isSerious);
  expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
}

describe('the header on a phone and on a desktop', () => {
  it('is one row on a phone, with the links behind a Menu button', async () => {
    const { context, page } = await openPage(browser, { viewport: PHONE });
    await page.goto(`${baseUrl}/`);
    const header = page.locator('header.site-header');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
    // The name fits on one line, whole, before the buttons.
    const brand = page.locator('.brand');
    expect((await brand.boundingBox())!.height).toBeLessThanOrEqual(32);
    const brandRight = await brand.evaluate((link) => Math.max(...[...link.children].map((child) => child.getBoundingClientRect().right)));
    expect(brandRight).toBeLessThanOrEqual((await page.locator('.menu-toggle').boundingBox())!.x);
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, 'header-phone');

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    for (const name of ['Exercises', 'Mock interview', 'Dashboard', 'Sign in', 'Create account']) {
      expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }
    await saveScreenshot(page, 'header-menu-open-phone');
    await expectNoSeriousAxe(page);

    // Escape closes it and gives the focus back to the button.
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((button) => button === document.activeElement)).toBe(true);

    // A chosen link navigates and leaves the menu closed.
    await menu.click();
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);
    expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(false);
    await context.close();
  });

  it('shows the links in the header row on a desktop, with no Menu button', async () => {
    const { context, page } = await openPage(browser, { viewport: VIEWPORTS.desktop });
    await page.goto(`${baseUrl}/`);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Exercises', 'Mock interview', 'Dashboard', 'Sign in']) {
      expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }
    expect((await page.locator('header.site-header').boundingBox())!.height).toBeLessThanOrEqual(64);
    await saveScreenshot(page, 'header-desktop');
    await context.close();
  });

  it('opens the links on a phone without JavaScript, and shows them in the row on a desktop', async () => {
    const phone = await openPage(browser, { viewport: PHONE, javaScriptEnabled: false });
    await phone.page.goto(`${baseUrl}/`);
    const nav = phone.page.getByRole('navigation', { name: 'Main' });
    // A native disclosure: its summary is the Menu toggle, and the browser opens and closes it.
    const toggle = nav.locator('details.header-menu > summary');
    expect(await toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-label')).toBe('Menu');
    expect(await nav.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(false);
    expect((await phone.page.locator('header.site-header').boundingBox())!.height).toBeLessThanOrEqual(64);
    await toggle.click();
    for (const name of ['Exercises', 'Mock interview', 'Dashboard', 'Sign in', 'Create account']) {
      expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }
    expect(await horizontalOverflow(phone.page)).toBe(0);
    await saveScreenshot(phone.page, 'header-menu-open-phone-no-js');
    await toggle.press('Enter');
    expect(await nav.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(false);
    await phone.context.close();

    // axe needs script in the page: the same HTML with the app's own scripts refused stays unhydrated.
    const unhydrated = await openPage(browser, { viewport: PHONE });
    await unhydrated.context.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
    await unhydrated.page.goto(`${baseUrl}/`);
    await unhydrated.page.locator('details.header-menu > summary').click();
    expect(await unhydrated.page.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(true);
    await expectNoSeriousAxe(unhydrated.page);
    await unhydrated.context.close();

    const desktop = await openPage(browser, { viewport: VIEWPORTS.desktop, javaScriptEnabled: false });
    await desktop.page.goto(`${baseUrl}/`);
    const desktopNav = desktop.page.getByRole('navigation', { name: 'Main' });
    expect(await desktopNav.locator('summary').isVisible()).toBe(false);
    for (const name of ['Exercises', 'Mock interview', 'Dashboard', 'Sign in']) {
      expect(await desktopNav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }
    expect((await desktop.page.locator('header.site-header').boundingBox())!.height).toBeLessThanOrEqual(64);
    await desktop.context.close();
  });
});

describe('nothing clipped on a 375 px phone', () => {
  it('opens the activity heatmap on today, and fits the dashboard, a stored submission and the settings', async () => {
    const { context, page } = await openPage(browser, { viewport: PHONE });
    const failed = await gradeAs(page, baseUrl, exercise, starterOf(exercise), 'submit');
    expect(failed.status).not.toBe('pass');
    expect((await gradeAs(page, baseUrl, exercise, solutionOf(exercise), 'submit')).status).toBe('pass');

    await page.goto(`${baseUrl}/dashboard`);
    const heatmap = page.getByRole('region', { name: /Attempts per day/ });
    await heatmap.locator('svg rect[data-level]').first().waitFor();
    const scroll = await heatmap.evaluate((box) => ({ left: box.scrollLeft, width: box.clientWidth, content: box.scrollWidth }));
    expect(scroll.content).toBeGreaterThan(scroll.width);
    expect(scroll.left + scroll.width).toBeGreaterThanOrEqual(scroll.content - 1);
    // The last week's column (today's, with today's attempts) is on screen.
    const lastWeek = await heatmap.locator('svg rect[data-level]').evaluateAll((cells) => {
      const boxes = cells.map((cell) => ({ box: cell.getBoundingClientRect(), level: cell.getAttribute('data-level') }));
      const right = Math.max(...boxes.map((b) => b.box.right));
      return boxes.filter((b) => b.box.right === right).map((b) => ({ left: b.box.left, right: b.box.right, level: b.level }));
    });
    expect(lastWeek.some((cell) => cell.level !== '0')).toBe(true);
    for (const cell of lastWeek) {
      expect(cell.left).toBeGreaterThanOrEqual(0);
      expect(cell.right).toBeLessThanOrEqual(PHONE.width);
    }

    for (const summary of await page.locator('details.chart-table > summary').all()) await summary.click();
    expect(await clippedTables(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, 'dashboard-375-phone');
    await expectNoSeriousAxe(page);

    await page.goto(`${baseUrl}/submissions/${failed.submissionId}`);
    await page.locator('table.data-grid').waitFor();
    expect(await clippedTables(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, 'submission-375-phone');
    await expectNoSeriousAxe(page);

    await page.goto(`${baseUrl}/settings`);
    expect(await clippedTables(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await saveScreenshot(page, 'settings-375-phone');
    await context.close();
  });
});
