'use client';

import { useRef, useSyncExternalStore, type ReactNode } from 'react';

const STORAGE_KEY = 'workspace-split';
const MIN = 25;
const MAX = 70;
const STEP = 5;

const DEFAULT = 42;
const CHANGE_EVENT = 'workspace-split-change';
/** The width when storage is unavailable (private mode). */
let unstored = DEFAULT;

function clamp(value: number): number {
  return Math.min(MAX, Math.max(MIN, value));
}

function readStored(): number {
  try {
    const stored = Number(localStorage.getItem(STORAGE_KEY));
    return stored >= MIN && stored <= MAX ? stored : unstored;
  } catch {
    return unstored;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/**
 * Two panes side by side with a draggable, keyboard-operable divider (arrow keys, Home, End).
 * The width is remembered. On narrow screens the stylesheet stacks the panes and hides the divider.
 */
export function SplitPane({ left, right, leftLabel }: { left: ReactNode; right: ReactNode; leftLabel: string }) {
  const percent = useSyncExternalStore(subscribe, readStored, () => DEFAULT);
  const containerRef = useRef<HTMLDivElement>(null);

  const commit = (value: number) => {
    unstored = clamp(Math.round(value));
    try {
      localStorage.setItem(STORAGE_KEY, String(unstored));
    } catch {
      // Private mode: remembered for this page only.
    }
    window.dispatchEvent(new Event(CHANGE_EVENT));
  };

  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    const container = containerRef.current;
    if (!container) return;
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const rect = container.getBoundingClientRect();
    const move = (e: PointerEvent) => commit(((e.clientX - rect.left) / rect.width) * 100);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      document.body.classList.remove('is-resizing');
    };
    document.body.classList.add('is-resizing');
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowLeft: percent - STEP, ArrowRight: percent + STEP, Home: MIN, End: MAX };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    commit(next);
  };

  return (
    <div className="split" ref={containerRef} style={{ '--split': `${percent}%` } as React.CSSProperties}>
      <div className="split-pane split-left">{left}</div>
      <div
        className="split-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize: ${leftLabel} width`}
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        aria-valuenow={percent}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane split-right">{right}</div>
    </div>
  );
}
