'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { GradeMode } from '@/lib/grading/result';
import type { GradedSubmission } from './api-client';
import { Celebration } from './celebration';
import { CodeEditor, type EditorHandle } from './code-editor';
import { GradingPanel } from './grading-panel';
import { SplitPane } from './split-pane';
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
  /** The prompt, data, hints and solution: rendered on the server. */
  promptPane: ReactNode;
}

const noSubscription = () => () => {};

/** ⌘ on Apple devices, Ctrl elsewhere (Ctrl when rendered on the server). */
function useModifierLabel(): string {
  return useSyncExternalStore(
    noSubscription,
    () => (/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'),
    () => 'Ctrl',
  );
}

/** The exercise workspace: prompt beside the editor, Run and Submit, results. */
export function Workspace({ exercise, starter, promptPane }: Props) {
  const router = useRouter();
  const editorRef = useRef<EditorHandle | null>(null);
  const [celebrating, setCelebrating] = useState(false);
  const mod = useModifierLabel();
  const panelId = useId();

  const onGraded = useCallback(
    (mode: GradeMode, result: GradedSubmission) => {
      if (result.location) editorRef.current?.showProblem({ ...result.location, message: result.message ?? 'The grader found a problem here.' });
      if (result.firstSolve) {
        setCelebrating(true);
        router.refresh();
      }
    },
    [router],
  );

  const grading = useGrading(exercise.id, onGraded);
  const { grade } = grading;

  const start = useCallback(
    (mode: GradeMode) => {
      const code = editorRef.current?.getValue();
      if (code === undefined) return;
      void grade(mode, code);
    },
    [grade],
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

  const editorPane = (
    <section className="editor-pane" aria-label="Your solution">
      <div className="editor-toolbar">
        <div className="editor-file">
          <span className="file-name">solution.ts</span>
          <span className="muted exports-note">
            exports{' '}
            {exercise.exports.map((name, i) => (
              <span key={name}>
                {i > 0 && ', '}
                <code>{name}</code>
              </span>
            ))}
          </span>
        </div>
        <div className="toolbar-actions">
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
      <CodeEditor
        initialValue={starter}
        label={`Code editor: your solution to ${exercise.title}`}
        onChange={() => {}}
        onRun={() => start('run')}
        onSubmit={() => start('submit')}
        onReady={(handle) => {
          editorRef.current = handle;
        }}
      />
      <GradingPanel id={panelId} grading={grading} onGoToLine={(location) => editorRef.current?.showProblem({ ...location, message: grading.last?.result.message ?? '' })} />
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {celebrating && <Celebration onDone={() => setCelebrating(false)} />}
    </section>
  );

  return <SplitPane left={promptPane} right={editorPane} leftLabel="Task" />;
}
