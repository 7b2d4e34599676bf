'use client';

import { useState, type ReactNode } from 'react';

/**
 * The "Start here" box and its close button. Closing hides it at once and records it for this user
 * (`POST /api/start-here/dismissal`), so it stays closed on every later visit and browser.
 */
export function StartHereFrame({ children }: { children: ReactNode }) {
  const [closed, setClosed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (closed) return null;

  const close = async () => {
    setError(null);
    const response = await fetch('/api/start-here/dismissal', { method: 'POST' }).catch(() => null);
    if (response?.ok) setClosed(true);
    else setError('Could not save that you closed this (the server did not answer). Try again.');
  };

  return (
    <section className="panel start-here" aria-labelledby="start-here-title" data-testid="start-here">
      {children}
      <div className="start-actions">
        <button type="button" className="button button-secondary" onClick={close}>
          Got it, hide this
        </button>
        {error && (
          <p className="start-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
