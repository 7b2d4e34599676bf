'use client';

import { useEffect, useRef } from 'react';
import type { EditorPreferences } from '@/lib/account/editor-preferences';
import { EditorPreferencesFields } from '../editor-preferences/editor-preferences-fields';
import type { PreferencesSave } from '../editor-preferences/use-editor-preferences';

interface Props {
  preferences: EditorPreferences;
  save: PreferencesSave;
  onChange(patch: Partial<EditorPreferences>): void;
}

/** The editor toolbar's "Editor settings" menu; Escape or a click elsewhere closes it. */
export function EditorSettingsMenu({ preferences, save, onChange }: Props) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        details.open = false;
        details.querySelector('summary')?.focus();
      } else if (!details.contains(event.target as Node)) {
        details.open = false;
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, []);
  return (
    <details ref={ref} className="editor-settings">
      <summary className="button button-quiet button-small">Editor settings</summary>
      <div className="editor-settings-popover">
        <EditorPreferencesFields preferences={preferences} save={save} onChange={onChange} />
      </div>
    </details>
  );
}
