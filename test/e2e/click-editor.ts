import type { Page } from 'playwright-core';

/**
 * Clicks Monaco's first visible line, past the line numbers. Not the middle of its text layer
 * (`.view-lines`, as tall as the whole file): in a short editor that lies below the editor, and
 * scrolling it into view puts the page's header under the click, or Monaco's text out of place.
 * Used by the browser tests (workspace-page.ts) and the editor benchmark, which imports no vitest.
 */
export async function clickFirstVisibleLine(page: Page): Promise<void> {
  await page.locator('.code-editor .monaco-editor .overflow-guard').click({ position: { x: 100, y: 8 } });
}
