import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeViolations, isSerious, runAxe } from './axe';
import { externalRequests, horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog, hintsOf } from './public-catalog';
import { focusEditor, GRADE_BUTTON, grade, infiniteLoopFor, setEditorCode, solutionOf, squiggleMessages, starterOf, submissionRequests, testCasesOf, visibleEditorText, waitForMonaco } from './workspace-page';
import type { PublicExercise } from '@/lib/exercises/catalog';

const baseUrl = inject('baseUrl');
let browser: Browser;
let exercise: PublicExercise;

beforeAll(async () => {
  browser = await launchBrowser();
  const catalog = await fetchCatalog(baseUrl);
  exercise = catalog[0]!;
});
afterAll(async () => {
  await browser?.close();
});

describe('the workspace', () => {
  it('loads Monaco from the app itself, measures time to an editable editor and the JavaScript it costs', async () => {
    // Warm the server (first render, the declarations route) so the figures are the browser's.
    await fetch(`${baseUrl}${exercise.url}`);
    await fetch(`${baseUrl}/api/editor/types`);
    const { context, page, requests } = await openPage(browser);
    const files: { url: string; encoded: number; decoded: number; afterLoad: boolean; script: boolean }[] = [];
    let loaded = false;
    page.on('load', () => {
      loaded = true;
    });
    page.on('requestfinished', (request) => {
      const afterLoad = loaded;
      void (async () => {
        const response = await request.response();
        const type = response?.headers()['content-type'] ?? '';
        const sizes = await request.sizes();
        files.push({ url: request.url(), encoded: sizes.responseBodySize, decoded: (await response!.body()).length, afterLoad, script: type.includes('javascript') });
      })().catch(() => {});
    });
    const started = Date.now();
    await page.goto(`${baseUrl}${exercise.url}`);
    const loadMs = Date.now() - started;
    await waitForMonaco(page);
    await focusEditor(page);
    await page.keyboard.press('End');
    await page.keyboard.type('// editor-ready');
    await page.waitForFunction(() => document.querySelector('.monaco-editor .view-lines')?.textContent?.includes('editor-ready'));
    const editableMs = Date.now() - started;
    // Count once the declarations and the script of every editor worker (TypeScript among them) have arrived.
    await page.waitForLoadState('networkidle');
    await expect
      .poll(() => {
        // A worker's URL may carry a #fragment, which its request does not.
        const workers = page.workers().map((worker) => worker.url().split('#')[0]);
        return workers.length > 0 && workers.every((url) => files.some((f) => f.url === url)) && files.some((f) => f.url.includes('/api/editor/types'));
      }, { timeout: 30_000 })
      .toBe(true);
    const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
    const sum = (list: typeof files, key: 'encoded' | 'decoded') => list.reduce((total, file) => total + file[key], 0);
    const pageJs = files.filter((f) => f.script && !f.afterLoad);
    const lazyJs = files.filter((f) => f.script && f.afterLoad);
    const types = files.filter((f) => f.url.includes('/api/editor/types'));
    const largest = [...lazyJs].sort((x, y) => y.encoded - x.encoded)[0];
    console.log(
      `[workspace] navigation → load event ${loadMs} ms, → editable Monaco ${editableMs} ms\n` +
        `[workspace] JavaScript transferred (gzip): page ${kb(sum(pageJs, 'encoded'))} in ${pageJs.length} files (${kb(sum(pageJs, 'decoded'))} uncompressed); ` +
        `editor after load ${kb(sum(lazyJs, 'encoded'))} in ${lazyJs.length} files (${kb(sum(lazyJs, 'decoded'))} uncompressed; largest file ${kb(largest?.encoded ?? 0)}); ` +
        `tfjs declarations ${kb(sum(types, 'encoded'))} (${kb(sum(types, 'decoded'))} uncompressed)`,
    );
    expect(externalRequests(requests, baseUrl)).toEqual([]);
    expect(types.length).toBe(1);
    await context.close();
  });

  it('shows a type error as a squiggle before anything runs, with tfjs types resolved', async () => {
    const { context, page, requests } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    const valid = `import * as tf from '@tensorflow/tfjs';\n\nexport function size(): number[] {\n  const t: tf.Tensor = tf.tensor([1, 2, 3]);\n  return t.shape;\n}\n`;
    // A known error on the last line: once it is marked, the checker has read this whole text,
    // so no other mark means the tfjs code above has none (rather than "not checked yet").
    await setEditorCode(page, `${valid}export const probe: number = 'not a number';\n`);
    await expect.poll(() => squiggleMessages(page), { timeout: 30_000 }).toEqual([expect.stringContaining("Type 'string' is not assignable to type 'number'")]);
    await setEditorCode(page, valid.replace('size(): number[]', 'size(): string'));
    // The error is the type mismatch, which needs tfjs's types (an unresolved import would say "Cannot find module").
    await expect.poll(() => squiggleMessages(page), { timeout: 30_000 }).toEqual([expect.stringContaining("Type 'number[]' is not assignable to type 'string'")]);
    await saveScreenshot(page, 'workspace-type-error-desktop');
    expect(externalRequests(requests, baseUrl)).toEqual([]);
    await context.close();
  });

  it('runs the visible tests and shows each test with its status and message', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    expect(await grade(page, 'Run')).toBe('Failed');
    const visible = (await testCasesOf(exercise)).filter((c) => c.visible).map((c) => c.name);
    const tests = page.locator('.test-result');
    // Every visible test, in file order, none of the hidden ones.
    expect(await tests.locator('.test-name').allInnerTexts()).toEqual(visible);
    expect(await tests.locator('.tag').count()).toBe(0);
    for (const test of await tests.all()) {
      const status = await test.getAttribute('data-status');
      expect(['pass', 'fail', 'error', 'timeout', 'memory']).toContain(status);
      expect((await test.locator('.test-status-text').innerText()).trim()).not.toBe('');
      if (status !== 'pass') expect((await test.locator('.test-message').innerText()).trim()).not.toBe('');
    }
    expect(await page.locator('.test-result[data-status="fail"] .test-message').first().innerText()).toMatch(/expected|actual|leak/i);
    expect(await page.locator('.verdict-meta').innerText()).toMatch(/Run · visible tests/);
    await context.close();
  });

  it('submits a passing solution, celebrates and records it as solved', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    await setEditorCode(page, solutionOf(exercise));
    expect(await grade(page, 'Submit')).toBe('Passed');
    await page.getByRole('status').filter({ hasText: 'Solved!' }).waitFor();
    // Recorded: the solution opens beside the task, also after a reload.
    await page.locator('#solution').getByText('You solved this exercise').waitFor();
    await saveScreenshot(page, 'workspace-solved-desktop');
    await page.reload();
    await page.locator('#solution').getByText('You solved this exercise').waitFor();
    expect(await page.locator('#solution').innerText()).toMatch(/Interview follow-ups/);
    await context.close();
  });

  it('answers an infinite loop with a timeout verdict and stays usable', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    const gradings = submissionRequests(page);
    // The first grading request is held in the browser until both second presses are made, so the
    // presses land while it is in flight however fast the grader answers (a timeout is ~1 s).
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/submissions', async (route) => {
      await released;
      await route.continue();
    });
    await setEditorCode(page, infiniteLoopFor(exercise));
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.locator('.grading-progress .elapsed').waitFor();
    // A second press while grading does not queue another run.
    const run = page.getByRole('button', { name: GRADE_BUTTON.Run });
    expect(await run.getAttribute('aria-disabled')).toBe('true');
    // force: click now, as a person would; without it Playwright waits until the button is enabled again.
    await run.click({ force: true });
    await page.keyboard.press('ControlOrMeta+Enter');
    release();
    await page.locator('.grading-panel[aria-busy="false"] .verdict-badge').waitFor({ timeout: 45_000 });
    expect(await page.locator('.verdict-badge').innerText()).toBe('Timed out');
    expect(await page.locator('.advice').innerText()).toMatch(/never finishes/);
    expect(gradings).toHaveLength(1);
    await setEditorCode(page, solutionOf(exercise));
    expect(await grade(page, 'Run')).toBe('Passed');
    // A queued press would have been sent when the first run ended, before this one could start.
    expect(gradings).toHaveLength(2);
    await context.close();
  });

  it('jumps to the line of a compile error', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    await setEditorCode(page, `// line 1\n// line 2\nexport function broken( {\n`);
    expect(await grade(page, 'Run')).toBe('Error');
    await page.getByRole('button', { name: /^Go to line [34]$/ }).click();
    expect(await page.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThan(0);
    expect(await visibleEditorText(page)).toContain('broken');
    await context.close();
  });

  it('says so when grading gets no answer, and keeps the code', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    await setEditorCode(page, '// kept after a failed request\n');
    await page.route('**/api/submissions', (route) => route.fulfill({ status: 429, headers: { 'Retry-After': '3' }, json: { error: { code: 'rate_limited', message: 'You already have 2 submissions being graded.' } } }));
    await page.getByRole('button', { name: GRADE_BUTTON.Run }).click();
    await page.getByRole('alert').filter({ hasText: 'Try again in 3 s' }).waitFor();
    await page.route('**/api/submissions', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: /^Submit/ }).click();
    await page.getByRole('alert').filter({ hasText: 'could not be reached' }).waitFor();
    expect(await visibleEditorText(page)).toContain('kept after a failed request');
    await context.close();
  });
});

