import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/** The editor's parts: Monaco with TypeScript (app/_components/workspace/monaco-bundle.ts) and its two workers; `vim.js` is built on its own (VIM_ENTRY). */
const ENTRY_POINTS = {
  monaco: 'app/_components/workspace/monaco-bundle.ts',
  'editor.worker': 'monaco-editor/editor/editor.worker',
  'ts.worker': 'monaco-editor/languages/features/typescript/ts.worker',
};

/**
 * Editor contributions the workspace has no use for (a TypeScript file and a diff of it), left out
 * of the module that registers them all (`monaco-editor/internal/common/workers`, which the
 * TypeScript language imports): inline (AI) completions, CSS colour pickers, code lenses, GPU
 * rendering, sticky scroll, minimap section headers, HTML linked editing, diff breadcrumbs, the
 * floating menu and the token inspector. About a tenth of Monaco's code.
 */
const UNUSED_CONTRIBUTIONS = [
  'editor/contrib/inlineCompletions/browser/inlineCompletions.contribution.js',
  'editor/contrib/colorPicker/browser/colorPickerContribution.js',
  'editor/contrib/codelens/browser/codelensController.js',
  'editor/contrib/gpu/browser/gpuActions.js',
  'editor/contrib/stickyScroll/browser/stickyScrollContribution.js',
  'editor/contrib/sectionHeaders/browser/sectionHeaders.js',
  'editor/contrib/linkedEditing/browser/linkedEditing.js',
  'editor/contrib/diffEditorBreadcrumbs/browser/contribution.js',
  'editor/contrib/floatingMenu/browser/floatingMenu.contribution.js',
  'editor/standalone/browser/inspectTokens/inspectTokens.js',
];

const CONTRIBUTIONS_MODULE = /monaco-editor[\\/]esm[\\/]vs[\\/]internal[\\/]common[\\/]workers\.js$/;

/** Drops the unused contributions' imports; fails the build if one is no longer there (a new Monaco moved it). */
const leaveOutUnusedContributions: Plugin = {
  name: 'leave-out-unused-contributions',
  setup(builder) {
    builder.onLoad({ filter: CONTRIBUTIONS_MODULE }, (args) => {
      const lines = fs.readFileSync(args.path, 'utf8').split('\n');
      const isUnused = (line: string) => line.startsWith('import ') && UNUSED_CONTRIBUTIONS.some((file) => line.endsWith(`/${file}';`));
      const missing = UNUSED_CONTRIBUTIONS.filter((file) => !lines.some((line) => isUnused(line) && line.endsWith(`/${file}';`)));
      if (missing.length > 0) {
        return { errors: [{ text: `Monaco no longer imports ${missing.join(', ')} in ${args.path}: update UNUSED_CONTRIBUTIONS in lib/workspace/build-editor-assets.ts` }] };
      }
      return { contents: lines.filter((line) => !isUnused(line)).join('\n'), loader: 'js' };
    });
  },
};

/**
 * Vim keybindings, loaded only by a learner who turns them on: monaco-vim's ES module, with its
 * imports of Monaco pointed at the prebuilt `./monaco.js` (which exports what it uses), so both
 * share one Monaco. (Its package's `browser` build is a UMD script that expects a global Monaco.)
 */
const VIM_ENTRY = 'node_modules/monaco-vim/dist/index.mjs';

const useTheBuiltMonaco: Plugin = {
  name: 'use-the-built-monaco',
  setup(builder) {
    builder.onResolve({ filter: /^monaco-editor(\/|$)/ }, () => ({ path: './monaco.js', external: true }));
  },
};

const OPTIONS: BuildOptions = {
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  legalComments: 'none',
  loader: { '.ttf': 'file' },
  logLevel: 'error',
  plugins: [leaveOutUnusedContributions],
};

/** Each built file is also stored compressed, so the server sends it as is instead of compressing 4 MB per request. */
export const PRECOMPRESSED = [
  { encoding: 'br', extension: '.br' },
  { encoding: 'gzip', extension: '.gz' },
] as const;

function compress(file: string): void {
  const content = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }));
}

/**
 * The folder the editor's files are served from, e.g. `/editor/0.57.0-3f9a1c0b2d`: named after
 * the installed Monaco and everything that shapes the build, so a new build gets a new address and
 * the old files can be cached for a year.
 */
export function editorAssetsPath(projectDir: string): string {
  const version = (JSON.parse(fs.readFileSync(path.join(projectDir, 'node_modules', 'monaco-editor', 'package.json'), 'utf8')) as { version: string }).version;
  const hash = createHash('sha256')
    .update(JSON.stringify({ version, ENTRY_POINTS, VIM_ENTRY, OPTIONS: { ...OPTIONS, plugins: undefined }, UNUSED_CONTRIBUTIONS, PRECOMPRESSED }))
    .update(fs.readFileSync(path.join(projectDir, ENTRY_POINTS.monaco)))
    .update(fs.readFileSync(path.join(projectDir, VIM_ENTRY)))
    .digest('hex')
    .slice(0, 10);
  return `/editor/${version}-${hash}`;
}

/**
 * Builds Monaco and its workers into `public/<editorAssetsPath>` with esbuild, once per version,
 * with a brotli and a gzip copy of each file: the dev server and `next build` then serve them as
 * plain files and never compile Monaco themselves. Returns the path they are served under.
 */
export async function buildEditorAssets(projectDir: string): Promise<string> {
  const served = editorAssetsPath(projectDir);
  const outdir = path.join(projectDir, 'public', served);
  if (fs.existsSync(outdir)) return served;
  const temporary = `${outdir}.${process.pid}.tmp`;
  fs.rmSync(temporary, { recursive: true, force: true });
  await build({ ...OPTIONS, absWorkingDir: projectDir, entryPoints: ENTRY_POINTS, outdir: temporary });
  await build({ ...OPTIONS, absWorkingDir: projectDir, entryPoints: { vim: VIM_ENTRY }, outdir: temporary, plugins: [useTheBuiltMonaco] });
  for (const name of fs.readdirSync(temporary)) compress(path.join(temporary, name));
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
