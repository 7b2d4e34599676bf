'use client';

import { useId, useState } from 'react';
import type { ConsoleResult } from '@/lib/grading/run-console-call';
import { ConsoleOutput, formatMs } from './results-view';
import type { ConsoleEntry, useConsole } from './use-console';

const STATUS_TEXT: Record<ConsoleResult['status'], string> = { ok: 'Returned', error: 'Error', timeout: 'Timed out', memory: 'Out of memory' };

interface Props {
  console: ReturnType<typeof useConsole>;
  exports: string[];
  /** The editor's code now; undefined while the editor is not ready. */
  getCode(): string | undefined;
  onGoToLine(location: { line: number; column: number }, message: string): void;
}

function ResultBody({ result, onGoToLine }: { result: ConsoleResult; onGoToLine: Props['onGoToLine'] }) {
  return (
    <>
      {result.value !== undefined && (
        <div className="console-value">
          <div className="test-output-label">Value</div>
          <pre>{result.value}</pre>
          {result.valueTruncated && <p className="truncation-note">The value was cut: only its start is shown.</p>}
        </div>
      )}
      {result.message && (
        <div className="result-message">
          <pre>{result.message}</pre>
          {result.location && (
            <button type="button" className="button button-small" onClick={() => onGoToLine(result.location!, result.message ?? '')}>
              Go to line {result.location.line}
            </button>
          )}
        </div>
      )}
      {result.tensorsLeaked > 0 && (
        <p className="test-leak">
          {result.tensorsLeaked} {result.tensorsLeaked === 1 ? 'tensor was' : 'tensors were'} left undisposed.
        </p>
      )}
      {result.output && <ConsoleOutput output={result.output} />}
    </>
  );
}

function Entry({ entry, onGoToLine }: { entry: ConsoleEntry; onGoToLine: Props['onGoToLine'] }) {
  const { outcome } = entry;
  const status = outcome.kind === 'result' ? outcome.result.status : 'error';
  return (
    <li className="console-entry" data-status={status}>
      <div className="console-entry-head">
        <code className="console-expression">{entry.expression}</code>
        <span className="test-meta">
          <span className="console-badge" data-status={status === 'ok' ? 'pass' : status}>
            {outcome.kind === 'result' ? STATUS_TEXT[status] : 'No result'}
          </span>
          {outcome.kind === 'result' && <span>{formatMs(outcome.result.durationMs)}</span>}
        </span>
      </div>
      {outcome.kind === 'result' ? (
        <ResultBody result={outcome.result} onGoToLine={onGoToLine} />
      ) : (
        <p className="request-error" role="alert">
          {outcome.message} Your code is still here, unchanged.
        </p>
      )}
    </li>
  );
}

/**
 * The console: the learner types one expression (usually a call of their exports with their own
 * arguments); it runs with the editor's code in the grader's sandbox, under the exercise's limits,
 * and the value, console output or error appear below, newest first. Nothing is graded or stored.
 */
export function ConsolePanel({ console: calls, exports, getCode, onGoToLine }: Props) {
  const [expression, setExpression] = useState('');
  const inputId = useId();
  const helpId = useId();
  const example = `${exports[0] ?? 'myFunction'}(…)`;

  const submit = () => {
    const code = getCode();
    const text = expression.trim();
    if (code === undefined || text === '' || calls.pending !== null) return;
    void calls.call(text, code);
  };

  return (
    <div className="console-panel" aria-busy={calls.pending !== null}>
      <form
        className="console-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label htmlFor={inputId} className="console-label">
          Call your code
        </label>
        <p id={helpId} className="muted console-help">
          One TypeScript expression, run after the editor’s code in the grader’s sandbox (same limits as Run; nothing is graded or saved). Your
          functions and <code>tf</code> are in scope, e.g. <code>{example}</code>. Enter runs it, Shift+Enter adds a line.
        </p>
        <div className="console-input-row">
          <textarea
            id={inputId}
            className="console-input"
            rows={2}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            aria-describedby={helpId}
            placeholder={example}
            value={expression}
            onChange={(event) => setExpression(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
              // Ctrl/⌘+Enter is Run everywhere in the workspace; plain Enter is the console's own.
              if (event.ctrlKey || event.metaKey) return;
              event.preventDefault();
              submit();
            }}
          />
          <button type="submit" className="button button-secondary" aria-disabled={calls.pending !== null || expression.trim() === ''}>
            Call
          </button>
        </div>
      </form>
      {calls.pending !== null && (
        <div className="grading-progress">
          <span className="spinner" aria-hidden="true" />
          <span>
            Running <code>{calls.pending}</code>…
          </span>
        </div>
      )}
      {calls.entries.length > 0 ? (
        <>
          <ol className="console-entries" aria-label="Console calls, newest first">
            {calls.entries.map((entry) => (
              <Entry key={entry.id} entry={entry} onGoToLine={onGoToLine} />
            ))}
          </ol>
          <button type="button" className="button button-quiet button-small" onClick={calls.clear}>
            Clear the console
          </button>
        </>
      ) : (
        calls.pending === null && <p className="results-empty">Calls you make appear here with their value, console output and errors.</p>
      )}
    </div>
  );
}
