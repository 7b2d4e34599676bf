'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { EditorPreferences } from '@/lib/account/editor-preferences';
import type { GradeMode } from '@/lib/grading/result';
import { useEditorPreferences } from '../editor-preferences/use-editor-preferences';
import { useClientValue } from '../use-client-value';
import type { GradedSubmission } from './api-client';
import { CodeEditor, type EditorHandle } from './code-editor';
import { EditorAndResults } from './editor-and-results';
import { EditorSettingsMenu } from './editor-settings-menu';
import { ConfirmDialog } from './confirm-dialog';
import { ConsolePanel } from './console-panel';
import { GradingPanel } from './grading-panel';
import { HistoryPanel } from './history-panel';
import type { NextStepView } from './next-step';
import { SaveStatus } from './save-status';
import { SplitPane } from './split-pane';
import { useDraftAutosave } from './use-draft-autosave';
import { useConsole } from './use-console';
import { useGrading } from './use-grading';
import { summarizeResult } from './verdict';

export interface WorkspaceExercise {
  id: string;
  title: string;
  exports: string[];
}

interface Props {
  exercise: WorkspaceExercise;
  starter: string;
  /** The user's saved draft, if any: the editor starts from it. */
  draft: { code: string; version: number; updatedAt: string } | null;
  /** The prompt, data, hints and solution: rendered on the server. */
  promptPane: ReactNode;
  /** The user's font size, word wrap and keybindings (lib/account/editor-preferences.ts). */
  editorPreferences: EditorPreferences;
  /**
   * Inside a mock interview: drafts, grading and the console go to the mock's own endpoints, the history of
   * earlier attempts is not shown, and the mock can save the draft before it switches exercise or ends.
   */
  mock?: { interviewId: string; registerSave: (save: () => Promise<void>) => void };
  /** Once solved: the next exercise, the track and the review day, shown after a passing submit (never in a mock). */
  nextStep?: NextStepView | null;
}

