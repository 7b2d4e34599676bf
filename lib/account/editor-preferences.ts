// The editor preferences' shape and defaults, plain (no validation library), so the browser's
// settings forms import them without shipping the validator: validating and reading stored
// preferences is editor-preferences-schema.ts, saving is save-editor-preferences.ts.

/** The font sizes the editor offers, in CSS pixels. */
export const EDITOR_FONT_SIZES = [12, 13, 14, 16, 18, 20] as const;
export const KEYBINDINGS = ['standard', 'vim'] as const;

/** How the learner likes the workspace's editor; kept on their user row, so an account carries it to every browser. */
export interface EditorPreferences {
  fontSize: (typeof EDITOR_FONT_SIZES)[number];
  wordWrap: boolean;
  keybindings: (typeof KEYBINDINGS)[number];
}

export const DEFAULT_EDITOR_PREFERENCES: EditorPreferences = { fontSize: 14, wordWrap: false, keybindings: 'standard' };
