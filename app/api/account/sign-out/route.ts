import { signOut } from '@/lib/account/sign-up';
import { isSessionCookie } from '@/lib/auth/auth';
import { expireHeldCookies, withCookies } from '@/lib/http/cookie-headers';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Ends this browser's session; its session cookies are cleared even when the session had already ended. */
export const POST = route({}, async ({ db, request, client }) => {
  const cookies = await signOut(db, request.headers, client.https).catch(() => []);
  return withCookies(Response.json({ ok: true }), [...cookies, ...expireHeldCookies(request.headers, client.https, isSessionCookie)]);
});
