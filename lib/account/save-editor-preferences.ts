import { eq } from 'drizzle-orm';
import { tablesOf, type AppDb } from '@/db/app-db';
import type { EditorPreferences } from './editor-preferences';
import { editorPreferencesSchema } from './editor-preferences-schema';

/** Replaces the user's editor preferences with `preferences` (already validated by the schema). */
export async function saveEditorPreferences(db: AppDb, userId: string, preferences: EditorPreferences): Promise<void> {
  const { users } = tablesOf(db);
  await db
    .update(users)
    .set({ editorPreferences: JSON.stringify(editorPreferencesSchema.parse(preferences)), updatedAt: new Date() })
    .where(eq(users.id, userId));
}
