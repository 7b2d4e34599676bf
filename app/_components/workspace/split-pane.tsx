'use client';

import { useRef, type ReactNode } from 'react';
import { ResizeHandle } from './resize-handle';
import { useStoredPercent } from './use-stored-percent';

const WIDTH = { key: 'workspace-split', min: 25, max: 70, initial: 42 };

/**
 * Two panes side by side with a draggable, keyboard-operable divider (arrow keys, Home, End).
 * The width is remembered. On narrow screens the stylesheet stacks the panes and hides the divider.
 */
export function SplitPane({ left, right, leftLabel }: { left: ReactNode; right: ReactNode; leftLabel: string }) {
  const [percent, setPercent] = useStoredPercent(WIDTH);
  const containerRef = useRef<HTMLDivElement>(null);
  return (
    <div className="split" ref={containerRef} style={{ '--split': `${percent}%` } as React.CSSProperties}>
      <div className="split-pane split-left">{left}</div>
      <ResizeHandle
        className="split-handle"
        orientation="vertical"
        label={`Resize: ${leftLabel} width`}
        percent={percent}
        min={WIDTH.min}
        max={WIDTH.max}
        step={5}
        onChange={setPercent}
        container={() => containerRef.current}
      />
      <div className="split-pane split-right">{right}</div>
    </div>
  );
}
