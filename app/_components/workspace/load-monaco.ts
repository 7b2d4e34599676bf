'use client';

import { preload, preloadModule } from 'react-dom';
import type { TypeLibBundle } from '@/lib/workspace/collect-type-libs';

export type Monaco = typeof import('./monaco-bundle');

/** Where the editor's TypeScript service finds the learner's file. */
export const SOLUTION_URI = 'file:///workspace/solution.ts';
export const LIGHT_THEME = 'studio-light';
export const DARK_THEME = 'studio-dark';

/**
 * What the sandbox gives a submission besides tfjs: a console and timers. The editor's
 * TypeScript service sees the same globals (plus the DOM types tfjs's own declarations use).
 */
const SANDBOX_GLOBALS = `
/** The grader captures console output per test (capped; a note says when it was cut). */
declare const console: { log(...data: unknown[]): void; info(...data: unknown[]): void; warn(...data: unknown[]): void; error(...data: unknown[]): void; debug(...data: unknown[]): void };
`;

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

let loading: Promise<Monaco> | undefined;

async function fetchTypes(): Promise<TypeLibBundle | undefined> {
  try {
    const response = await fetch('/api/editor/types');
    return response.ok ? ((await response.json()) as TypeLibBundle) : undefined;
  } catch {
    return undefined;
  }
}

function configureTypeScript(monaco: Monaco, types: TypeLibBundle | undefined): void {
  const ts = monaco.typescriptDefaults;
  ts.setCompilerOptions({
    target: monaco.ScriptTarget.ES2020,
    module: monaco.ModuleKind.ESNext,
    moduleResolution: monaco.ModuleResolutionKind.NodeJs,
    lib: ['es2022', 'dom'],
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    allowNonTsExtensions: true,
    skipLibCheck: true,
  });
  ts.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  ts.setEagerModelSync(true);
  const libs = (types?.libs ?? []).map((lib) => ({ content: lib.content, filePath: lib.path }));
  libs.push({ content: SANDBOX_GLOBALS, filePath: 'file:///workspace/sandbox-globals.d.ts' });
  ts.setExtraLibs(libs);
}

function defineThemes(monaco: Monaco): void {
  monaco.editor.defineTheme(LIGHT_THEME, {
    base: 'vs',
    inherit: true,
    // Comments a shade darker than vs's green, and the diff's changed-text tint lighter, so text
    // on a diff's added or removed lines keeps a 4.5:1 contrast.
    rules: [{ token: 'comment', foreground: '2f6b1f' }],
    colors: {
      'editor.background': '#ffffff',
      'editorLineNumber.foreground': '#6b7280',
      'editorLineNumber.activeForeground': '#161a21',
      'diffEditor.insertedTextBackground': '#9ccc2c1a',
      'diffEditor.removedTextBackground': '#ff00001a',
    },
  });
  monaco.editor.defineTheme(DARK_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#12161d', 'editorLineNumber.foreground': '#8b93a1', 'editorLineNumber.activeForeground': '#e8eaef' },
  });
}

/** Where Monaco's prebuilt files are served (next.config.ts sets it at build time). */
const ASSETS = process.env.NEXT_PUBLIC_EDITOR_ASSETS ?? '/editor';

function addStylesheet(href: string): void {
  if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

/**
 * Asks the browser to fetch Monaco's files into its cache (they are cached for a year) without
 * running them. Called while the exercise page renders, so its HTML names them in its head and
 * they download alongside the page's own scripts, and when an exercise link is hovered or focused.
 */
export function preloadMonaco(): void {
  preloadModule(`${ASSETS}/monaco.js`);
  preload(`${ASSETS}/monaco.css`, { as: 'style' });
}

/**
 * Monaco and its workers, prebuilt from the installed package into static files of this site
 * (never a CDN, never compiled by the app's bundler), loaded once on first use. The tfjs
 * declarations, which only the TypeScript worker needs, are fetched by `enableTypeScript`.
 */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    window.MonacoEnvironment = {
      getWorker(_workerId: string, label: string): Worker {
        const file = label === 'typescript' || label === 'javascript' ? 'ts.worker.js' : 'editor.worker.js';
        return new Worker(`${ASSETS}/${file}`, { type: 'module', name: label });
      },
    };
    addStylesheet(`${ASSETS}/monaco.css`);
    performance.mark('editor:monaco-requested');
    const monaco = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${ASSETS}/monaco.js`)) as Monaco;
    performance.mark('editor:monaco-loaded');
    defineThemes(monaco);
    return monaco;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

let typescript: Promise<void> | undefined;

/**
 * Sets up the TypeScript service (compiler options, the tfjs declarations) once. Its worker
 * starts with the first TypeScript model, which the editor creates only when the browser is idle.
 */
export function enableTypeScript(monaco: Monaco): Promise<void> {
  typescript ??= fetchTypes().then((types) => configureTypeScript(monaco, types));
  return typescript;
}

export type VimKeybindings = typeof import('monaco-vim');

let vim: Promise<VimKeybindings> | undefined;

/** Vim keybindings (monaco-vim, prebuilt as `vim.js` beside `monaco.js`, whose Monaco it uses), loaded once a learner turns them on. */
export function loadVim(): Promise<VimKeybindings> {
  vim ??= import(/* webpackIgnore: true */ /* turbopackIgnore: true */ `${ASSETS}/vim.js`) as Promise<VimKeybindings>;
  vim.catch(() => {
    vim = undefined;
  });
  return vim;
}
