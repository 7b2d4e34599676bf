'use client';

import type { EditorPreferences } from '@/lib/account/editor-preferences';
import { EditorPreferencesFields } from './editor-preferences-fields';
import { useEditorPreferences } from './use-editor-preferences';

/** The settings page's editor section: each change is saved as it is made. */
export function EditorPreferencesForm({ initial }: { initial: EditorPreferences }) {
  const { preferences, change, save } = useEditorPreferences(initial);
  return <EditorPreferencesFields preferences={preferences} save={save} onChange={change} />;
}
