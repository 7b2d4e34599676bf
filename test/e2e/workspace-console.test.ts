import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { setEditorCode, solutionOf, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl)).find((e) => e.slug === 'scale-without-leakage')!;
});
afterAll(async () => {
  await browser?.close();
});

/** Every POST the page sends from now on, by path. */
function postedPaths(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') sent.push(new URL(request.url()).pathname);
  });
  return sent;
}

/** Types an expression into the console, presses Enter and returns the newest entry once it has its answer. */
async function callInConsole(page: Page, expression: string) {
  const input = page.getByLabel('Call your code');
  await input.fill(expression);
  const count = await page.locator('.console-entry').count();
  await input.press('Enter');
  await expect.poll(() => page.locator('.console-entry').count(), { timeout: 45_000 }).toBe(count + 1);
  return page.locator('.console-entry').first();
}

describe('the workspace console', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`calls the learner’s own functions with their arguments and shows the value, the console output and errors (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      const posted = postedPaths(page);
      await page.goto(`${baseUrl}${exercise.url}`);
      await waitForMonaco(page);
      await setEditorCode(page, `${solutionOf(exercise)}\nexport function shout(x: number): number {\n  console.log('called with', x);\n  return x * 10;\n}\n`);
      await page.getByRole('tab', { name: 'Console' }).click();

      const plain = await callInConsole(page, 'transform(fitScaler([[1, 10], [3, 30]]), [[2, 20], [5, 50]])');
      await expect.poll(() => plain.locator('.console-badge').innerText()).toBe('Returned');
      expect(await plain.locator('.console-value pre').innerText()).toBe('[[0, 0], [3, 3]]');

      const logged = await callInConsole(page, 'shout(4)');
      expect(await logged.locator('.console-value pre').innerText()).toBe('40');
      expect((await logged.locator('.test-output pre').innerText()).trim()).toBe('called with 4');

      const tensor = await callInConsole(page, 'tf.tensor2d(transform(fitScaler([[0], [2]]), [[4]]))');
      expect(await tensor.locator('.console-value pre').innerText()).toBe('Tensor float32 shape [1, 1] (1 value)\n[[3]]');

      const thrown = await callInConsole(page, 'fitScaler(null as any)');
      expect(await thrown.locator('.console-badge').innerText()).toBe('Error');
      expect(await thrown.locator('.result-message pre').innerText()).toMatch(/^The call threw TypeError: .*line \d+ of your code/);
      await thrown.getByRole('button', { name: /^Go to line/ }).click();

      // Nothing was graded or stored: the console has its own request, and the history stays empty.
      expect(posted.filter((p) => p === '/api/console')).toHaveLength(4);
      expect(posted).not.toContain('/api/submissions');
      expect(await horizontalOverflow(page)).toBe(0);
      await saveScreenshot(page, `workspace-console-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
      await page.getByRole('tab', { name: 'History' }).click();
      await expect.poll(() => page.locator('#panel-history').innerText(), { timeout: 15_000 }).toMatch(/no (runs|submissions|attempts)/i);
      await context.close();
    });
  }

  it('works in a mock interview through the mock’s own route', async () => {
    const { context, page } = await openPage(browser);
    const posted = postedPaths(page);
    await page.goto(`${baseUrl}/interview`);
    await page.getByRole('radio', { name: /Feature engineering/ }).check();
    await page.getByRole('radio', { name: /^45 minutes/ }).check();
    await page.getByRole('button', { name: 'Start the clock' }).click();
    await page.waitForURL(/\/interview\/[0-9a-f-]{36}$/);
    await waitForMonaco(page);
    const id = page.url().split('/').pop()!;
    await page.getByRole('tab', { name: 'Console' }).click();
    const entry = await callInConsole(page, '[1, 2, 3].map((x) => x * 2)');
    expect(await entry.locator('.console-value pre').innerText()).toBe('[2, 4, 6]');
    expect(posted).toContain(`/api/interviews/${id}/console`);
    expect(posted).not.toContain('/api/console');
    const serious = (await runAxe(page)).filter(isSerious);
    expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
    await page.request.post(`${baseUrl}/api/interviews/${id}/finish`, { data: { early: true } });
    await context.close();
  });
});
