import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (never a downloaded browser). */
export function chromiumPath(): string {
  try {
    const found = execFileSync('/bin/sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // fall through to the usual location
  }
  return '/usr/bin/chromium';
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export interface RecordedPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order (documents, scripts, styles, fetches, prefetches). */
  requests: string[];
}

/** A fresh context and page that records every request it makes. */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean; timezoneId?: string } = {},
): Promise<RecordedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? VIEWPORTS.desktop,
    colorScheme: options.colorScheme ?? 'light',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    serviceWorkers: 'block',
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  return { context, page, requests };
}

/** Requests that left the app's own host (http, https, ws), e.g. a CDN or a font service. */
export function externalRequests(requests: string[], baseUrl: string): string[] {
  const { host } = new URL(baseUrl);
  return requests.filter((url) => {
    const parsed = new URL(url);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return false;
    return parsed.host !== host || parsed.hostname !== '127.0.0.1';
  });
}

export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

/** How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Tables whose content is wider than the box they sit in (cut off, or only reached by scrolling sideways). */
export function clippedTables(page: Page): Promise<string[]> {
  return page.locator('table').evaluateAll((tables) =>
    tables
      .filter((table) => {
        const box = table.parentElement!;
        return table.scrollWidth > box.clientWidth + 1 || table.getBoundingClientRect().right > window.innerWidth + 1;
      })
      .map((table) => `${table.getAttribute('class') ?? 'table'}: ${table.scrollWidth} px in ${table.parentElement!.clientWidth} px`),
  );
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