/** ⌘ on Apple devices, Ctrl elsewhere (Ctrl when rendered on the server). */
function useModifierLabel(): string {
  return useClientValue(() => (/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'), 'Ctrl');
}

type Tab = 'results' | 'console' | 'history';

const TAB_LABEL: Record<Tab, string> = { results: 'Results', console: 'Console', history: 'History' };

/** The exercise workspace: prompt beside the editor; autosaved drafts; Run and Submit; results, the console and history. */
export function Workspace({ exercise, starter, draft, promptPane, editorPreferences, mock, nextStep = null }: Props) {
  const router = useRouter();
  const editorRef = useRef<EditorHandle | null>(null);
  const [celebrating, setCelebrating] = useState(false);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [tab, setTab] = useState<Tab>('results');
  const [gradedCount, setGradedCount] = useState(0);
  const mod = useModifierLabel();
  const preferences = useEditorPreferences(editorPreferences);

  const getCode = useCallback(() => editorRef.current?.getValue(), []);
  const replaceCode = useCallback((code: string) => editorRef.current?.replaceAll(code), []);
  const mockBase = mock && `/api/interviews/${mock.interviewId}`;
  const autosave = useDraftAutosave(
    exercise.id,
    { version: draft?.version ?? 0, updatedAt: draft?.updatedAt ?? null },
    getCode,
    replaceCode,
    mockBase && `${mockBase}/exercises/${exercise.id}/draft`,
  );
  const registerSave = mock?.registerSave;
  useEffect(() => registerSave?.(autosave.saveNow), [registerSave, autosave.saveNow]);
  const tabs: Tab[] = mock ? ['results', 'console'] : ['results', 'console', 'history'];

  const onGraded = useCallback(
    (_mode: GradeMode, result: GradedSubmission) => {
      setGradedCount((n) => n + 1);
      setTab('results');
      if (result.location) editorRef.current?.showProblem({ ...result.location, message: result.message ?? 'The grader found a problem here.' });
      if (result.firstSolve) {
        setCelebrating(true);
        // Renders the page again as solved: the solution opens and the next step arrives.
        router.refresh();
      }
    },
    [router],
  );

  const grading = useGrading(exercise.id, onGraded, mockBase && `${mockBase}/submissions`);
  const { grade } = grading;
  const consoleCalls = useConsole(exercise.id, mockBase && `${mockBase}/console`);

  const start = useCallback(
    (mode: GradeMode, testId?: string) => {
      const code = editorRef.current?.getValue();
      if (code === undefined) return;
      setTab('results');
      setCelebrating(false);
      void autosave.saveNow();
      void grade(mode, code, testId);
    },
    [autosave, grade],
  );

  // Shortcuts anywhere on the page; inside Monaco the editor's own commands handle them first.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      start(event.shiftKey ? 'submit' : 'run');
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [start]);

  const busy = grading.pending !== null;
  // What screen readers hear: grading started, its verdict, or why there is none.
  const announcement = grading.pending
    ? grading.pending.mode === 'run'
      ? 'Running the visible tests…'
      : 'Submitting: running all tests…'
    : grading.error
      ? `No result: ${grading.error.message}`
      : grading.last
        ? summarizeResult(grading.last.result, grading.last.mode)
        : '';

  const onTabKey = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const step = event.key === 'ArrowRight' ? 1 : tabs.length - 1;
    const next = tabs[(tabs.indexOf(tab) + step) % tabs.length]!;
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  const editor = (
    <CodeEditor
      initialValue={draft?.code ?? starter}
      label={`Code editor: your solution to ${exercise.title}`}
      preferences={preferences.preferences}
      onChange={autosave.onEdit}
      onRun={() => start('run')}
      onSubmit={() => start('submit')}
      onReady={(handle) => {
        editorRef.current = handle;
      }}
    />
  );

  const resultsPanel = (
    <div className="bottom-panel">
      <div className="tabs" role="tablist" aria-label="Results, console and history">
        {tabs.map((name) => (
          <button
            key={name}
            id={`tab-${name}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={onTabKey}
          >
            {TAB_LABEL[name]}
          </button>
        ))}
      </div>
      <div id="panel-results" role="tabpanel" aria-labelledby="tab-results" hidden={tab !== 'results'} className="tab-panel" tabIndex={0}>
        <GradingPanel
          grading={grading}
          celebrating={celebrating}
          nextStep={nextStep}
          onRerunTest={(testId) => start('run', testId)}
          onGoToLine={(location) => editorRef.current?.showProblem({ ...location, message: grading.last?.result.message ?? '' })} />
      </div>
      <div id="panel-console" role="tabpanel" aria-labelledby="tab-console" hidden={tab !== 'console'} className="tab-panel">
        <ConsolePanel
          console={consoleCalls}
          exports={exercise.exports}
          getCode={getCode}
          onGoToLine={(location, message) => editorRef.current?.showProblem({ ...location, message })}
        />
      </div>
      <div id="panel-history" role="tabpanel" aria-labelledby="tab-history" hidden={tab !== 'history'} className="tab-panel" tabIndex={0}>
        {tab === 'history' && !mock && (
          <HistoryPanel
            exerciseId={exercise.id}
            version={gradedCount}
            getCurrentCode={() => editorRef.current?.getValue() ?? ''}
            onRestore={(code) => {
              editorRef.current?.replaceAll(code);
              editorRef.current?.focus();
            }}
          />
        )}
      </div>
    </div>
  );

  const editorPane = (
    <section className="editor-pane" aria-label="Your solution">
      <div className="editor-toolbar">
        <div className="editor-file">
          <span className="file-name">solution.ts</span>
          <SaveStatus state={autosave.state} />
        </div>
        <div className="toolbar-actions">
          <EditorSettingsMenu preferences={preferences.preferences} save={preferences.save} onChange={preferences.change} />
          <button type="button" className="button button-quiet button-small" onClick={() => setConfirmingReset(true)}>
            Reset to starter
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => start('run')}
            aria-disabled={busy}
            aria-keyshortcuts="Control+Enter Meta+Enter"
            title={`Run the visible tests (${mod}+Enter)`}
          >
            Run <kbd>{mod}+↵</kbd>
          </button>
          <button
            type="button"
            className="button"
            onClick={() => start('submit')}
            aria-disabled={busy}
            aria-keyshortcuts="Control+Shift+Enter Meta+Shift+Enter"
            title={`Submit: run all tests, hidden ones too (${mod}+Shift+Enter)`}
          >
            Submit <kbd>{mod}+⇧+↵</kbd>
          </button>
        </div>
      </div>
      <p className="exports-note muted">
        Export{' '}
        {exercise.exports.map((name, i) => (
          <span key={name}>
            {i > 0 && ', '}
            <code>{name}</code>
          </span>
        ))}
        . You may import only <code>@tensorflow/tfjs</code>.
      </p>
      {autosave.state.kind === 'conflict' && (
        <div className="conflict" role="alert">
          <p>
            <strong>This draft was saved from another tab or window</strong> after you opened it. Your changes here are not saved yet.
          </p>
          <div className="button-row">
            <button type="button" className="button button-small" onClick={autosave.takeNewer}>
              Load the newer draft
            </button>
            <button type="button" className="button button-secondary button-small" onClick={autosave.keepMine}>
              Keep mine and save it
            </button>
          </div>
        </div>
      )}
      <EditorAndResults editor={editor} results={resultsPanel} />
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <ConfirmDialog
        open={confirmingReset}
        title="Reset to the starter code?"
        confirmLabel="Reset"
        danger
        onCancel={() => setConfirmingReset(false)}
        onConfirm={() => {
          setConfirmingReset(false);
          editorRef.current?.replaceAll(starter);
          editorRef.current?.focus();
        }}
      >
        <p>Your code in the editor is replaced by the starter. Your submissions stay in History, and Undo in the editor brings the code back.</p>
      </ConfirmDialog>
    </section>
  );

  return <SplitPane left={promptPane} right={editorPane} leftLabel="Task" />;
}
