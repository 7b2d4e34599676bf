/** Adds Set-Cookie values (e.g. from better-auth) to a response. */
export function withCookies(response: Response, cookies: string[]): Response {
  for (const cookie of cookies) response.headers.append('Set-Cookie', cookie);
  return response;
}

/** A Set-Cookie value that removes `name`. */
export function expiredCookie(name: string): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
}

/** A cookie's value from a request's Cookie header. */
export function readCookie(headers: Headers, name: string): string | undefined {
  const match = headers.get('cookie')?.match(new RegExp(`(?:^|;\\s*)${name}=([^;]*)`));
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
