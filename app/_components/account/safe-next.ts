/** Where to go after signing in or up when the link names no destination. */
const DEFAULT_NEXT = '/dashboard';
/** Where to go when the destination named is not a page of this site. */
const FALLBACK = '/';

/** Stands in for the site's own origin: only the comparison of origins matters. */
const SITE = new URL('https://site.invalid');

/**
 * The destination after signing in or up: the `next` of the link, only when it is a path on this
 * site. It is resolved the way a browser would resolve it (after removing control characters,
 * which browsers drop from URLs: `/\t/evil.example` is `//evil.example`, another site), and kept
 * only when it stays on this origin; anything else goes to `/`.
 */
export function safeNext(next: string | string[] | undefined): string {
  if (next === undefined || next === '') return DEFAULT_NEXT;
  if (typeof next !== 'string') return FALLBACK;
  const cleaned = next.replace(/[\u0000-\u001f\u007f]/g, '');
  if (!cleaned.startsWith('/')) return FALLBACK;
  let url: URL;
  try {
    url = new URL(cleaned, SITE);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== SITE.origin) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that itself starts with two slashes would be read as another host when followed.
  return /^\/[/\\]/.test(path) ? FALLBACK : path;
}
