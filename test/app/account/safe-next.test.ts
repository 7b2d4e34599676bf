import { describe, expect, it } from 'vitest';
import { safeNext } from '@/app/_components/account/safe-next';

describe('safeNext', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNext('/settings')).toBe('/settings');
    expect(safeNext('/exercises/feature-engineering/scale-without-leakage?review=1#editor')).toBe(
      '/exercises/feature-engineering/scale-without-leakage?review=1#editor',
    );
    expect(safeNext('/a/../dashboard')).toBe('/dashboard');
  });

  it('goes to the dashboard when no destination is named', () => {
    expect(safeNext(undefined)).toBe('/dashboard');
    expect(safeNext('')).toBe('/dashboard');
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash the browser reads as a slash', '/\\evil.example'],
    ['backslashes only', '\\\\evil.example'],
    ['a tab between the slashes', '/\t/evil.example'],
    ['a newline between the slashes', '/\n/evil.example'],
    ['a carriage return and NUL', '/\r\u0000/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,hi'],
    ['a relative path', 'evil.example'],
    ['a path that normalises to two slashes', '/.//evil.example'],
    ['a scheme with leading spaces', ' https://evil.example'],
  ])('refuses %s and goes to /', (_, next) => {
    expect(safeNext(next)).toBe('/');
  });

  it('refuses the encoded forms once decoded (the page receives them decoded)', () => {
    for (const encoded of ['/%09/evil.example', '/%0A/evil.example', '/%5Cevil.example', '%2F%2Fevil.example']) {
      const next = new URLSearchParams(`next=${encoded}`).get('next')!;
      expect(safeNext(next)).toBe('/');
    }
    // Still encoded (never decoded by anyone) it is a harmless path on this site.
    expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });

  it('refuses a repeated next parameter', () => {
    expect(safeNext(['/settings', '//evil.example'])).toBe('/');
  });
});