describe('one exercise per track, solved in the browser', () => {
  it('passes Submit with each track’s reference solution typed into the editor', async () => {
    const catalog = await fetchCatalog(baseUrl);
    const tracks = [...new Set(catalog.map((e) => e.track))];
    const { context, page } = await openPage(browser);
    for (const track of tracks) {
      const target = catalog.find((e) => e.track === track)!;
      await page.goto(`${baseUrl}${target.url}`);
      await waitForMonaco(page);
      await setEditorCode(page, solutionOf(target));
      expect(await grade(page, 'Submit'), `${target.slug}: ${await page.locator('.results').innerText().catch(() => '')}`).toBe('Passed');
      await page.locator('#solution').getByText('You solved this exercise').waitFor();
    }
    expect(tracks.length).toBeGreaterThan(0);
    await context.close();
  }, 180_000);
});

describe('drafts, hints, solution and history', () => {
  it('autosaves the draft and restores it after a reload and in another tab', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    await setEditorCode(page, `// draft-marker-1\n${starterOf(exercise)}`);
    await page.locator('.save-status[data-state="saved"]').filter({ hasText: /^Saved/ }).waitFor();
    await page.reload();
    await waitForMonaco(page);
    expect(await visibleEditorText(page)).toContain('draft-marker-1');
    const other = await context.newPage();
    await other.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(other);
    expect(await visibleEditorText(other)).toContain('draft-marker-1');
    await context.close();
  });

  it('never overwrites a newer draft from another tab: the older tab is asked', async () => {
    const { context, page: tabA } = await openPage(browser);
    await tabA.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(tabA);
    const tabB = await context.newPage();
    await tabB.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(tabB);
    await setEditorCode(tabA, '// written in tab A\n');
    await tabA.locator('.save-status[data-state="saved"]').filter({ hasText: /^Saved/ }).waitFor();
    await setEditorCode(tabB, '// written in tab B\n');
    await tabB.getByRole('alert').filter({ hasText: 'saved from another tab' }).waitFor();
    await tabB.getByRole('button', { name: 'Load the newer draft' }).click();
    expect(await visibleEditorText(tabB)).toContain('written in tab A');
    await tabB.reload();
    await waitForMonaco(tabB);
    expect(await visibleEditorText(tabB)).toContain('written in tab A');
    await context.close();
  });

  it('resets to the starter only after asking', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    await setEditorCode(page, '// about to be reset\n');
    await page.getByRole('button', { name: 'Reset to starter' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await visibleEditorText(page)).toContain('about to be reset');
    await page.getByRole('button', { name: 'Reset to starter' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset', exact: true }).click();
    const firstLine = starterOf(exercise).split('\n').find((line) => line.trim() !== '')!.trim();
    expect((await visibleEditorText(page)).replace(/\s+/g, ' ')).toContain(firstLine.replace(/\s+/g, ' '));
    await context.close();
  });

  it('reveals hints one at a time and remembers them; the solution only after confirming', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    const hints = hintsOf(exercise);
    const solution = solutionOf(exercise);
    const solutionLine = solution.split('\n').find((line) => line.trim().length > 20)!.trim();
    expect(await page.content()).not.toContain(hints[0]!.slice(0, 40));
    await page.getByRole('button', { name: 'Show the first hint' }).click();
    await page.locator('.hint-list li').first().waitFor();
    expect(await page.locator('.hint-list li').count()).toBe(1);
    expect(await page.locator('.hints').innerText()).toContain(`1 of ${hints.length} shown`);
    await page.reload();
    expect(await page.locator('.hint-list li').count()).toBe(1);
    expect(await page.content()).not.toContain(solutionLine);

    await page.getByRole('button', { name: 'Show the solution now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('#solution .highlighted-code').count()).toBe(0);
    await page.getByRole('button', { name: 'Show the solution now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Show the solution' }).click();
    await page.locator('#solution').getByText('You chose to see the solution before solving').waitFor();
    expect(await page.locator('#solution .highlighted-code').innerText()).toContain(solutionLine.slice(0, 30));
    await saveScreenshot(page, 'workspace-solution-revealed-desktop');
    await context.close();
  });

  it('lists every attempt newest first, shows its code and results, diffs it and restores it', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${baseUrl}${exercise.url}`);
    await waitForMonaco(page);
    await setEditorCode(page, `// attempt-one\n${starterOf(exercise)}`);
    await grade(page, 'Run');
    await setEditorCode(page, `// attempt-two\n${starterOf(exercise)}`);
    await grade(page, 'Submit');
    await page.getByRole('tab', { name: 'History' }).click();
    const items = page.locator('.history-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).innerText()).toMatch(/Submit/);
    expect(await items.nth(1).innerText()).toMatch(/Run/);
    await items.nth(1).click();
    expect(await page.locator('.history-code').innerText()).toContain('attempt-one');
    expect(await page.locator('.history-detail .test-result').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Compare with the editor' }).click();
    await page.locator('.diff-view .monaco-diff-editor').waitFor();
    await saveScreenshot(page, 'workspace-history-diff-desktop');
    await page.getByRole('button', { name: 'Restore into the editor' }).click();
    expect(await visibleEditorText(page)).toContain('attempt-one');
    await page.locator('.save-status[data-state="saved"]').filter({ hasText: /^Saved/ }).waitFor();
    await context.close();
  });
});

describe('the workspace on every screen', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      it(`has no serious axe violations and fits the screen (${name}, ${colorScheme})`, async () => {
        const { context, page, requests } = await openPage(browser, { viewport, colorScheme });
        await page.goto(`${baseUrl}${exercise.url}`);
        await waitForMonaco(page);
        expect(await grade(page, 'Run')).toMatch(/Failed|Passed/);
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && (el.parentElement?.getBoundingClientRect().right ?? 0) <= window.innerWidth + 1)
            .map((el) => `${el.tagName}.${el.className}`),
        );
        expect(await horizontalOverflow(page), `too wide: ${wide.join(', ')}`).toBe(0);
        await saveScreenshot(page, `workspace-${name}-${colorScheme}`);
        const serious = (await runAxe(page)).filter(isSerious);
        expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
        expect(externalRequests(requests, baseUrl)).toEqual([]);
        await context.close();
      });
    }
  }
});
