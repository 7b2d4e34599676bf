import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Makes the code under test see a temporary project folder: `process.cwd()` points at it (so the
 * catalog reads `<tmp>/exercises`), `db/migrations` and `db/pg-migrations` link to the real migrations, and
 * DATABASE_PATH is a fresh file in it. Call before importing app or db code (use dynamic
 * imports after `vi.resetModules()`), and call the returned cleanup afterwards.
 */
export function useTempProject(
  options: { databasePath?: (root: string) => string } = {},
): { root: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mps-test-'));
  fs.mkdirSync(path.join(root, 'exercises'));
  fs.mkdirSync(path.join(root, 'db'));
  for (const folder of ['migrations', 'pg-migrations']) fs.symlinkSync(path.join(REPO_ROOT, 'db', folder), path.join(root, 'db', folder));
  vi.spyOn(process, 'cwd').mockReturnValue(root);
  vi.stubEnv('DATABASE_PATH', options.databasePath?.(root) ?? path.join(root, 'data', 'test.db'));
  vi.resetModules();
  return {
    root,
    cleanup: () => {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
