import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          environment: 'node',
          // One PostgreSQL cluster for the run: the data layer and route suites also run on PostgreSQL.
          globalSetup: ['test/support/postgres-global-setup.ts'],
          // Much of the suite waits (on PostgreSQL, grader processes, pg-boss heartbeats) rather than
          // computes: three files at a time keep two cores busy (one at a time, as vitest's default
          // on two cores gives, left them idle most of the run).
          maxWorkers: 3,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One production server and one browser for the whole browser suite.
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // A page rendered on a busy machine can take seconds: polls wait as long as locators do.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
