'use client';

import { useEffect, useState } from 'react';
import type { StoredSubmission, SubmissionSummary } from '@/lib/submissions/stored-submission';
import { requestJson, RequestError } from './api-client';
import { DiffDialog } from './diff-dialog';
import { DiffView } from './diff-view';
import { ResultsView } from './results-view';
import { STATUS_LABEL } from './verdict';

function when(iso: string): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

interface Props {
  exerciseId: string;
  /** Changes after every grading, so the list reloads. */
  version: number;
  getCurrentCode(): string;
  onRestore(code: string): void;
}

/** Every attempt at this exercise, newest first; open one to see its code and results, diff it, restore it. */
export function HistoryPanel({ exerciseId, version, getCurrentCode, onRestore }: Props) {
  const [list, setList] = useState<SubmissionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<StoredSubmission | null>(null);
  const [comparing, setComparing] = useState(false);
  const [large, setLarge] = useState(false);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    let cancelled = false;
    requestJson<{ submissions: SubmissionSummary[] }>(`/api/exercises/${exerciseId}/submissions`)
      .then((reply) => !cancelled && (setList(reply.submissions), setError(null)))
      .catch((e: unknown) => !cancelled && setError(e instanceof RequestError ? e.message : 'The history could not be loaded.'));
    return () => {
      cancelled = true;
    };
  }, [exerciseId, version]);

  const openOne = async (id: string) => {
    try {
      const reply = await requestJson<{ submission: StoredSubmission }>(`/api/exercises/${exerciseId}/submissions/${id}`);
      setOpen(reply.submission);
      setComparing(false);
      setLarge(false);
      setRestored(false);
    } catch (e) {
      setError(e instanceof RequestError ? e.message : 'That attempt could not be loaded.');
    }
  };

  if (open) {
    return (
      <div className="history-detail">
        <div className="history-detail-head">
          <button type="button" className="button button-quiet button-small" onClick={() => setOpen(null)}>
            ← All attempts
          </button>
          <span className="history-detail-title">
            {open.mode === 'run' ? 'Run' : 'Submit'} · {STATUS_LABEL[open.result.status]} · {when(open.createdAt)}
          </span>
          <span className="toolbar-actions">
            <button type="button" className="button button-secondary button-small" aria-pressed={comparing} onClick={() => setComparing(!comparing)}>
              {comparing ? 'Hide comparison' : 'Compare with the editor'}
            </button>
            <button type="button" className="button button-secondary button-small" aria-haspopup="dialog" onClick={() => setLarge(true)}>
              Compare large
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                onRestore(open.code);
                setRestored(true);
              }}
            >
              Restore into the editor
            </button>
          </span>
        </div>
        {restored && (
          <p className="notice-inline" role="status">
            Restored into the editor. Undo (Ctrl+Z in the editor) brings back what you had.
          </p>
        )}
        {comparing ? (
          <DiffView original={open.code} currentCode={getCurrentCode} label="Differences between this attempt and the editor" />
        ) : (
          <pre className="history-code" tabIndex={0} aria-label="Code of this attempt">
            <code>{open.code}</code>
          </pre>
        )}
        <ResultsView result={open.result} mode={open.mode} />
        <DiffDialog open={large} original={open.code} currentCode={getCurrentCode} onClose={() => setLarge(false)} />
      </div>
    );
  }

  if (error) return <p className="inline-error" role="alert">{error}</p>;
  if (!list) return <p className="muted">Loading your attempts…</p>;
  if (list.length === 0) return <p className="results-empty">No attempts yet. Every Run and Submit is kept here with its code.</p>;
  return (
    <ol className="history-list" aria-label="Your attempts, newest first">
      {list.map((item) => (
        <li key={item.id}>
          <button type="button" className="history-item" onClick={() => void openOne(item.id)}>
            <span className="verdict-badge" data-status={item.status}>
              {STATUS_LABEL[item.status]}
            </span>
            <span className="history-mode">{item.mode === 'run' ? 'Run' : 'Submit'}</span>
            <span className="history-tests">
              {item.total > 0 ? `${item.passed}/${item.total} tests` : 'no test ran'}
            </span>
            <time className="history-time" dateTime={item.createdAt}>
              {when(item.createdAt)}
            </time>
          </button>
        </li>
      ))}
    </ol>
  );
}
