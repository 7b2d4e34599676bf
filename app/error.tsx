'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/** Shown when a page fails to render; the server log has the details (matched by `digest`). */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : undefined;
  return (
    <div className="container status-page">
      <p className="eyebrow">Error</p>
      <h1>Something went wrong on our side</h1>
      <p className="lede">This page could not be shown. Try again; if it keeps failing, the server log says why.</p>
      {digest && <p className="muted">Reference: {digest}</p>}
      <div className="button-row">
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="button button-secondary">
          Back to the catalog
        </Link>
      </div>
    </div>
  );
}
