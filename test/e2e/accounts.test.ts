import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { describeViolations, isSerious, runAxe } from './axe';
import { externalRequests, horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';
import { grade, setEditorCode, solutionOf, starterOf, visibleEditorText, waitForMonaco } from './workspace-page';

const baseUrl = inject('baseUrl');
const databasePath = inject('databasePath');
const PASSWORD = 'copper kettle meadow 7';
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  exercise = (await fetchCatalog(baseUrl))[0]!;
});
afterAll(async () => {
  await browser?.close();
});

async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${baseUrl}/dashboard`);
}

async function solveInWorkspace(page: Page): Promise<void> {
  await page.goto(`${baseUrl}${exercise.url}`);
  await waitForMonaco(page);
  await setEditorCode(page, solutionOf(exercise));
  expect(await grade(page, 'Submit')).toBe('Passed');
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).trim();

/** Moves everything a user stored one day back, as if they came back the next day. */
function comeBackTomorrow(email: string): void {
  const db = new Database(databasePath);
  try {
    const { id } = db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string };
    db.prepare('UPDATE submissions SET created_at = created_at - 86400000 WHERE user_id = ?').run(id);
    db.prepare('UPDATE exercise_events SET created_at = created_at - 86400000 WHERE user_id = ?').run(id);
  } finally {
    db.close();
  }
}

describe('accounts and the dashboard', () => {
  it('a guest solves an exercise, signs up and keeps it; the next day the dashboard shows the streak, mastery and a due review', async () => {
    const { context, page, requests } = await openPage(browser, { timezoneId: 'Europe/Paris' });
    await solveInWorkspace(page);

    await page.goto(`${baseUrl}/dashboard`);
    expect(await text(page, 'solved-count')).toMatch(/^1\b/);
    expect(await page.locator('.guest-notice').innerText()).toMatch(/practising as a guest/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Create account' }).click();
    await page.waitForURL(/\/sign-up/);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);

    // Nothing was lost: the solve, the attempt and the streak moved into the account.
    expect(await text(page, 'solved-count')).toMatch(/^1\b/);
    expect(await text(page, 'current-streak')).toBe('1 day');
    expect(await page.locator('.guest-notice').count()).toBe(0);
    const recent = page.getByRole('region', { name: 'Recent attempts' }).getByRole('link', { name: exercise.title });
    expect(await recent.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('recommendation').innerText()).toMatch(/Why:/);
    await page.locator('.chart svg').first().waitFor();
    // Today's one attempt is the one lit cell of the year's heatmap.
    await page.locator('.heatmap-scroll rect[data-level]').first().waitFor();
    expect(await page.locator('.heatmap-scroll rect[data-level]').count()).toBeGreaterThanOrEqual(365);
    expect(await page.locator('.heatmap-scroll rect[data-level]:not([data-level="0"])').count()).toBe(1);
    await saveScreenshot(page, 'dashboard-after-sign-up-desktop');

    // The attempt's link, under its exercise, opens the stored code.
    const group = page.getByTestId('recent-exercise').filter({ hasText: exercise.title });
    await group.locator('summary').click();
    await group.locator('.attempt-list a').first().click();
    await page.waitForURL(/\/submissions\//);
    expect(await page.locator('.verdict').first().innerText()).toBe('Passed');

    // The catalog shows the exercise as solved for this user.
    await page.goto(`${baseUrl}/`);
    const card = page.locator('li.card').filter({ has: page.getByRole('link', { name: exercise.title, exact: true }) });
    expect(await card.locator('.status-badge').innerText()).toMatch(/Solved/);

    // The next day: yesterday's solve keeps the streak alive and comes back for review.
    comeBackTomorrow('ada@example.com');
    await page.goto(`${baseUrl}/dashboard`);
    expect(await text(page, 'current-streak')).toBe('1 day');
    expect(await page.getByTestId('review-due').count()).toBe(1);
    expect(await page.getByTestId('review-due').innerText()).toContain(exercise.title);
    expect(await page.locator('.dash-stats').innerText()).toMatch(/mastery\s+[1-9]\d* %/i);
    await saveScreenshot(page, 'dashboard-next-day-desktop');

    // The review is a fresh graded submit; passing it extends the streak and clears the queue.
    await page.getByTestId('review-due').getByRole('link', { name: 'Review' }).click();
    await page.waitForURL(/review=1/);
    await waitForMonaco(page);
    // A fresh attempt: the starter code, the solution out of sight.
    expect(await page.locator('.review-banner').innerText()).toMatch(/Solve it again from the starter code/);
    expect(await page.locator('#solution').innerText()).toMatch(/Hidden while you review/);
    const starterLine = starterOf(exercise).split('\n').find((line) => line.trim().startsWith('export'))!.trim();
    expect(await visibleEditorText(page)).toContain(starterLine);
    await setEditorCode(page, solutionOf(exercise));
    expect(await grade(page, 'Submit')).toBe('Passed');
    await page.goto(`${baseUrl}/dashboard`);
    expect(await text(page, 'current-streak')).toBe('2 days');
    expect(await page.getByTestId('review-due').count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Coming up for review' }).innerText()).toContain(exercise.title);

    expect(externalRequests(requests, baseUrl)).toEqual([]);
    await context.close();

    // A second user sees none of it, not even by the submission's address.
    const other = await openPage(browser);
    await signUp(other.page, 'grace@example.com');
    expect(await text(other.page, 'solved-count')).toMatch(/^0\b/);
    expect(await other.page.getByRole('region', { name: 'Recent attempts' }).getByRole('link').count()).toBe(0);
    const db = new Database(databasePath, { readonly: true });
    const { id } = db.prepare("SELECT s.id FROM submissions s JOIN users u ON u.id = s.user_id WHERE u.email = 'ada@example.com' LIMIT 1").get() as { id: string };
    db.close();
    const response = await other.page.goto(`${baseUrl}/submissions/${id}`);
    expect(response?.status()).toBe(404);
    expect(await other.page.content()).not.toContain('export function');
    await other.context.close();
  });

  it('says what went wrong on sign-up and sign-in, and keeps what was typed', async () => {
    const owner = await openPage(browser);
    await signUp(owner.page, 'taken@example.com');
    await owner.context.close();
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}/sign-up`);
    await page.getByLabel('Email').fill('weak@example.com');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.field-error').waitFor();
    expect(await page.locator('.field-error').innerText()).toMatch(/at least 10 characters/);
    expect(await page.getByLabel('Email').inputValue()).toBe('weak@example.com');

    await page.getByLabel('Email').fill('taken@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.form-message').waitFor();
    expect(await page.locator('.form-message').innerText()).toMatch(/already exists/);
    await saveScreenshot(page, 'sign-up-error-desktop');

    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('taken@example.com');
    await page.getByLabel('Password', { exact: true }).fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.form-message').waitFor();
    expect(await page.locator('.form-message').innerText()).toMatch(/do not match an account/);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('not the right password');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('refuses a state-changing request from another site', async () => {
    const response = await fetch(`${baseUrl}/api/account/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ timeZone: 'Asia/Tokyo' }),
    });
    expect(response.status).toBe(403);
  });

  it('exports the data as JSON and CSV downloads, then deletes the account and everything of it', async () => {
    const { context, page } = await openPage(browser);
    await signUp(page, 'lin@example.com');
    await solveInWorkspace(page);
    await page.goto(`${baseUrl}/settings`);
    await saveScreenshot(page, 'settings-desktop');

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download all (JSON)' }).click()]);
    expect(json.suggestedFilename()).toMatch(/^ml-practice-data-\d{4}-\d\d-\d\d\.json$/);
    const data = JSON.parse(fs.readFileSync((await json.path())!, 'utf8')) as { account: { email: string }; submissions: { exerciseId: string; code: string }[] };
    expect(data.account.email).toBe('lin@example.com');
    expect(data.submissions.map((s) => s.exerciseId)).toContain(exercise.id);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download submissions (CSV)' }).click()]);
    const lines = fs.readFileSync((await csv.path())!, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^\uFEFF?id,created_at,exercise_id/);
    expect(lines.length).toBeGreaterThanOrEqual(2);

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByLabel(/to confirm/).fill('someone else');
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.locator('.form-message').waitFor();
    expect(await page.locator('.form-message').innerText()).toMatch(/Nothing was deleted/);
    await page.getByLabel(/to confirm/).fill('lin@example.com');
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();

    const db = new Database(databasePath, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM users WHERE email = 'lin@example.com'").get()).toEqual({ n: 0 });
    db.close();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill('lin@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.form-message').waitFor();
    expect(await page.locator('.form-message').innerText()).toMatch(/do not match an account/);
    await context.close();
  });

  it('has no serious accessibility violations on the account pages and the dashboard, light and dark, and fits a phone', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page } = await openPage(browser, { colorScheme });
      await signUp(page, `axe-${colorScheme}@example.com`);
      for (const path of ['/dashboard', '/settings']) {
        await page.goto(`${baseUrl}${path}`);
        if (path === '/dashboard') await page.locator('.chart svg, .dash-help').first().waitFor();
        const serious = (await runAxe(page)).filter(isSerious);
        expect(serious, `${path} (${colorScheme}):\n${describeViolations(serious)}`).toEqual([]);
      }
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
      for (const path of ['/sign-in', '/sign-up']) {
        await page.goto(`${baseUrl}${path}`);
        const serious = (await runAxe(page)).filter(isSerious);
        expect(serious, `${path} (${colorScheme}):\n${describeViolations(serious)}`).toEqual([]);
      }
      await context.close();
    }
    const phone = await openPage(browser, { viewport: VIEWPORTS.phone, colorScheme: 'dark' });
    await signUp(phone.page, 'phone@example.com');
    expect(await horizontalOverflow(phone.page)).toBe(0);
    await saveScreenshot(phone.page, 'dashboard-phone-dark');
    await phone.page.goto(`${baseUrl}/settings`);
    expect(await horizontalOverflow(phone.page)).toBe(0);
    await phone.context.close();
  });
});
