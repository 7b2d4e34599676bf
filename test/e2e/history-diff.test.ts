import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { grade, setEditorCode, starterOf, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
let exercise: PublicExercise;
const EDIT = '// a line added after the run';

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl))[0]!;
});
afterAll(async () => {
  await browser?.close();
});

/** The text of one side of a diff (Monaco renders only visible lines; these files are short enough). */
const sideText = (diff: ReturnType<Page['locator']>, side: 'original' | 'modified') =>
  diff.locator(`.editor.${side} .view-lines`).innerText().then((text) => text.replace(/\u00a0/g, ' '));

/** Runs the starter once, then edits the editor and opens that run in History. */
async function runThenEdit(page: Page): Promise<void> {
  await page.goto(`${baseUrl}${exercise.url}`);
  await waitForMonaco(page);
  await grade(page, 'Run');
  await setEditorCode(page, `${EDIT}\n${starterOf(exercise)}`);
  await page.getByRole('tab', { name: 'History' }).click();
  await page.locator('.history-item').first().click();
}

/** Whether the legend says what the diff shows: sides when Monaco lays it out side by side, one column otherwise. */
async function expectLegendToMatch(page: Page, scope: ReturnType<Page['locator']>): Promise<'side by side' | 'inline'> {
  const diff = scope.locator('.monaco-diff-editor');
  await diff.locator('.editor.modified .view-lines').waitFor();
  const sideBySide = await diff.evaluate((element) => element.classList.contains('side-by-side') && (element.querySelector('.editor.original') as HTMLElement).offsetWidth > 0);
  const legend = await scope.locator('.diff-legend').innerText();
  expect(legend).toMatch(sideBySide ? /^Left: this attempt\. Right: the editor now/ : /^One column: red lines \(−\) are only in this attempt, green lines \(\+\) only in the editor now/);
  return sideBySide ? 'side by side' : 'inline';
}

describe('history: the diff follows the editor', () => {
  it('compares with the editor as it is now, also after Restore, with the legend of the layout shown (desktop)', async () => {
    const { context, page } = await openPage(browser, { viewport: VIEWPORTS.desktop });
    await runThenEdit(page);
    await page.getByRole('button', { name: 'Compare with the editor' }).click();
    const panel = page.locator('#panel-history');
    await expectLegendToMatch(page, panel);
    const diff = panel.locator('.monaco-diff-editor');
    await expect.poll(() => sideText(diff, 'modified')).toContain(EDIT);

    // Restore: the editor holds the attempt again, and the diff shows the same text on both sides.
    await page.getByRole('button', { name: 'Restore into the editor' }).click();
    await expect.poll(() => sideText(diff, 'modified')).not.toContain(EDIT);
    await expect.poll(async () => (await diff.locator('.line-insert, .char-insert, .line-delete, .char-delete').count())).toBe(0);

    // Large: a dialog, side by side, closed with Escape, focus back on its button.
    const openLarge = page.getByRole('button', { name: 'Compare large' });
    await openLarge.click();
    const dialog = page.getByRole('dialog', { name: 'This attempt and the editor now' });
    await dialog.waitFor();
    expect(await expectLegendToMatch(page, dialog)).toBe('side by side');
    const size = (await dialog.boundingBox())!;
    expect(size.width).toBeGreaterThan(VIEWPORTS.desktop.width * 0.9);
    expect(size.height).toBeGreaterThan(VIEWPORTS.desktop.height * 0.85);
    // The editor holds the restored attempt: both sides are the same text.
    const large = dialog.locator('.monaco-diff-editor');
    await expect.poll(async () => (await sideText(large, 'modified')) === (await sideText(large, 'original'))).toBe(true);
    await saveScreenshot(page, 'history-diff-large-desktop');
    const serious = (await runAxe(page)).filter(isSerious);
    expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await openLarge.evaluate((button) => button === document.activeElement)).toBe(true);
    await context.close();
  });

  it('says one column when the diff is inline (phone)', async () => {
    const { context, page } = await openPage(browser, { viewport: VIEWPORTS.phone });
    await runThenEdit(page);
    await page.getByRole('button', { name: 'Compare with the editor' }).click();
    expect(await expectLegendToMatch(page, page.locator('#panel-history'))).toBe('inline');
    await saveScreenshot(page, 'history-diff-phone');
    const serious = (await runAxe(page)).filter(isSerious);
    expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
    await context.close();
  });
});
