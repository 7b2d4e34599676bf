import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';

/** The editor's parts: Monaco with TypeScript (app/_components/workspace/monaco-bundle.ts) and its two workers. */
const ENTRY_POINTS = {
  monaco: 'app/_components/workspace/monaco-bundle.ts',
  'editor.worker': 'monaco-editor/editor/editor.worker',
  'ts.worker': 'monaco-editor/languages/features/typescript/ts.worker',
};

const OPTIONS: BuildOptions = {
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  legalComments: 'none',
  loader: { '.ttf': 'file' },
  logLevel: 'error',
};

/**
 * The folder the editor's files are served from, e.g. `/editor/0.57.0-3f9a1c0b2d`: named after
 * the installed Monaco and everything that shapes the build, so a new build gets a new address and
 * the old files can be cached for a year.
 */
export function editorAssetsPath(projectDir: string): string {
  const version = (JSON.parse(fs.readFileSync(path.join(projectDir, 'node_modules', 'monaco-editor', 'package.json'), 'utf8')) as { version: string }).version;
  const hash = createHash('sha256')
    .update(JSON.stringify({ version, ENTRY_POINTS, OPTIONS }))
    .update(fs.readFileSync(path.join(projectDir, ENTRY_POINTS.monaco)))
    .digest('hex')
    .slice(0, 10);
  return `/editor/${version}-${hash}`;
}

/**
 * Builds Monaco and its workers into `public/<editorAssetsPath>` with esbuild, once per version:
 * the dev server and `next build` then serve them as plain files and never compile Monaco
 * themselves. Returns the path they are served under.
 */
export function buildEditorAssets(projectDir: string): string {
  const served = editorAssetsPath(projectDir);
  const outdir = path.join(projectDir, 'public', served);
  if (fs.existsSync(outdir)) return served;
  const temporary = `${outdir}.${process.pid}.tmp`;
  fs.rmSync(temporary, { recursive: true, force: true });
  buildSync({ ...OPTIONS, absWorkingDir: projectDir, entryPoints: ENTRY_POINTS, outdir: temporary });
  try {
    fs.renameSync(temporary, outdir);
  } catch (error) {
    // Another process (a build worker) finished the same build first.
    fs.rmSync(temporary, { recursive: true, force: true });
    if (!fs.existsSync(outdir)) throw error;
  }
  // Builds of earlier versions are no longer served.
  const parent = path.dirname(outdir);
  for (const name of fs.readdirSync(parent)) {
    if (name !== path.basename(outdir) && !name.endsWith('.tmp')) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  return served;
}
