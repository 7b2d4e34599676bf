import fs from 'node:fs';
import path from 'node:path';
import { useTempProject } from './use-temp-project';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURE_EXERCISE_ID = '0b6f3c0e-3f7c-4a55-9a55-0d5c7f0a2b11';
const FIXTURE_EXERCISE = path.join(REPO_ROOT, 'test', 'fixtures', 'catalog', 'feature-engineering', 'double-the-values');

/**
 * A temporary project (see useTempProject) that can grade: it links the real lib/, node_modules/,
 * tsconfig.json and package.json, and holds the fixture exercise "double-the-values".
 */
export function useGradingProject(): { root: string; cleanup: () => void; readFixture: (file: string) => string } {
  const project = useTempProject();
  for (const name of ['lib', 'node_modules', 'tsconfig.json', 'package.json']) {
    fs.symlinkSync(path.join(REPO_ROOT, name), path.join(project.root, name));
  }
  const target = path.join(project.root, 'exercises', 'feature-engineering', 'double-the-values');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(FIXTURE_EXERCISE, target, { recursive: true });
  return { ...project, readFixture: (file) => fs.readFileSync(path.join(FIXTURE_EXERCISE, file), 'utf8') };
}
