'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EditorPreferences } from '@/lib/account/editor-preferences';
import { DARK_THEME, enableTypeScript, LIGHT_THEME, loadMonaco, loadVim, preloadMonaco, SOLUTION_URI, type Monaco } from './load-monaco';
import { useResolvedTheme } from './use-resolved-theme';

type StandaloneEditor = ReturnType<Monaco['editor']['create']>;
type TextModel = ReturnType<Monaco['editor']['createModel']>;

/** What the workspace can do with the editor, whichever one is showing. */
export interface EditorHandle {
  getValue(): string;
  /** Replaces the whole text as one undoable edit (Ctrl+Z brings the old text back). */
  replaceAll(code: string): void;
  /** Marks a problem the grader found and moves the cursor there. */
  showProblem(problem: { line: number; column: number; message: string }): void;
  clearProblems(): void;
  focus(): void;
}

interface Props {
  initialValue: string;
  label: string;
  /** Font size, word wrap and keybindings; a change applies at once, without re-creating the editor. */
  preferences: EditorPreferences;
  onChange(code: string): void;
  onRun(): void;
  onSubmit(): void;
  onReady(handle: EditorHandle): void;
}

const GRADER_MARKERS = 'grader';

/** The Monaco options that follow the learner's preferences. */
function preferredOptions({ fontSize, wordWrap }: Pick<EditorPreferences, 'fontSize' | 'wordWrap'>) {
  return { fontSize, lineHeight: Math.round(fontSize * 1.5), wordWrap: wordWrap ? ('on' as const) : ('off' as const) };
}

// Start fetching Monaco as soon as this module runs in the browser, before React hydrates.
if (typeof window !== 'undefined') void loadMonaco().catch(() => {});

/** Runs `task` when the browser has nothing else to do (at the latest after `timeout` ms). */
function whenIdle(task: () => void, timeout: number): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(task, { timeout });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(task, 200);
  return () => window.clearTimeout(id);
}

/** How long the learner has not typed before the editor counts as idle. */
const QUIET_MS = 1000;

/**
 * Runs `task` once, when the editor is idle: nothing typed for QUIET_MS (typing starts the wait
 * again) and then the browser idle. Returns what cancels it.
 */
function whenEditorIdle(model: TextModel, task: () => void): () => void {
  let cancelIdle = () => {};
  let timer = 0;
  const wait = () => {
    window.clearTimeout(timer);
    cancelIdle();
    timer = window.setTimeout(() => {
      typing.dispose();
      cancelIdle = whenIdle(task, 3000);
    }, QUIET_MS);
  };
  const typing = model.onDidChangeContent(wait);
  wait();
  return () => {
    typing.dispose();
    window.clearTimeout(timer);
    cancelIdle();
  };
}

/**
 * Monaco with TypeScript and the tfjs declarations, loaded after the page is interactive. Until
 * it arrives (or if it cannot load) a plain text area holds the code, so typing never waits.
 */
