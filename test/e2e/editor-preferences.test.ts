import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { externalRequests, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { focusEditor, setEditorCode, visibleEditorText, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl))[0]!;
});
afterAll(async () => {
  await browser?.close();
});

const LONG_LINE = `export const note = '${'a long line of text that does not fit '.repeat(8)}';`;

/** The editor's rendered font size in px, and how many screen rows the first line takes. */
function editorLayout(page: Page) {
  return page.evaluate(() => {
    const lines = document.querySelector<HTMLElement>('.code-editor .monaco-editor .view-lines')!;
    const lineHeight = parseFloat(getComputedStyle(lines).lineHeight);
    const firstLineRows = document.querySelectorAll('.code-editor .monaco-editor .view-line').length;
    return { fontSize: parseFloat(getComputedStyle(lines).fontSize), lineHeight, rows: firstLineRows };
  });
}

async function openSettings(page: Page) {
  await page.getByText('Editor settings', { exact: true }).click();
  return page.locator('.editor-settings-popover');
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  describe(`editor preferences (${name})`, () => {
    it('change the font size, wrapping and keybindings at once, and are kept for the user across visits and on the settings page', async () => {
      const { context, page, requests } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}${exercise.url}`);
      await waitForMonaco(page);
      await setEditorCode(page, LONG_LINE);
      const before = await editorLayout(page);
      expect(before.fontSize).toBe(14);
      expect(before.rows).toBe(1);

      const menu = await openSettings(page);
      const saved = () => page.waitForResponse((r) => r.url().endsWith('/api/account/editor-preferences') && r.request().method() === 'PUT');
      let save = saved();
      await menu.getByLabel('Font size').selectOption('18');
      expect((await save).status()).toBe(200);
      save = saved();
      await menu.getByLabel('Wrap long lines').check();
      expect((await save).status()).toBe(200);
      await expect.poll(() => editorLayout(page)).toMatchObject({ fontSize: 18, lineHeight: 27 });
      expect((await editorLayout(page)).rows).toBeGreaterThan(1);

      save = saved();
      await menu.getByLabel('Vim keybindings').check();
      expect((await save).status()).toBe(200);
      const violations = (await runAxe(page)).filter(isSerious);
      expect(violations, describeViolations(violations)).toEqual([]);
      await saveScreenshot(page, `editor-preferences-menu-${name}`);
      await page.keyboard.press('Escape');
      await expect.poll(() => menu.isVisible()).toBe(false);

      // Vim: Escape to normal mode, then `dd` deletes the line instead of typing "dd".
      await page.locator('.vim-status').waitFor({ state: 'visible' });
      await setEditorCode(page, 'const first = 1;\nconst second = 2;\n');
      await focusEditor(page);
      await page.keyboard.press('Escape');
      await page.keyboard.press('g');
      await page.keyboard.press('g');
      await page.keyboard.press('d');
      await page.keyboard.press('d');
      await expect.poll(() => visibleEditorText(page)).not.toContain('first');
      expect(await visibleEditorText(page)).toContain('const second = 2;');
      expect(await visibleEditorText(page)).not.toContain('dd');

      // A new visit (and the settings page) shows what was chosen.
      await page.reload();
      await waitForMonaco(page);
      await expect.poll(() => editorLayout(page)).toMatchObject({ fontSize: 18 });
      await page.locator('.vim-status').waitFor({ state: 'visible' });
      await page.goto(`${baseUrl}/settings`);
      const section = page.getByRole('region', { name: 'Code editor' });
      expect(await section.getByLabel('Font size').inputValue()).toBe('18');
      expect(await section.getByLabel('Wrap long lines').isChecked()).toBe(true);
      expect(await section.getByLabel('Vim keybindings').isChecked()).toBe(true);

      // Turned off on the settings page, vim is gone from the workspace.
      save = saved();
      await section.getByLabel('Vim keybindings').uncheck();
      expect((await save).status()).toBe(200);
      await page.goto(`${baseUrl}${exercise.url}`);
      await waitForMonaco(page);
      await setEditorCode(page, 'const first = 1;\n');
      await focusEditor(page);
      await page.keyboard.press('Escape');
      await page.keyboard.type('dd');
      await expect.poll(() => visibleEditorText(page)).toContain('dd');
      expect(await page.locator('.vim-status').isVisible()).toBe(false);
      expect(externalRequests(requests, baseUrl)).toEqual([]);
      await context.close();
    });
  });
}
