import { AppError } from '@/lib/errors';

/** Reads a small JSON request body (at most `maxBytes`); malformed JSON is a 400 with a message. */
export async function readJsonOrThrow(request: Request, maxBytes = 16 * 1024): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError('payload_too_large', `The request is too large (at most ${Math.round(maxBytes / 1024)} KB).`);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body must be JSON.');
  }
}
