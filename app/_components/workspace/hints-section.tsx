'use client';

import { useState } from 'react';
import { requestJson, RequestError } from './api-client';
import { renderInlineCode } from './results-view';

/** Hints, revealed one at a time on request (each reveal is recorded for this user). */
export function HintsSection({ exerciseId, initial, total }: { exerciseId: string; initial: string[]; total: number }) {
  const [hints, setHints] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reveal = async () => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const reply = await requestJson<{ hints: string[] }>(`/api/exercises/${exerciseId}/hints`, { method: 'POST' });
      setHints(reply.hints);
      window.setTimeout(() => document.getElementById(`hint-${reply.hints.length}`)?.focus(), 0);
    } catch (e) {
      setError(e instanceof RequestError ? e.message : 'The hint could not be loaded; try again.');
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="panel hints" aria-labelledby="hints-title">
      <h2 id="hints-title" className="panel-title">
        Hints <span className="muted hint-count">{hints.length} of {total} shown</span>
      </h2>
      {hints.length > 0 && (
        <ol className="hint-list">
          {hints.map((hint, i) => (
            <li key={i} id={`hint-${i + 1}`} tabIndex={-1} className="hint-text">
              {renderInlineCode(hint)}
            </li>
          ))}
        </ol>
      )}
      {hints.length < total ? (
        <button type="button" className="button button-secondary button-small" onClick={reveal} aria-disabled={pending}>
          {hints.length === 0 ? 'Show the first hint' : `Show hint ${hints.length + 1} of ${total}`}
        </button>
      ) : (
        <p className="muted">That was the last hint.</p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