export function CodeEditor({ initialValue, label, preferences, onChange, onRun, onSubmit, onReady }: Props) {
  // In the server's HTML too: the browser starts fetching Monaco before the page's scripts run.
  preloadMonaco();
  const hostRef = useRef<HTMLDivElement>(null);
  const vimStatusRef = useRef<HTMLDivElement>(null);
  const fallbackRef = useRef<HTMLTextAreaElement>(null);
  const editorRef = useRef<StandaloneEditor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);
  const callbacks = useRef({ onChange, onRun, onSubmit, onReady });
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const theme = useResolvedTheme();
  const themeRef = useRef(theme);
  const preferencesRef = useRef(preferences);
  useLayoutEffect(() => {
    callbacks.current = { onChange, onRun, onSubmit, onReady };
    themeRef.current = theme;
    preferencesRef.current = preferences;
  });

  // The fallback text area is the editor until Monaco is ready.
  useEffect(() => {
    const fallback = fallbackRef.current!;
    callbacks.current.onReady({
      getValue: () => fallback.value,
      replaceAll: (code) => {
        fallback.value = code;
      },
      showProblem: ({ line }) => {
        const lines = fallback.value.split('\n');
        const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
        fallback.focus();
        fallback.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
      },
      clearProblems: () => {},
      focus: () => fallback.focus(),
    });
  }, []);

  useEffect(() => {
    let disposed = false;
    const disposables: { dispose(): void }[] = [];
    loadMonaco()
      .then((monaco) => {
        if (disposed || !hostRef.current) return;
        const fallback = fallbackRef.current!;
        const uri = monaco.Uri.parse(SOLUTION_URI);
        monaco.editor.getModel(uri)?.dispose();
        // Plain text first: the editor is editable at once, and the TypeScript worker (the largest
        // download) and the tfjs declarations load only when the editor is idle, when the model
        // becomes TypeScript.
        const model = monaco.editor.createModel(fallback.value, 'plaintext', uri);
        const editor = monaco.editor.create(hostRef.current, {
          model,
          theme: themeRef.current === 'dark' ? DARK_THEME : LIGHT_THEME,
          automaticLayout: true,
          minimap: { enabled: false },
          ...preferredOptions(preferencesRef.current),
          tabSize: 2,
          scrollBeyondLastLine: false,
          // A dimmed last line number fails contrast checks; show it like the others.
          renderFinalNewline: 'on',
          fixedOverflowWidgets: true,
          ariaLabel: `${label}. Press Alt+F1 for accessibility help; Ctrl+M toggles whether Tab moves focus.`,
          padding: { top: 10, bottom: 10 },
        });
        editorRef.current = editor;
        monacoRef.current = monaco;
        disposables.push(
          editor,
          model,
          model.onDidChangeContent(() => {
            monaco.editor.setModelMarkers(model, GRADER_MARKERS, []);
            callbacks.current.onChange(model.getValue());
          }),
        );
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => callbacks.current.onRun());
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => callbacks.current.onSubmit());
        const hadFocus = document.activeElement === fallback;
        callbacks.current.onReady({
          getValue: () => model.getValue(),
          replaceAll: (code) => {
            editor.pushUndoStop();
            editor.executeEdits('workspace', [{ range: model.getFullModelRange(), text: code }]);
            editor.pushUndoStop();
            editor.setPosition({ lineNumber: 1, column: 1 });
            editor.revealLine(1);
          },
          showProblem: ({ line, column, message }) => {
            const endColumn = Math.max(column + 1, model.getLineMaxColumn(Math.min(line, model.getLineCount())));
            monaco.editor.setModelMarkers(model, GRADER_MARKERS, [
              { severity: monaco.MarkerSeverity.Error, message, startLineNumber: line, startColumn: column, endLineNumber: line, endColumn },
            ]);
            editor.setPosition({ lineNumber: line, column });
            editor.revealLineInCenterIfOutsideViewport(line);
            editor.focus();
          },
          clearProblems: () => monaco.editor.setModelMarkers(model, GRADER_MARKERS, []),
          focus: () => editor.focus(),
        });
        setState('ready');
        performance.mark('editor:created');
        if (hadFocus) editor.focus();
        const cancelIdle = whenEditorIdle(model, () => {
          void enableTypeScript(monaco).then(() => {
            if (!disposed) monaco.editor.setModelLanguage(model, 'typescript');
          });
        });
        disposables.push({ dispose: cancelIdle });
      })
      .catch((error: unknown) => {
        console.error('The code editor could not load; the plain text area stays.', error);
        if (!disposed) setState('failed');
      });
    return () => {
      disposed = true;
      for (const item of disposables.reverse()) item.dispose();
      editorRef.current = null;
    };
  }, [label]);

  // The editor was created while its host was hidden: lay it out at its real size before the first
  // frame that shows it, so a click on it lands on the editor (and focuses it), not on a 0×0 box.
  useLayoutEffect(() => {
    if (state === 'ready') editorRef.current?.layout();
  }, [state]);

  useEffect(() => {
    monacoRef.current?.editor.setTheme(theme === 'dark' ? DARK_THEME : LIGHT_THEME);
  }, [theme]);

  const { fontSize, wordWrap, keybindings } = preferences;
  useEffect(() => {
    editorRef.current?.updateOptions(preferredOptions({ fontSize, wordWrap }));
  }, [fontSize, wordWrap]);

  const vimOn = state === 'ready' && keybindings === 'vim';
  useEffect(() => {
    if (!vimOn) return;
    let stopped = false;
    let mode: { dispose(): void } | undefined;
    loadVim()
      .then(({ initVimMode }) => {
        if (!stopped && editorRef.current) mode = initVimMode(editorRef.current, vimStatusRef.current);
      })
      .catch((error: unknown) => console.error('The vim keybindings could not load; the standard ones stay.', error));
    return () => {
      stopped = true;
      mode?.dispose();
    };
  }, [vimOn]);

  const onFallbackKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    if (event.shiftKey) onSubmit();
    else onRun();
  };

  return (
    <div className="code-editor" data-editor={state === 'ready' ? 'monaco' : 'plain'} data-state={state}>
      <textarea
        ref={fallbackRef}
        className="code-fallback"
        defaultValue={initialValue}
        aria-label={label}
        spellCheck={false}
        wrap={wordWrap ? 'soft' : 'off'}
        style={{ fontSize, lineHeight: `${preferredOptions({ fontSize, wordWrap }).lineHeight}px` }}
        autoCapitalize="off"
        autoComplete="off"
        hidden={state === 'ready'}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onFallbackKeyDown}
      />
      <div ref={hostRef} className="code-editor-host" hidden={state !== 'ready'} />
      <div ref={vimStatusRef} className="vim-status" hidden={!vimOn} aria-live="polite" aria-label="Vim mode" />
      {state === 'loading' && (
        <p className="code-editor-status" role="status">
          Loading the editor (type checking and tfjs completions)…
        </p>
      )}
      {state === 'failed' && (
        <p className="code-editor-status" role="status">
          The full editor could not load; you can still edit, run and submit here.
        </p>
      )}
    </div>
  );
}
