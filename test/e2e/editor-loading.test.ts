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

interface EditorMarks {
  /** performance.now() when Monaco's editor first showed, or null. */
  editable: number | null;
  /** performance.now() when the TypeScript worker was created, or null. */
  typeScriptWorker: number | null;
}

/** Runs in the page before its scripts: stamps when the editor shows and when the TypeScript worker starts. */
function recordEditableAndWorkerTimes() {
  const marks: EditorMarks = { editable: null, typeScriptWorker: null };
  (window as unknown as { editorMarks: EditorMarks }).editorMarks = marks;
  new MutationObserver((_, observer) => {
    if (document.querySelector('.code-editor[data-editor="monaco"] .monaco-editor .view-lines')) {
      marks.editable = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      if (String(url).endsWith('/ts.worker.js')) marks.typeScriptWorker ??= performance.now();
      super(url, options);
    }
  };
}

const isEditorFile = (url: string, file: string) => new URL(url).pathname.startsWith('/editor/') && url.endsWith(`/${file}`);

describe('the editor loads from prebuilt static files', () => {
  it('starts fetching Monaco when an exercise link is hovered, from files cached for a year', async () => {
    const { context, page, requests } = await openPage(browser);
    await page.goto(`${baseUrl}/`);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => isEditorFile(url, 'monaco.js'))).toEqual([]);
    const fetched = page.waitForResponse((response) => isEditorFile(response.url(), 'monaco.js'), { timeout: 60_000 });
    // A hover before the page has hydrated reaches no handler: hover again until the fetch starts.
    const link = page.getByRole('region', { name: 'Results' }).getByRole('link', { name: exercise.title, exact: true });
    let started = false;
    void fetched.then(() => (started = true), () => {});
    for (let attempt = 0; attempt < 20 && !started; attempt += 1) {
      await page.mouse.move(0, 0);
      await link.hover();
      await page.waitForTimeout(1_000);
    }
    const response = await fetched;
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toMatch(/max-age=31536000/);
    expect(response.headers()['cache-control']).toMatch(/immutable/);
    // Sent as the stored brotli (or gzip) copy, not compressed again per request.
    expect(['br', 'gzip']).toContain(response.headers()['content-encoding']);
    expect(response.headers()['content-type']).toMatch(/^text\/javascript/);
    await context.close();
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`is editable before the TypeScript worker is even requested, which then checks types (${name})`, async () => {
      const { context, page, requests } = await openPage(browser, { viewport });
      await page.addInitScript(recordEditableAndWorkerTimes);
      await page.goto(`${baseUrl}${exercise.url}`);
      await page.locator('.code-editor[data-editor="monaco"] .monaco-editor .view-lines').waitFor({ timeout: 60_000 });
      // Read in the page, where both moments were stamped on one clock as they happened: how soon the
      // test notices the editor (slow on a busy machine) does not matter.
      const marks = await page.evaluate(() => (window as unknown as { editorMarks: EditorMarks }).editorMarks);
      expect(marks.editable).not.toBeNull();
      if (marks.typeScriptWorker !== null) expect(marks.typeScriptWorker).toBeGreaterThan(marks.editable!);
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
