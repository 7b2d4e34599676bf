import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage } from './browser';

const baseUrl = inject('baseUrl');
const EMAIL = 'redirects@example.com';
const PASSWORD = 'harbour lantern cedar 9';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const response = await fetch(`${baseUrl}/api/account/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  expect(response.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in from `/sign-in?next=<next>` (the query written exactly as given) and returns where the browser ends up. */
async function signInWithNext(next: string): Promise<URL> {
  const { context, page } = await openPage(browser);
  try {
    await page.goto(`${baseUrl}/sign-in?next=${next}`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    return new URL(page.url());
  } finally {
    await context.close();
  }
}

describe('the destination after signing in', () => {
  it('follows a path on this site', async () => {
    const landed = await signInWithNext('/settings');
    expect(landed.origin).toBe(baseUrl);
    expect(landed.pathname).toBe('/settings');
  });

  it.each([
    ['a tab between the slashes', '/%09/evil.example'],
    ['a newline between the slashes', '/%0A/evil.example'],
    ['a backslash', '/%5Cevil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['an encoded absolute URL', 'https%3A%2F%2Fevil.example%2F'],
  ])('never leaves the site for %s', async (_, next) => {
    const landed = await signInWithNext(next);
    expect(landed.origin).toBe(baseUrl);
    expect(landed.pathname).toBe('/');
  });
});
