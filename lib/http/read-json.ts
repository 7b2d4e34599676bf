import { AppError } from '@/lib/errors';

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The request is too large (at most ${Math.floor(maxBytes / 1024)} KB).`);
}

/**
 * Reads a JSON request body of at most `maxBytes`: refused (413) from its declared length, or as
 * soon as more arrives, without reading the rest. An empty body reads as `{}`; malformed JSON is
 * a 400.
 */
export async function readJsonOrThrow(request: Request, maxBytes: number): Promise<unknown> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk.value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body must be JSON.');
  }
}
