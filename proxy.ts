import { NextResponse, type NextRequest } from 'next/server';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request protection for every state-changing API request: the browser must say the
 * request comes from this site (Sec-Fetch-Site) or name this host as its Origin. Browsers send
 * one or the other on every POST, PUT, PATCH and DELETE; a page on another site cannot forge
 * them. Requests with neither (curl, scripts) carry no ambient browser cookies and pass.
 */
export function proxy(request: NextRequest): NextResponse {
  if (SAFE_METHODS.has(request.method)) return NextResponse.next();
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  let allowed = true;
  if (site) allowed = site === 'same-origin' || site === 'none';
  if (allowed && origin) {
    try {
      allowed = origin !== 'null' && new URL(origin).host === host;
    } catch {
      allowed = false;
    }
  }
  if (allowed) return NextResponse.next();
  return NextResponse.json(
    { error: { code: 'forbidden', message: 'This request came from another site and was refused. Use the app itself to make changes.' } },
    { status: 403, headers: { 'Cache-Control': 'no-store' } },
  );
}

export const config = { matcher: '/api/:path*' };
