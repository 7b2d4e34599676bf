import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { solutionOf, starterOf } from './workspace-page';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl))[0]!;
});
afterAll(async () => {
  await browser?.close();
});

/** Grades code as this browser's user (the page's cookies), as the workspace would. */
async function submit(page: Page, code: string, mode: 'run' | 'submit'): Promise<{ submissionId: string; status: string }> {
  const reply = await page.request.post(`${baseUrl}/api/submissions`, { data: { exerciseId: exercise.id, code, mode } });
  expect(reply.status(), await reply.text()).toBe(200);
  return (await reply.json()) as { submissionId: string; status: string };
}

/** The submission as a row stored before the exercise_events table existed: no `solved` milestone. */
function dropSolvedMilestone(submissionId: string): void {
  const db = new Database(databasePath);
  try {
    const { changes } = db.prepare("DELETE FROM exercise_events WHERE kind = 'solved' AND submission_id = ?").run(submissionId);
    expect(changes).toBe(1);
  } finally {
    db.close();
  }
}

/** Console errors and uncaught exceptions of every page of the context (React's hydration errors among them). */
function collectErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return errors;
}

/** The status badge of the exercise's card in the catalog. */
function cardStatus(page: Page): Promise<string> {
  return page.locator('li.card', { has: page.getByRole('link', { name: exercise.title, exact: true }) }).locator('.status-badge').innerText();
}

describe('one meaning of solved: catalog, exercise page and dashboard agree', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`a solve stored without its milestone row reads as solved on every page (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      await submit(page, starterOf(exercise), 'submit');
      expect((await submit(page, solutionOf(exercise), 'run')).status).toBe('pass');
      const solve = await submit(page, solutionOf(exercise), 'submit');
      expect(solve.status).toBe('pass');
      dropSolvedMilestone(solve.submissionId);

      await page.goto(`${baseUrl}/`);
      expect(await cardStatus(page)).toMatch(/Solved/);
      await saveScreenshot(page, `progress-facts-catalog-${name}`);
      await page.goto(`${baseUrl}${exercise.url}`);
      await page.locator('#solution').getByText('You solved this exercise').waitFor();
      await page.goto(`${baseUrl}/dashboard`);
      expect(await page.getByTestId('solved-count').innerText()).toMatch(/^1\s+of/);
      await saveScreenshot(page, `progress-facts-dashboard-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
      await context.close();
    });
  }
});

// The server renders in its own zone (UTC here); each of these differs from it and from each other.
const TIME_ZONES = ['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham'] as const;

describe('no console error and no hydration mismatch, whatever the browser’s time zone', () => {
  for (const timezoneId of TIME_ZONES) {
    it(`every page of a returning user with a saved draft and a solve (${timezoneId})`, async () => {
      const { context, page } = await openPage(browser, { timezoneId, viewport: VIEWPORTS.desktop });
      const errors = collectErrors(context);
      const draft = await page.request.put(`${baseUrl}/api/exercises/${exercise.id}/draft`, { data: { code: `// saved in ${timezoneId}\n`, baseVersion: 0 } });
      expect(draft.status(), await draft.text()).toBe(200);
      const { updatedAt } = ((await draft.json()) as { draft: { updatedAt: string } }).draft;
      const { submissionId } = await submit(page, solutionOf(exercise), 'submit');

      await page.goto(`${baseUrl}/`);
      await page.goto(`${baseUrl}/dashboard`);
      await page.goto(`${baseUrl}/settings`);
      await page.goto(`${baseUrl}/submissions/${submissionId}`);
      await page.goto(`${baseUrl}${exercise.url}`);
      // The draft's time in the browser's own zone, once the page is hydrated.
      const local = new Date(updatedAt).toLocaleTimeString('en-US', { timeZone: timezoneId, hour: '2-digit', minute: '2-digit' });
      await page.locator('.save-status').filter({ hasText: `Saved ${local}` }).waitFor();
      await saveScreenshot(page, `progress-facts-saved-${timezoneId.replace('/', '-')}`);
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
