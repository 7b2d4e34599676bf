import { parseEditorPreferences } from '@/lib/account/editor-preferences-schema';
import { deleteAccountOrThrow, deleteAccountSchema } from '@/lib/account/delete-account';
import { isAppCookie } from '@/lib/auth/auth';
import { AppError } from '@/lib/errors';
import { expireHeldCookies, withCookies } from '@/lib/http/cookie-headers';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Who this browser is: signed in (with email), a guest, or nobody yet; whether a session expired; their settings. */
export const GET = route({ user: 'optional' }, ({ user, signedIn, sessionExpired }) => ({
  signedIn,
  sessionExpired,
  guest: user ? user.isGuest : null,
  email: signedIn ? user?.email : null,
  name: signedIn ? user?.name : null,
  timeZone: user?.timeZone ?? null,
  editorPreferences: parseEditorPreferences(user?.editorPreferences),
}));

/**
 * Deletes this browser's user (account or guest) and everything of theirs, after the typed
 * confirmation, and clears every cookie of this app the browser holds.
 */
export const DELETE = route({ body: deleteAccountSchema, user: 'optional' }, async ({ db, request, client, user, body }) => {
  if (!user) throw new AppError('not_found', 'There is nothing stored for this browser.');
  await deleteAccountOrThrow(db, user, body.confirm);
  return withCookies(Response.json({ ok: true }), expireHeldCookies(request.headers, client.https, isAppCookie));
});
