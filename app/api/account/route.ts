import { getDb } from '@/db/client';
import { deleteAccountOrThrow, deleteAccountSchema } from '@/lib/account/delete-account';
import { SESSION_COOKIE_PREFIX } from '@/lib/auth/auth';
import { GUEST_COOKIE } from '@/lib/auth/guest-user';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { AppError } from '@/lib/errors';
import { expiredCookie, withCookies } from '@/lib/http/cookie-headers';
import { readJsonOrThrow } from '@/lib/http/read-json';
import { toErrorResponse } from '@/lib/http/to-error-response';

export const dynamic = 'force-dynamic';
const NO_STORE = { 'Cache-Control': 'no-store' };

/** Who this browser is: signed in (with email), a guest, or nobody yet; and whether a session expired. */
export async function GET(request: Request): Promise<Response> {
  try {
    const { user, signedIn, sessionExpired } = await resolveIdentity(getDb(), request.headers, { createGuest: false });
    return Response.json(
      {
        signedIn,
        sessionExpired,
        guest: user ? user.isGuest : null,
        email: signedIn ? user?.email : null,
        name: signedIn ? user?.name : null,
        timeZone: user?.timeZone ?? null,
      },
      { headers: NO_STORE },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** Deletes this browser's user (account or guest) and everything of theirs, after the typed confirmation. */
export async function DELETE(request: Request): Promise<Response> {
  try {
    const { confirm } = deleteAccountSchema.parse(await readJsonOrThrow(request));
    const { user } = await resolveIdentity(getDb(), request.headers, { createGuest: false });
    if (!user) throw new AppError('not_found', 'There is nothing stored for this browser.');
    deleteAccountOrThrow(getDb(), user, confirm);
    const response = Response.json({ ok: true }, { headers: NO_STORE });
    return withCookies(response, [expiredCookie(`${SESSION_COOKIE_PREFIX}.session_token`), expiredCookie(GUEST_COOKIE)]);
  } catch (error) {
    return toErrorResponse(error);
  }
}
