import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { externalRequests, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { squiggleMessages, setEditorCode } from './workspace-page';

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

const isEditorFile = (url: string, file: string) => new URL(url).pathname.startsWith('/editor/') && url.endsWith(`/${file}`);

describe('the editor loads from prebuilt static files', () => {
  it('starts fetching Monaco when an exercise link is hovered, from files cached for a year', async () => {
    const { context, page, requests } = await openPage(browser);
    await page.goto(`${baseUrl}/`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => isEditorFile(url, 'monaco.js'))).toEqual([]);
    const fetched = page.waitForResponse((response) => isEditorFile(response.url(), 'monaco.js'));
    await page.getByRole('link', { name: exercise.title, exact: true }).hover();
    const response = await fetched;
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toMatch(/max-age=31536000/);
    expect(response.headers()['cache-control']).toMatch(/immutable/);
    await context.close();
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`is editable before the TypeScript worker is even requested, which then checks types (${name})`, async () => {
      const { context, page, requests } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}${exercise.url}`);
      await page.locator('.code-editor[data-editor="monaco"] .monaco-editor .view-lines').waitFor({ timeout: 60_000 });
      const requestedBeforeEditable = requests.filter((url) => isEditorFile(url, 'ts.worker.js'));
      expect(requestedBeforeEditable).toEqual([]);
      // No bundle of the app's own carries Monaco: its largest script stays small.
      const appScripts = requests.filter((url) => new URL(url).pathname.startsWith('/_next/static/') && url.endsWith('.js'));
      const sizes = await page.evaluate((urls) => urls.map((url) => (performance.getEntriesByName(url)[0] as PerformanceResourceTiming | undefined)?.decodedBodySize ?? 0), appScripts);
      expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);

      await setEditorCode(page, `export const probe: number = 'not a number';\n`);
      await expect.poll(() => squiggleMessages(page), { timeout: 60_000 }).toEqual([expect.stringContaining("Type 'string' is not assignable to type 'number'")]);
      expect(requests.filter((url) => isEditorFile(url, 'ts.worker.js'))).toHaveLength(1);
      await saveScreenshot(page, `editor-loading-${name}`);
      expect(externalRequests(requests, baseUrl)).toEqual([]);
      await context.close();
    });
  }
});
