'use client';

import { useEffect, useRef } from 'react';
import { DARK_THEME, enableTypeScript, LIGHT_THEME, loadMonaco } from './load-monaco';
import { useResolvedTheme } from './use-resolved-theme';

/** Monaco's side-by-side diff: a past submission (left) against the editor now (right). */
export function DiffView({ original, modified, label }: { original: string; modified: string; label: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  useEffect(() => {
    let disposed = false;
    const cleanup: { dispose(): void }[] = [];
    void loadMonaco().then(async (monaco) => {
      await enableTypeScript(monaco);
      if (disposed || !hostRef.current) return;
      const left = monaco.editor.createModel(original, 'typescript');
      const right = monaco.editor.createModel(modified, 'typescript');
      const diff = monaco.editor.createDiffEditor(hostRef.current, {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: hostRef.current.clientWidth > 640,
        minimap: { enabled: false },
        renderFinalNewline: 'on',
        scrollBeyondLastLine: false,
        ariaLabel: label,
      });
      diff.setModel({ original: left, modified: right });
      cleanup.push(diff, left, right);
    });
    return () => {
      disposed = true;
      for (const item of cleanup) item.dispose();
    };
  }, [original, modified, label]);
  useEffect(() => {
    void loadMonaco().then((monaco) => monaco.editor.setTheme(theme === 'dark' ? DARK_THEME : LIGHT_THEME));
  }, [theme]);
  return <div ref={hostRef} className="diff-view" />;
}
