import { signUpSchema } from '@/lib/account/credentials';
import { signUp } from '@/lib/account/sign-up';
import { GUEST_COOKIE } from '@/lib/auth/guest-user';
import { expiredCookie, withCookies } from '@/lib/http/cookie-headers';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/**
 * Creates an account (email + password), signs it in and moves this browser's guest work into it.
 * Every attempt counts against the client's sign-up limit, including one that finds the email
 * taken: that answer says an account exists, so probing for accounts is limited the same way.
 */
export const POST = route({ body: signUpSchema, limit: [{ name: 'signUpsPerClient', per: 'client' }] }, async ({ db, request, client, body }) => {
  const { cookies } = await signUp(db, request.headers, body, client.https);
  return withCookies(Response.json({ ok: true }, { status: 201 }), [...cookies, expiredCookie(GUEST_COOKIE, client.https)]);
});
