import { getDb } from '@/db/client';
import { signInLimiter } from '@/lib/account/account-limits';
import { signInSchema } from '@/lib/account/credentials';
import { signIn } from '@/lib/account/sign-up';
import { GUEST_COOKIE } from '@/lib/auth/guest-user';
import { expiredCookie, withCookies } from '@/lib/http/cookie-headers';
import { readJsonOrThrow } from '@/lib/http/read-json';
import { toErrorResponse } from '@/lib/http/to-error-response';

export const dynamic = 'force-dynamic';

/** Signs in with email and password; this browser's guest work moves into the account. */
export async function POST(request: Request): Promise<Response> {
  try {
    const input = signInSchema.parse(await readJsonOrThrow(request));
    signInLimiter.takeOrThrow(input.email, 'Too many sign-in attempts for this email.');
    const { cookies } = await signIn(getDb(), request.headers, input);
    const response = Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
    return withCookies(response, [...cookies, expiredCookie(GUEST_COOKIE)]);
  } catch (error) {
    return toErrorResponse(error);
  }
}
