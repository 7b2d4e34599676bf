/**
 * `npm run bench:editor`: how fast the exercise page's editor becomes usable, in Debian's chromium.
 * Starts its own production server on 127.0.0.1 with a temporary database (building the app first
 * unless a build exists), then measures, on the first exercise of the catalog:
 * - cold: a new browser context each time (empty cache), navigation → Monaco accepts typing;
 * - warm: the same context again (cache filled by the cold visit);
 * - transfer before editable: bytes the page received (gzipped, as sent) until then;
 * and, on `next dev` with its own fresh start, the first exercise page: navigation → editable.
 * Each figure is printed next to its target. Bounded: `--runs <n>` visits each (default 5),
 * 90 s per visit at most. `--no-dev` skips the dev server, `--no-production` the production one. `--trace` also prints, for the first cold,
 * warm and dev visit, every request until editable, the page's milestones and the main thread's
 * busy time (test/bench/editor-trace.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/browser';
import { clickFirstVisibleLine } from '../e2e/click-editor';
import { buildApp, startAppServer } from '../support/app-server';
import { traceVisit } from './editor-trace';

const TARGETS = { coldMs: 2000, devMs: 5000, transferBytes: 1.5 * 1024 * 1024 };
const VISIT_TIMEOUT_MS = 90_000;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number of at least 1`);
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Visit {
  editableMs: number;
  transferBytes: number;
}

const TRACE = process.argv.includes('--trace');

/** What had the focus and what the editor showed, for a visit that failed. */
function describeEditor(page: Page): Promise<string> {
  return page.evaluate(() => {
    const editor = document.querySelector('.code-editor');
    const text = editor?.querySelector('.view-lines')?.textContent ?? '';
    return `state ${editor?.getAttribute('data-state')}, focus on ${document.activeElement?.tagName.toLowerCase()}.${document.activeElement?.className}, text starts ${JSON.stringify(text.slice(0, 80))}`;
  });
}

/**
 * Opens the exercise page in `context` and returns when Monaco took a typed character, with the
 * bytes received until then. With `trace` (a label), also prints where the time went.
 */
async function visit(context: BrowserContext, url: string, trace?: string): Promise<Visit> {
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send('Network.enable');
  if (trace) await client.send('Performance.enable');
  const tracer = trace ? traceVisit(client, trace) : undefined;
  // encodedDataLength: bytes as they came over the wire (headers and gzipped body); 0 from the cache.
  let received = 0;
  let counting = true;
  client.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    if (counting) received += event.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(url, { timeout: VISIT_TIMEOUT_MS });
  await page.locator('.code-editor[data-editor="monaco"] .monaco-editor .view-lines').waitFor({ timeout: VISIT_TIMEOUT_MS });
  await clickFirstVisibleLine(page);
  await page.keyboard.type('//e');
  await page
    .waitForFunction(() => document.querySelector('.code-editor .monaco-editor .view-lines')?.textContent?.includes('//e'), undefined, { timeout: VISIT_TIMEOUT_MS })
    .catch(async (error: unknown) => {
      throw new Error(`The typed text never showed in Monaco: ${await describeEditor(page)}`, { cause: error });
    });
  const editableMs = Date.now() - started;
  counting = false;
  await tracer?.print(page, editableMs);
  await page.close();
  return { editableMs, transferBytes: received };
}

function report(label: string, values: number[], unit: 'ms' | 'bytes', target?: number): void {
  const show = (value: number) => (unit === 'ms' ? `${Math.round(value)} ms` : `${(value / 1024 / 1024).toFixed(2)} MB`);
  const verdict = target === undefined ? '' : `   target ≤ ${show(target)}: ${median(values) <= target ? 'met' : 'NOT met'}`;
  console.log(`${label.padEnd(34)} median ${show(median(values)).padStart(9)}  (${values.map(show).join(', ')})${verdict}`);
}

async function measureProduction(browser: Browser, runs: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-bench-editor-'));
  const server = await startAppServer({ databasePath: path.join(dataDir, 'app.db'), waitForGrader: false });
  try {
    const exercise = ((await (await fetch(`${server.url}/api/exercises`)).json()) as { exercises: { url: string }[] }).exercises[0]!;
    const url = `${server.url}${exercise.url}`;
    // The server's first render of the page and of the declarations is not the browser's cost.
    await fetch(url);
    await fetch(`${server.url}/api/editor/types`);
    const cold: Visit[] = [];
    const warm: Visit[] = [];
    for (let i = 0; i < runs; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
      const trace = TRACE && i === 0;
      cold.push(await visit(context, url, trace ? 'cold' : undefined));
      warm.push(await visit(context, url, trace ? 'warm' : undefined));
      await context.close();
    }
    console.log(`production (next start), ${exercise.url}, ${runs} runs`);
    report('cold: navigation → editable', cold.map((v) => v.editableMs), 'ms', TARGETS.coldMs);
    report('warm: navigation → editable', warm.map((v) => v.editableMs), 'ms');
    report('cold: transfer before editable', cold.map((v) => v.transferBytes), 'bytes', TARGETS.transferBytes);
    report('warm: transfer before editable', warm.map((v) => v.transferBytes), 'bytes');
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureDev(browser: Browser, runs: number): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-bench-editor-dev-'));
    // A fresh dev server each run: the exercise page compiles on its first visit, as after `npm run dev`.
    const server = await startAppServer({ databasePath: path.join(dataDir, 'app.db'), dev: true, waitForGrader: false, timeoutMs: 180_000 });
    try {
      const exercise = ((await (await fetch(`${server.url}/api/exercises`)).json()) as { exercises: { url: string }[] }).exercises[0]!;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
      times.push((await visit(context, `${server.url}${exercise.url}`, TRACE && i === 0 ? 'dev' : undefined)).editableMs);
      await context.close();
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(`development (next dev), first exercise page after start, ${runs} runs`);
  report('dev: first navigation → editable', times, 'ms', TARGETS.devMs);
}

async function main(): Promise<void> {
  const runs = option('runs', 5);
  const production = !process.argv.includes('--no-production');
  if (production) buildApp({ skipIfBuilt: true });
  const browser = await launchBrowser();
  try {
    if (production) await measureProduction(browser, runs);
    if (!process.argv.includes('--no-dev')) await measureDev(browser, runs);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
