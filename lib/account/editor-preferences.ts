import { z } from 'zod';

// The editor preferences' shape and defaults: plain, so the browser's settings forms use them too (saving: save-editor-preferences.ts).

/** The font sizes the editor offers, in CSS pixels. */
export const EDITOR_FONT_SIZES = [12, 13, 14, 16, 18, 20] as const;
export const KEYBINDINGS = ['standard', 'vim'] as const;

/** How the learner likes the workspace's editor; kept on their user row, so an account carries it to every browser. */
export const editorPreferencesSchema = z
  .object({
    fontSize: z.union(EDITOR_FONT_SIZES.map((size) => z.literal(size))),
    wordWrap: z.boolean(),
    keybindings: z.enum(KEYBINDINGS),
  })
  .strict();

export type EditorPreferences = z.infer<typeof editorPreferencesSchema>;

export const DEFAULT_EDITOR_PREFERENCES: EditorPreferences = { fontSize: 14, wordWrap: false, keybindings: 'standard' };

/** What a stored column holds, as preferences: the defaults for null, and for anything no longer valid. */
export function parseEditorPreferences(stored: string | null | undefined): EditorPreferences {
  if (!stored) return DEFAULT_EDITOR_PREFERENCES;
  try {
    const parsed = editorPreferencesSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : DEFAULT_EDITOR_PREFERENCES;
  } catch {
    return DEFAULT_EDITOR_PREFERENCES;
  }
}
