import { getDb } from '@/db/client';
import { clientKey, signUpLimiter } from '@/lib/account/account-limits';
import { signUpSchema } from '@/lib/account/credentials';
import { signUp } from '@/lib/account/sign-up';
import { GUEST_COOKIE } from '@/lib/auth/guest-user';
import { expiredCookie, withCookies } from '@/lib/http/cookie-headers';
import { readJsonOrThrow } from '@/lib/http/read-json';
import { toErrorResponse } from '@/lib/http/to-error-response';

export const dynamic = 'force-dynamic';

/** Creates an account (email + password), signs it in and moves this browser's guest work into it. */
export async function POST(request: Request): Promise<Response> {
  try {
    const input = signUpSchema.parse(await readJsonOrThrow(request));
    signUpLimiter.takeOrThrow(clientKey(request.headers), 'Too many accounts were created from here lately.');
    const { cookies } = await signUp(getDb(), request.headers, input);
    const response = Response.json({ ok: true }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
    return withCookies(response, [...cookies, expiredCookie(GUEST_COOKIE)]);
  } catch (error) {
    return toErrorResponse(error);
  }
}
