'use client';

import { useEffect } from 'react';

const PIECES = 18;

/** A short celebration of a first solve; the message stays readable without the motion. */
export function Celebration({ onDone }: { onDone(): void }) {
  useEffect(() => {
    const timer = window.setTimeout(onDone, 6000);
    return () => window.clearTimeout(timer);
  }, [onDone]);
  return (
    <div className="celebration" role="status">
      <div className="confetti" aria-hidden="true">
        {Array.from({ length: PIECES }, (_, i) => (
          <span key={i} style={{ '--i': i } as React.CSSProperties} />
        ))}
      </div>
      <p className="celebration-title">Solved!</p>
      <p>Every test passed, hidden ones too. The reference solution and its explanation are now open beside the task.</p>
      <button type="button" className="button button-small button-secondary" onClick={onDone}>
        Close
      </button>
    </div>
  );
}
