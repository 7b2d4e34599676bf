import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { tablesOf, type AppDb } from '@/db/app-db';

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

/** Replaces the user's editor preferences with `preferences` (already validated by the schema). */
export async function saveEditorPreferences(db: AppDb, userId: string, preferences: EditorPreferences): Promise<void> {
  const { users } = tablesOf(db);
  await db
    .update(users)
    .set({ editorPreferences: JSON.stringify(editorPreferencesSchema.parse(preferences)), updatedAt: new Date() })
    .where(eq(users.id, userId));
}
