import { route } from '@/lib/http/route';
import { getEditorTypes } from '@/lib/workspace/get-editor-types';

export const dynamic = 'force-dynamic';

/**
 * The `.d.ts` files of `@tensorflow/tfjs` and everything they reach, for the editor's TypeScript
 * service. The URL carries the tfjs version, so browsers may keep the answer for a long time.
 */
export const GET = route({ database: false }, ({ request }) => {
  const types = getEditorTypes();
  const headers = { 'Cache-Control': 'public, max-age=86400', ETag: types.etag, 'Content-Type': 'application/json; charset=utf-8' };
  if (request.headers.get('if-none-match') === types.etag) return new Response(null, { status: 304, headers });
  return new Response(types.body, { headers });
});
