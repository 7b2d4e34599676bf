import { signInSchema } from '@/lib/account/credentials';
import { withSignInThrottle } from '@/lib/account/sign-in-throttle';
import { signIn } from '@/lib/account/sign-up';
import { GUEST_COOKIE } from '@/lib/auth/guest-user';
import { expiredCookie, withCookies } from '@/lib/http/cookie-headers';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/**
 * Signs in with email and password; this browser's guest work moves into the account. Wrong
 * passwords slow down this client for this email only (lib/account/sign-in-throttle.ts).
 */
export const POST = route({ body: signInSchema }, async ({ db, request, client, body }) => {
  const { cookies } = await withSignInThrottle(body.email, client.key, () => signIn(db, request.headers, body, client.https));
  return withCookies(Response.json({ ok: true }), [...cookies, expiredCookie(GUEST_COOKIE, client.https)]);
});
