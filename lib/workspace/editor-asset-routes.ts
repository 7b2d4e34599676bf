import type { Header, Rewrite } from 'next/dist/lib/load-custom-routes';
import { PRECOMPRESSED } from './build-editor-assets';

const CONTENT_TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', ttf: 'font/ttf' } as const;

/** `Accept-Encoding` names the encoding (brotli is preferred: it is listed first in PRECOMPRESSED). */
function accepts(encoding: string) {
  return { type: 'header' as const, key: 'accept-encoding', value: `.*\\b${encoding}\\b.*` };
}

/**
 * How the editor's files (built by build-editor-assets.ts) are served: cached for a year (the
 * folder's name changes with its content), and, for a browser that accepts brotli or gzip, the
 * stored compressed copy with its encoding and the original's content type. Rules are tried in
 * order, so a browser that takes both gets brotli.
 */
export function editorAssetRoutes(): { rewrites: Rewrite[]; headers: Header[] } {
  const rewrites: Rewrite[] = [];
  const headers: Header[] = [
    { source: '/editor/:path*', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }, { key: 'Vary', value: 'Accept-Encoding' }] },
  ];
  const preferred: string[] = [];
  for (const { encoding, extension } of PRECOMPRESSED) {
    const has = [accepts(encoding)];
    const missing = preferred.map(accepts);
    for (const [type, contentType] of Object.entries(CONTENT_TYPES)) {
      const source = `/editor/:folder/:file(.+\\.${type})`;
      rewrites.push({ source, has, ...(missing.length ? { missing } : {}), destination: `/editor/:folder/:file${extension}` });
      headers.push({
        source,
        has,
        ...(missing.length ? { missing } : {}),
        headers: [
          { key: 'Content-Encoding', value: encoding },
          { key: 'Content-Type', value: contentType },
        ],
      });
    }
    preferred.push(encoding);
  }
  return { rewrites, headers };
}
