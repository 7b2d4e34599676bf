import { editorPreferencesSchema } from '@/lib/account/editor-preferences-schema';
import { saveEditorPreferences } from '@/lib/account/save-editor-preferences';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** `PUT /api/account/editor-preferences`: replaces this browser's user's editor preferences → the saved preferences. */
export const PUT = route({ body: editorPreferencesSchema, user: 'guest' }, async ({ db, user, body }) => {
  await saveEditorPreferences(db, user.id, body);
  return body;
});
