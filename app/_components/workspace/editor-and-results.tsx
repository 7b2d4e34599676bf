'use client';

import { useRef, type ReactNode } from 'react';
import { ResizeHandle } from './resize-handle';
import { useStoredPercent } from './use-stored-percent';

/** The editor's share of the column, in percent; the results pane has the rest. Kept in this browser. */
const EDITOR_SHARE = { key: 'workspace-results-split', min: 20, max: 85, initial: 58 };

/**
 * The editor over the results and history, with a divider between them that is dragged or moved
 * with the arrow keys (Home: results tallest, End: editor tallest). On a phone they stack at
 * their own heights and the divider is hidden.
 */
export function EditorAndResults({ editor, results }: { editor: ReactNode; results: ReactNode }) {
  const [share, setShare] = useStoredPercent(EDITOR_SHARE);
  const stackRef = useRef<HTMLDivElement>(null);
  return (
    <div className="editor-stack" ref={stackRef} style={{ '--editor-share': `${share}%` } as React.CSSProperties}>
      {editor}
      <ResizeHandle
        className="results-handle"
        orientation="horizontal"
        label="Resize: editor and results heights"
        percent={share}
        min={EDITOR_SHARE.min}
        max={EDITOR_SHARE.max}
        step={5}
        onChange={setShare}
        container={() => stackRef.current}
      />
      {results}
    </div>
  );
}
