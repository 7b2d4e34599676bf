import { z } from 'zod';
import { DEFAULT_EDITOR_PREFERENCES, EDITOR_FONT_SIZES, KEYBINDINGS, type EditorPreferences } from './editor-preferences';

/** Exactly the preferences the editor offers (editor-preferences.ts); anything else is refused. */
export const editorPreferencesSchema: z.ZodType<EditorPreferences> = z
  .object({
    fontSize: z.union(EDITOR_FONT_SIZES.map((size) => z.literal(size))),
    wordWrap: z.boolean(),
    keybindings: z.enum(KEYBINDINGS),
  })
  .strict();

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
