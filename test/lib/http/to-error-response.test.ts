import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DatabaseOpenError } from '@/db/client';
import { AppError } from '@/lib/errors';
import { CatalogError } from '@/lib/exercises/load-catalog';
import { toErrorResponse } from '@/lib/http/to-error-response';

async function answer(error: unknown) {
  const response = toErrorResponse(error);
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
}

afterEach(() => vi.restoreAllMocks());

describe('toErrorResponse', () => {
  it('answers an AppError with its status, code and message', async () => {
    const { status, headers, body } = await answer(new AppError('rate_limited', 'Too many submissions.', { retryAfterSeconds: 5 }));
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('5');
    expect(body).toEqual({ error: { code: 'rate_limited', message: 'Too many submissions.' } });
  });

  it('answers a ZodError with 422 and its issues', async () => {
    const result = z.object({ code: z.string() }).safeParse({ code: 3 });
    const { status, body } = await answer(result.error);
    expect(status).toBe(422);
    expect(body).toMatchObject({ error: { code: 'unprocessable', issues: [{ path: 'code' }] } });
  });

  it('answers a CatalogError with 503 and every problem', async () => {
    const { status, body } = await answer(new CatalogError(['a/meta.json: title is required', 'b/starter.ts: file is missing']));
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: { code: 'catalog_invalid', problems: ['a/meta.json: title is required', 'b/starter.ts: file is missing'] } });
  });

  it('answers a database failure with 503 without the file path', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { status, body } = await answer(new DatabaseOpenError('Cannot open the database at DATABASE_PATH=/secret/app.db'));
    expect(status).toBe(503);
    expect(JSON.stringify(body)).not.toContain('/secret');
  });

  it('answers anything else with a generic 500 that leaks nothing, and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { status, body } = await answer(new TypeError('Cannot read properties of undefined (reading "x") at /srv/app/lib/a.ts:3'));
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side; try again.' } });
    expect(log).toHaveBeenCalledOnce();
  });
});
