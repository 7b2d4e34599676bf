import { getDb } from '@/db/client';
import { signOut } from '@/lib/account/sign-up';
import { SESSION_COOKIE_PREFIX } from '@/lib/auth/auth';
import { expiredCookie, withCookies } from '@/lib/http/cookie-headers';
import { toErrorResponse } from '@/lib/http/to-error-response';

export const dynamic = 'force-dynamic';

/** Ends this browser's session (the cookie is cleared even when the session had already ended). */
export async function POST(request: Request): Promise<Response> {
  try {
    const cookies = await signOut(getDb(), request.headers).catch(() => []);
    const response = Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
    return withCookies(response, [...cookies, expiredCookie(`${SESSION_COOKIE_PREFIX}.session_token`)]);
  } catch (error) {
    return toErrorResponse(error);
  }
}
