import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { grade, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
/** Its starter fails visible tests with an input (penguin rows, long), an expected and an actual value. */
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl)).find((e) => e.slug === 'scale-without-leakage')!;
});
afterAll(async () => {
  await browser?.close();
});

async function runStarter(page: Page): Promise<void> {
  await page.goto(`${baseUrl}${exercise.url}`);
  await waitForMonaco(page);
  expect(await grade(page, 'Run')).toBe('Failed');
}

const heightOf = (page: Page, selector: string) => page.locator(selector).evaluate((element) => element.getBoundingClientRect().height);

describe('results you can read', () => {
  it('shows expected beside actual with the differing part marked, and long values fold open (desktop)', async () => {
    const { context, page } = await openPage(browser, { viewport: VIEWPORTS.desktop });
    await runStarter(page);
    const failure = page.locator('.test-result .failure').filter({ has: page.locator('.failure-compare') }).first();
    await failure.waitFor();
    const [expectedBox, actualBox] = await Promise.all(
      ['Expected', 'Actual'].map((label) => failure.locator('.failure-field').filter({ hasText: label }).last().boundingBox()),
    );
    // Side by side: same row, actual to the right.
    expect(Math.abs(expectedBox!.y - actualBox!.y)).toBeLessThan(2);
    expect(actualBox!.x).toBeGreaterThan(expectedBox!.x + expectedBox!.width - 1);
    const marked = await failure.evaluate((element) => ({
      expected: element.querySelector('.diff-expected')?.textContent ?? '',
      actual: element.querySelector('.diff-actual')?.textContent ?? '',
      texts: [...element.querySelectorAll('.failure-compare pre')].map((pre) => pre.textContent ?? ''),
    }));
    expect(marked.expected + marked.actual).not.toBe('');
    expect(marked.texts[0]).toContain(marked.expected);
    expect(marked.texts[1]).toContain(marked.actual);
    expect(marked.expected).not.toBe(marked.actual);

    // The long input is folded, and opens whole.
    const toggle = page.locator('.test-result').getByRole('button', { name: /^Show all \(\d+ characters\)$/ }).first();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const value = page.locator(`[id="${await toggle.getAttribute('aria-controls')}"]`);
    const folded = await value.evaluate((pre) => ({ client: pre.clientHeight, scroll: pre.scrollHeight }));
    expect(folded.scroll).toBeGreaterThan(folded.client);
    await toggle.click();
    const unfolded = await value.evaluate((pre) => ({ client: pre.clientHeight, scroll: pre.scrollHeight }));
    expect(unfolded.client).toBeGreaterThanOrEqual(unfolded.scroll - 1);
    expect(await page.locator('.test-result').getByRole('button', { name: 'Show less' }).first().getAttribute('aria-expanded')).toBe('true');

    await saveScreenshot(page, 'results-readable-desktop');
    const serious = (await runAxe(page)).filter(isSerious);
    expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
    await context.close();
  });

  it('resizes the results pane by keyboard and by dragging, and keeps the size after a reload (desktop)', async () => {
    const { context, page } = await openPage(browser, { viewport: VIEWPORTS.desktop });
    await runStarter(page);
    const handle = page.getByRole('separator', { name: 'Resize: editor and results heights' });
    const start = Number(await handle.getAttribute('aria-valuenow'));
    const resultsBefore = await heightOf(page, '.bottom-panel');

    await handle.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(start - 10);
    expect(await heightOf(page, '.bottom-panel')).toBeGreaterThan(resultsBefore + 20);
    await page.keyboard.press('Home');
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(Number(await handle.getAttribute('aria-valuemin')));

    // Drag the divider to 70% of the editor column.
    const stack = (await page.locator('.editor-stack').boundingBox())!;
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, stack.y + stack.height * 0.7, { steps: 5 });
    await page.mouse.up();
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(70);
    const resultsAt70 = await heightOf(page, '.bottom-panel');

    await page.reload();
    await waitForMonaco(page);
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(70);
    expect(Math.abs((await heightOf(page, '.bottom-panel')) - resultsAt70)).toBeLessThan(2);
    await context.close();
  });

  it('stacks on a phone: no divider, expected over actual (phone)', async () => {
    const { context, page } = await openPage(browser, { viewport: VIEWPORTS.phone });
    await runStarter(page);
    expect(await page.getByRole('separator', { name: 'Resize: editor and results heights' }).isVisible()).toBe(false);
    const failure = page.locator('.test-result .failure').filter({ has: page.locator('.failure-compare') }).first();
    const [expectedBox, actualBox] = await Promise.all(
      ['Expected', 'Actual'].map((label) => failure.locator('.failure-field').filter({ hasText: label }).last().boundingBox()),
    );
    expect(actualBox!.y).toBeGreaterThan(expectedBox!.y);
    await saveScreenshot(page, 'results-readable-phone');
    const serious = (await runAxe(page)).filter(isSerious);
    expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
    await context.close();
  });
});
