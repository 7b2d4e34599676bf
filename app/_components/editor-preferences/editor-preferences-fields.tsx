'use client';

import { useId } from 'react';
import { EDITOR_FONT_SIZES, type EditorPreferences } from '@/lib/account/editor-preferences';
import '@/app/styles/editor-preferences.css';
import type { PreferencesSave } from './use-editor-preferences';

interface Props {
  preferences: EditorPreferences;
  save: PreferencesSave;
  onChange(patch: Partial<EditorPreferences>): void;
}

const SAVE_LABEL = { idle: '', saving: 'Saving…', saved: 'Saved for your account on every device.' } as const;

/** Font size, word wrap and vim keybindings: the workspace's settings menu and the settings page both show these. */
export function EditorPreferencesFields({ preferences, save, onChange }: Props) {
  const id = useId();
  return (
    <div className="editor-preferences">
      <div className="field">
        <label htmlFor={`${id}-size`}>Font size</label>
        <select id={`${id}-size`} value={preferences.fontSize} onChange={(e) => onChange({ fontSize: Number(e.target.value) as EditorPreferences['fontSize'] })}>
          {EDITOR_FONT_SIZES.map((size) => (
            <option key={size} value={size}>
              {size} px
            </option>
          ))}
        </select>
      </div>
      <label className="check-field">
        <input type="checkbox" checked={preferences.wordWrap} onChange={(e) => onChange({ wordWrap: e.target.checked })} />
        Wrap long lines
      </label>
      <label className="check-field">
        <input type="checkbox" checked={preferences.keybindings === 'vim'} onChange={(e) => onChange({ keybindings: e.target.checked ? 'vim' : 'standard' })} />
        Vim keybindings
      </label>
      <p className={save.kind === 'error' ? 'field-error' : 'field-hint'} role="status" aria-live="polite">
        {save.kind === 'error' ? save.message : SAVE_LABEL[save.kind]}
      </p>
    </div>
  );
}
