import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { splitExplanation } from '@/lib/workspace/split-explanation';
import { startAppServer, type AppServer } from '../support/app-server';
import { describeViolations, isSerious, runAxe } from './axe';
import { horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { focusEditor, grade, setEditorCode, solutionOf, visibleEditorText, waitForMonaco } from './workspace-page';

/**
 * A whole mock in a real browser, on a server of its own whose mocks last MOCK_SECONDS (the
 * test-only INTERVIEW_TEST_SECONDS setting). Once the steps that need time are done, the test
 * brings the mock's deadline forward to RUN_OUT_SECONDS from then, so the clock really runs out
 * without waiting out the rest of the mock.
 */
const MOCK_SECONDS = 120;
const RUN_OUT_SECONDS = 8;
const DRAFT_MARKER = '// draft kept across the reload';

let server: AppServer;
let dataDir: string;
let browser: Browser;
let page: Page;
let mockUrl: string;
let exercises: PublicExercise[];

function database(options: { readonly: boolean } = { readonly: true }) {
  return new Database(path.join(dataDir, 'app.db'), options);
}

/** Moves the mock's deadline, kept on the server, to `seconds` from now. */
function runOutIn(id: string, seconds: number): void {
  const db = database({ readonly: false });
  try {
    const moved = db.prepare('UPDATE interviews SET deadline_at = ? WHERE id = ? AND finished_at IS NULL').run(Date.now() + seconds * 1000, id);
    expect(moved.changes).toBe(1);
  } finally {
    db.close();
  }
}

/** The right answer of every question of the mock, read by the test from the server's database (never from a page). */
function rightAnswers(id: string): { kind: string; answer: number | number[] }[] {
  const db = database();
  try {
    const rows = db.prepare('SELECT question_json FROM interview_questions WHERE interview_id = ? ORDER BY position').all(id) as { question_json: string }[];
    return rows.map((row) => JSON.parse(row.question_json) as { kind: string; answer: number | number[] });
  } finally {
    db.close();
  }
}

/** No serious or critical accessibility violation on the page as it is now. */
async function expectAccessible(): Promise<void> {
  const serious = (await runAxe(page)).filter(isSerious);
  expect(serious, describeViolations(serious)).toEqual([]);
}

async function secondsLeft(): Promise<number> {
  const [m, s] = (await page.getByTestId('countdown').innerText()).split(':').map(Number);
  return m! * 60 + s!;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-e2e-mock-'));
  server = await startAppServer({ databasePath: path.join(dataDir, 'app.db'), env: { INTERVIEW_TEST_SECONDS: String(MOCK_SECONDS) } });
  browser = await launchBrowser();
  ({ page } = await openPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a mock interview', () => {
  it('starts from /interview for a guest, with a running countdown and the mock’s exercises only', async () => {
    const started = Date.now();
    const phone = await openPage(browser, { viewport: VIEWPORTS.phone });
    await phone.page.goto(`${server.url}/interview`);
    expect(await horizontalOverflow(phone.page)).toBe(0);
    await phone.context.close();
    await page.goto(`${server.url}/interview`);
    await expectAccessible();
    await page.getByRole('radio', { name: /Feature engineering/ }).check();
    await page.getByRole('radio', { name: /^45 minutes/ }).check();
    await page.getByRole('button', { name: 'Start the clock' }).click();
    await page.waitForURL(/\/interview\/[0-9a-f-]{36}$/);
    mockUrl = page.url();
    await waitForMonaco(page);
    const left = await secondsLeft();
    expect(left).toBeLessThanOrEqual(MOCK_SECONDS);
    expect(left).toBeGreaterThan(MOCK_SECONDS - (Date.now() - started) / 1000 - 2);

    const session = (await (await page.request.get(`${server.url}/api/interviews/${mockUrl.split('/').pop()}`)).json()) as { exercises: { exercise: PublicExercise }[] };
    exercises = session.exercises.map((e) => e.exercise);
    expect(exercises.map((e) => e.slug).sort()).toEqual(['impute-by-group-from-train', 'scale-without-leakage']);
    const tabs = page.getByRole('tablist', { name: 'Mock interview parts' }).getByRole('tab');
    expect(await tabs.allInnerTexts()).toEqual([`1. ${exercises[0]!.title}`, `2. ${exercises[1]!.title}`, expect.stringMatching(/^Questions \(\d\)$/)]);
    // No hints, solution or history in the mock's workspace.
    expect(await page.getByRole('button', { name: /hint/i }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: 'History' }).count()).toBe(0);
    expect(await page.getByText('Show the solution now').count()).toBe(0);
    await expectAccessible();
  });

  it('locks the exercise’s own page while the mock runs (it leads back to the mock)', async () => {
    const other = await browser.newPage();
    await other.context().addCookies(await page.context().cookies());
    await other.goto(`${server.url}${exercises[0]!.url}`);
    expect(other.url()).toBe(mockUrl);
    await other.close();
  });

  it('grades a Submit in the mock, and resumes after a reload with the same clock and the saved draft', async () => {
    await setEditorCode(page, solutionOf(exercises[0]!));
    expect(await grade(page, 'Submit')).toMatch(/Passed/);

    await page.getByRole('tab', { name: `2. ${exercises[1]!.title}` }).click();
    await waitForMonaco(page);
    await focusEditor(page);
    await page.keyboard.press('ControlOrMeta+Home');
    // The save of this very text, not a "saved" shown before the typing reached the autosave.
    const saved = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().endsWith('/draft') && response.ok() && (response.request().postData() ?? '').includes(DRAFT_MARKER), { timeout: 15_000 });
    await page.keyboard.type(`${DRAFT_MARKER}\n`);
    await saved;
    await page.locator('.save-status[data-state="saved"]').waitFor({ timeout: 15_000 });

    const before = await secondsLeft();
    await page.reload();
    await waitForMonaco(page);
    const after = await secondsLeft();
    expect(after).toBeLessThanOrEqual(before);
    expect(after).toBeGreaterThan(before - 20);
    await page.getByRole('tab', { name: `2. ${exercises[1]!.title}` }).click();
    await waitForMonaco(page);
    // The editor of the tab just opened may render its text a moment after the editor appears.
    await expect.poll(() => visibleEditorText(page), { timeout: 15_000 }).toContain(DRAFT_MARKER);
  });

  it('keeps answers to the questions, then finishes on its own when time runs out and shows the report', async () => {
    const id = mockUrl.split('/').pop()!;
    const answers = rightAnswers(id);
    expect(answers.length).toBeGreaterThanOrEqual(3);
    await page.getByRole('tab', { name: /^Questions/ }).click();
    const questions = page.getByTestId('question');
    // The first question answered right, the others left open (they count as wrong).
    const first = answers[0]!;
    if (first.kind === 'number') {
      await questions.first().getByLabel('Your answer').fill(String(first.answer));
      await questions.first().getByLabel('Your answer').press('Enter');
    } else {
      for (const index of Array.isArray(first.answer) ? first.answer : [first.answer]) await questions.first().locator('input').nth(index).check();
    }
    await questions.first().getByText('Answer saved').waitFor();

    runOutIn(id, RUN_OUT_SECONDS);
    await page.reload();
    await expect.poll(secondsLeft).toBeLessThanOrEqual(RUN_OUT_SECONDS);
    await page.getByTestId('mock-report').waitFor({ timeout: (RUN_OUT_SECONDS + 60) * 1000 });
    expect(page.url()).toBe(mockUrl);
    const rows = page.getByTestId('report-exercises').locator('tbody tr');
    const byTitle = (title: string) => rows.filter({ hasText: title });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await byTitle(exercises[0]!.title).innerText()).toMatch(/Passed/);
    expect(await byTitle(exercises[1]!.title).innerText()).toMatch(/Failed[\s\S]*Submitted automatically when time ran out/);
    const verdicts = await page.getByTestId('report-question').evaluateAll((items) => items.map((item) => item.getAttribute('data-correct')));
    expect(verdicts).toEqual(answers.map((_, i) => String(i === 0)));
    expect(await page.getByTestId('skills-broke').innerText()).not.toBe('');
    await expectAccessible();
    const file = await saveScreenshot(page, 'mock-report');
    console.log(`[e2e] mock report: ${file}\n${(await page.getByTestId('mock-report').innerText()).slice(0, 1500)}`);
  }, (RUN_OUT_SECONDS + 120) * 1000);

  it('shows each exercise’s explanation and interview follow-ups, unlocked, in the report', async () => {
    const section = page.getByTestId('report-explanations');
    for (const exercise of exercises) {
      const { explanation, followUps } = splitExplanation(fs.readFileSync(path.resolve('exercises', exercise.track, exercise.slug, '.meta', 'explanation.md'), 'utf8'));
      // The first words of the explanation's first paragraph, up to any markdown markup.
      const paragraph = explanation.split('\n').find((line) => /^[A-Za-z]/.test(line.trim()))!.trim();
      const words = paragraph.split(/[*`_[\]()]/)[0]!.split(/\s+/).slice(0, 4).join(' ');
      expect(words.length).toBeGreaterThan(8);
      expect(await section.innerText()).toContain(words);
      if (followUps) expect(await section.getByText('Interview follow-ups').count()).toBeGreaterThan(0);
    }
    // The exercise pages are open again.
    await page.goto(`${server.url}${exercises[0]!.url}`);
    expect(new URL(page.url()).pathname).toBe(exercises[0]!.url);
  });

  it('lists the mock on the dashboard with its score, and the failed exercise in the review queue', async () => {
    await page.goto(`${server.url}/dashboard`);
    const table = page.getByTestId('past-mocks');
    const row = table.locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/Feature engineering\s+45 min\s+1 of 2\s+\d+ %/);
    expect(await page.getByTestId('review-retry').innerText()).toContain(exercises[1]!.title);
    await row.getByRole('link').click();
    await page.getByTestId('mock-report').waitFor();
  });

  it('shows a second tab the same mock at the same time left; finishing early in one takes both to the report, and the dashboard draws the trend', async () => {
    await page.goto(`${server.url}/interview`);
    await page.getByRole('radio', { name: /Mix of tracks/ }).check();
    await page.getByRole('radio', { name: /^45 minutes/ }).check();
    await page.getByRole('button', { name: 'Start the clock' }).click();
    await page.waitForURL(/\/interview\/[0-9a-f-]{36}$/);
    const second = await page.context().newPage();
    await second.goto(page.url());
    const clock = async (p: Page) => {
      const [m, s] = (await p.getByTestId('countdown').innerText()).split(':').map(Number);
      return m! * 60 + s!;
    };
    await second.getByTestId('countdown').waitFor();
    expect(Math.abs((await clock(page)) - (await clock(second)))).toBeLessThanOrEqual(3);

    await page.getByRole('button', { name: 'Finish now' }).click();
    await page.getByRole('button', { name: 'Finish and see the report' }).click();
    await page.getByTestId('mock-report').waitFor({ timeout: 60_000 });
    expect(await page.getByText('finished early').count()).toBe(1);
    await second.getByTestId('mock-report').waitFor({ timeout: 30_000 });
    await second.close();

    await page.goto(`${server.url}/dashboard`);
    await expect.poll(() => page.getByTestId('past-mocks').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('mock-trend').locator('.recharts-line').waitFor();
  }, 120_000);
});
