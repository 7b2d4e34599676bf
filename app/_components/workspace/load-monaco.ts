'use client';

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

function configure(monaco: Monaco, types: TypeLibBundle | undefined): void {
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

  monaco.editor.defineTheme(LIGHT_THEME, {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#6b7280', 'editorLineNumber.activeForeground': '#161a21' },
  });
  monaco.editor.defineTheme(DARK_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#12161d', 'editorLineNumber.foreground': '#8b93a1', 'editorLineNumber.activeForeground': '#e8eaef' },
  });
}

/**
 * Monaco and its workers, from the installed package (bundled with the app, never a CDN),
 * loaded once on first use; the tfjs declarations arrive in parallel.
 */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    window.MonacoEnvironment = {
      getWorker(_workerId: string, label: string): Worker {
        if (label === 'typescript' || label === 'javascript') {
          return new Worker(new URL('monaco-editor/languages/features/typescript/ts.worker', import.meta.url), { type: 'module', name: label });
        }
        return new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), { type: 'module', name: label });
      },
    };
    const [monaco, types] = await Promise.all([import('./monaco-bundle'), fetchTypes()]);
    configure(monaco, types);
    return monaco;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
