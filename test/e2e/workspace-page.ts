import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PublicExercise } from '@/lib/exercises/catalog';

/** The reference solution of an exercise, read from disk by the test (never by the page). */
export function solutionOf(exercise: PublicExercise): string {
  return fs.readFileSync(path.resolve('exercises', exercise.track, exercise.slug, '.meta', 'solution.ts'), 'utf8');
}

export function starterOf(exercise: PublicExercise): string {
  return fs.readFileSync(path.resolve('exercises', exercise.track, exercise.slug, 'starter.ts'), 'utf8');
}

/** Code that exports every required name, each looping forever. */
export function infiniteLoopFor(exercise: PublicExercise): string {
  return exercise.exports.map((name) => `export function ${name}(..._args: unknown[]): never {\n  for (;;) {}\n}\n`).join('\n');
}

/** Waits until Monaco replaced the plain text area and accepts typing. */
export async function waitForMonaco(page: Page): Promise<void> {
  await page.locator('.code-editor[data-editor="monaco"] .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
}

/** Replaces the editor's text by pasting it (typing would trigger auto-closing brackets and auto-indent). */
export async function setEditorCode(page: Page, code: string): Promise<void> {
  await page.locator('.code-editor .monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
}

/** The text of the visible editor lines (Monaco renders only what is on screen). */
export async function visibleEditorText(page: Page): Promise<string> {
  const text = await page.locator('.code-editor .monaco-editor .view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Clicks Run or Submit and waits for the verdict. */
export async function grade(page: Page, button: 'Run' | 'Submit'): Promise<string> {
  await page.getByRole('button', { name: new RegExp(`^${button}`) }).click();
  await page.locator('.grading-panel[aria-busy="false"] .verdict-badge').waitFor({ timeout: 45_000 });
  return page.locator('.verdict-badge').innerText();
}
