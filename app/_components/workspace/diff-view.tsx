'use client';

import { useEffect, useRef, useState } from 'react';
import { DARK_THEME, enableTypeScript, LIGHT_THEME, loadMonaco, SOLUTION_URI } from './load-monaco';
import { useResolvedTheme } from './use-resolved-theme';

/** Narrower than this, the two texts are shown inline (one column, removed and added lines). */
const SIDE_BY_SIDE_MIN_WIDTH = 640;

/** What the colours and sides mean, for the layout the diff has. */
export function diffLegend(sideBySide: boolean): string {
  return sideBySide
    ? 'Left: this attempt. Right: the editor now (it follows your edits).'
    : 'One column: red lines (−) are only in this attempt, green lines (+) only in the editor now (it follows your edits).';
}

interface Props {
  /** The past attempt's code. */
  original: string;
  /** The editor's text, when the editor is not Monaco yet (normally the diff reads the editor's own model). */
  currentCode(): string;
  label: string;
  className?: string;
}

/**
 * Monaco's diff of a past attempt against the editor. The right side is the editor's own model,
 * so the diff follows every edit, a Restore included. Side by side when there is room, else
 * inline; the legend says which.
 */
export function DiffView({ original, currentCode, label, className = 'diff-view' }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  const [sideBySide, setSideBySide] = useState(true);
  const currentCodeRef = useRef(currentCode);
  useEffect(() => {
    currentCodeRef.current = currentCode;
  });

  useEffect(() => {
    let disposed = false;
    const cleanup: { dispose(): void }[] = [];
    void loadMonaco().then(async (monaco) => {
      await enableTypeScript(monaco);
      const host = hostRef.current;
      if (disposed || !host) return;
      const left = monaco.editor.createModel(original, 'typescript');
      cleanup.push(left);
      let right = monaco.editor.getModel(monaco.Uri.parse(SOLUTION_URI));
      if (!right) {
        right = monaco.editor.createModel(currentCodeRef.current(), 'typescript');
        cleanup.push(right);
      }
      const wide = () => host.clientWidth >= SIDE_BY_SIDE_MIN_WIDTH;
      // Every options update re-derives the inner editors' labels: pass them each time, or they become empty.
      const labels = { originalAriaLabel: `${label}: this attempt`, modifiedAriaLabel: `${label}: the editor now` };
      const diff = monaco.editor.createDiffEditor(host, {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: wide(),
        // The layout is chosen here, so the legend can say which one is shown.
        useInlineViewWhenSpaceIsLimited: false,
        minimap: { enabled: false },
        renderFinalNewline: 'on',
        scrollBeyondLastLine: false,
        ariaLabel: label,
        ...labels,
      });
      diff.setModel({ original: left, modified: right });
      setSideBySide(wide());
      const observer = new ResizeObserver(() => {
        diff.updateOptions({ renderSideBySide: wide(), ...labels });
        setSideBySide(wide());
      });
      observer.observe(host);
      cleanup.unshift(diff, { dispose: () => observer.disconnect() });
    });
    return () => {
      disposed = true;
      for (const item of cleanup) item.dispose();
    };
  }, [original, label]);
  useEffect(() => {
    void loadMonaco().then((monaco) => monaco.editor.setTheme(theme === 'dark' ? DARK_THEME : LIGHT_THEME));
  }, [theme]);
  return (
    <>
      <p className="muted diff-legend">{diffLegend(sideBySide)}</p>
      <div ref={hostRef} className={className} />
    </>
  );
}
