/** Adds Set-Cookie values (e.g. from better-auth) to a response. */
export function withCookies(response: Response, cookies: string[]): Response {
  for (const cookie of cookies) response.headers.append('Set-Cookie', cookie);
  return response;
}

/** Cookies with this prefix are refused by browsers unless set with `Secure` from an https page. */
const SECURE_PREFIX = '__Secure-';

/** A Set-Cookie value that removes `name` (with `Secure` over https, as a `__Secure-` name requires). */
export function expiredCookie(name: string, secure: boolean): string {
  const flags = secure || name.startsWith(SECURE_PREFIX) ? '; Secure' : '';
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${flags}`;
}

/** The names of the cookies a request carries. */
export function cookieNames(headers: Headers): string[] {
  return (headers.get('cookie') ?? '')
    .split(';')
    .map((pair) => pair.split('=')[0]!.trim())
    .filter(Boolean);
}

/** Set-Cookie values that remove every cookie the browser sent whose name `matches` (the names it really holds). */
export function expireHeldCookies(headers: Headers, secure: boolean, matches: (name: string) => boolean): string[] {
  return [...new Set(cookieNames(headers).filter(matches))].map((name) => expiredCookie(name, secure));
}

/** A cookie's value from a request's Cookie header. */
export function readCookie(headers: Headers, name: string): string | undefined {
  for (const pair of (headers.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
