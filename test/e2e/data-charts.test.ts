import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PublicExercise } from '@/lib/exercises/catalog';
import { parseCsv } from '@/lib/exercises/parse-csv';
import { describeViolations, isSerious, runAxe } from './axe';
import { horizontalOverflow, launchBrowser, openPage, saveScreenshot, VIEWPORTS } from './browser';
import { fetchCatalog } from './public-catalog';

const baseUrl = inject('baseUrl');
let browser: Browser;
/** An exercise with a CSV file that has both a numeric and a text column. */
let target: { exercise: PublicExercise; file: string; rows: Record<string, unknown>[]; numeric: string; category: string };

function pickTarget(catalog: PublicExercise[]): typeof target {
  for (const exercise of catalog) {
    for (const file of exercise.dataFiles.map((f) => f.name).filter((name) => name.endsWith('.csv'))) {
      const rows = parseCsv(fs.readFileSync(path.resolve('exercises', exercise.track, exercise.slug, 'data', file), 'utf8'));
      const columns = Object.keys(rows[0] ?? {});
      const values = (c: string) => rows.map((row) => row[c]).filter((v) => v !== null);
      const numeric = columns.find((c) => values(c).length > 0 && values(c).every((v) => typeof v === 'number') && new Set(values(c)).size > 1);
      const category = columns.find((c) => values(c).every((v) => typeof v === 'string') && new Set(values(c)).size <= 8);
      if (numeric && category) return { exercise, file, rows, numeric, category };
    }
  }
  throw new Error('The data-chart journey needs an exercise with a CSV holding a numeric and a few-valued text column.');
}

beforeAll(async () => {
  browser = await launchBrowser();
  target = pickTarget(await fetchCatalog(baseUrl));
});
afterAll(async () => {
  await browser?.close();
});

describe('data previews draw each column', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`shows a histogram per numeric column and bars per category, counted over the whole file (${name})`, async () => {
      const { context, page } = await openPage(browser, { viewport });
      await page.goto(`${baseUrl}${target.exercise.url}`);
      const charts = page.getByRole('list', { name: `Charts of the columns of ${target.file}` });
      await charts.waitFor();

      // The histogram's bars add up to the file's rows that have a value.
      const histogram = charts.locator(`li[data-column="${target.numeric}"][data-kind="histogram"]`);
      const svg = histogram.getByRole('img');
      expect(await svg.getAttribute('aria-label')).toMatch(new RegExp(`^Histogram of ${target.numeric}: \\d+ bins from`));
      const titles = await svg.locator('rect title').allTextContents();
      const counted = titles.reduce((sum, title) => sum + Number(/: ([\d,]+) rows?$/.exec(title)![1]!.replace(/,/g, '')), 0);
      expect(counted).toBe(target.rows.filter((row) => row[target.numeric] !== null).length);

      // The category bars give each value's count.
      const bars = charts.locator(`li[data-column="${target.category}"][data-kind="categories"] .category-bars li`);
      const expected = new Map<string, number>();
      for (const row of target.rows) {
        const value = row[target.category];
        if (typeof value === 'string') expected.set(value, (expected.get(value) ?? 0) + 1);
      }
      expect(await bars.count()).toBe(expected.size);
      for (const bar of await bars.all()) {
        const label = await bar.locator('.category-label').innerText();
        expect(Number((await bar.locator('.category-count').innerText()).replace(/,/g, '')), label).toBe(expected.get(label));
      }

      expect(await horizontalOverflow(page)).toBe(0);
      await charts.scrollIntoViewIfNeeded();
      await saveScreenshot(page, `data-charts-${name}`);
      const serious = (await runAxe(page)).filter(isSerious);
      expect(describeViolations(serious), 'axe found serious or critical violations').toBe('');
      await context.close();
    });
  }
});
