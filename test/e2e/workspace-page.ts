import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { clickFirstVisibleLine } from './click-editor';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { loadCatalogOrThrow } from '@/lib/exercises/load-catalog';
import { loadTestSuite } from '@/lib/grading/load-test-suite';

/** The reference solution of an exercise, read from disk by the test (never by the page). */
export function solutionOf(exercise: PublicExercise): string {
  return fs.readFileSync(path.resolve('exercises', exercise.track, exercise.slug, '.meta', 'solution.ts'), 'utf8');
}

export function starterOf(exercise: PublicExercise): string {
  return fs.readFileSync(path.resolve('exercises', exercise.track, exercise.slug, 'starter.ts'), 'utf8');
}

/** The exercise's test cases (names, visibility, in file order), loaded from disk as the grader loads them. */
export async function testCasesOf(exercise: PublicExercise): Promise<{ name: string; visible: boolean }[]> {
  const found = loadCatalogOrThrow(path.resolve('exercises')).find((e) => e.meta.uuid === exercise.id);
  if (!found) throw new Error(`${exercise.slug} is not in exercises/`);
  return (await loadTestSuite(found)).map((c) => ({ name: c.name, visible: c.visible }));
}

/** Collects every grading request (POST /api/submissions) the page sends from now on. */
export function submissionRequests(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/submissions') sent.push(request.postData() ?? '');
  });
  return sent;
}

/**
 * The message of every error squiggle in the editor, read from the hover Monaco shows over it
 * (the squiggles themselves carry no text).
 */
export async function squiggleMessages(page: Page): Promise<string[]> {
  const messages: string[] = [];
  for (const squiggle of await page.locator('.code-editor .monaco-editor .squiggly-error').all()) {
    await squiggle.hover({ force: true });
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ timeout: 10_000 });
    messages.push(await hover.innerText());
    await page.mouse.move(0, 0);
    await hover.waitFor({ state: 'hidden', timeout: 10_000 });
  }
  return messages;
}

/** Code that exports every required name, each looping forever. */
export function infiniteLoopFor(exercise: PublicExercise): string {
  return exercise.exports.map((name) => `export function ${name}(..._args: unknown[]): never {\n  for (;;) {}\n}\n`).join('\n');
}

/** Waits until Monaco replaced the plain text area and accepts typing. */
export async function waitForMonaco(page: Page): Promise<void> {
  await page.locator('.code-editor[data-editor="monaco"] .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
}

/**
 * Clicks into the editor until it has focus: a click made while the page is still settling (first
 * visit, busy machine) may not give Monaco focus, and keys pressed then are lost.
 */
export async function focusEditor(page: Page): Promise<void> {
  const focused = page.locator('.code-editor .monaco-editor.focused');
  for (let attempt = 1; ; attempt += 1) {
    await clickFirstVisibleLine(page);
    const hasFocus = await focused.waitFor({ timeout: 3_000 }).then(() => true, () => false);
    if (hasFocus) return;
    if (attempt === 10) throw new Error('The editor did not take focus after 10 clicks.');
  }
}

/** Replaces the editor's text by pasting it (typing would trigger auto-closing brackets and auto-indent). */
export async function setEditorCode(page: Page, code: string): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
  // Monaco applies a paste in its own time: a key pressed at once (Run's Ctrl+Enter) could act on the old text.
  // The cursor ends after the pasted text, so its last line is the one on screen.
  const lastLine = code.split('\n').filter((line) => line.trim() !== '').at(-1)?.trim() ?? '';
  await expect.poll(async () => (await visibleEditorText(page)).includes(lastLine), { timeout: 15_000 }).toBe(true);
}

/** The text of the visible editor lines (Monaco renders only what is on screen). */
export async function visibleEditorText(page: Page): Promise<string> {
  const text = await page.locator('.code-editor .monaco-editor .view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** The workspace's Run and Submit buttons by name; not a single test's "Run this test". */
export const GRADE_BUTTON = { Run: /^Run(?! this test)/, Submit: /^Submit/ } as const;

/** Clicks Run or Submit and waits for the verdict. */
export async function grade(page: Page, button: 'Run' | 'Submit'): Promise<string> {
  await page.getByRole('button', { name: GRADE_BUTTON[button] }).click();
  await page.locator('.grading-panel[aria-busy="false"] .verdict-badge').waitFor({ timeout: 45_000 });
  return page.locator('.verdict-badge').innerText();
}
