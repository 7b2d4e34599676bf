/** Where to go after signing in: a path on this site only (never another site), the dashboard by default. */
export function safeNext(next: string | undefined): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) return next;
  return '/dashboard';
}
