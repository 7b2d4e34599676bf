import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DIALECTS } from '@/test/helpers/use-app-database';
import { useAppEngine } from '@/test/helpers/use-app-engine';
import { useTempProject } from '@/test/helpers/use-temp-project';

/** A request as the server would pass it on: stamped with the client's address (and TLS). */
async function request(url: string, init: RequestInit & { address?: string; tls?: boolean } = {}) {
  const { stampPeer } = await import('@/lib/http/client-address');
  const headers = new Headers(init.headers);
  stampPeer(headers, init.address ?? '198.51.100.1', init.tls ?? false);
  return new Request(`http://127.0.0.1${url}`, { ...init, headers });
}

const noParams = { params: Promise.resolve({}) };

describe.each(DIALECTS)('on %s', (dialect) => {
  const engine = useAppEngine(dialect);
  let project: ReturnType<typeof useTempProject>;
  beforeEach(async () => {
    project = useTempProject();
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    project.cleanup();
  });

  describe('route (the request pipeline)', () => {
    it('validates params, query and body, and hands the handler typed values, the client and no-store', async () => {
      const { route } = await import('@/lib/http/route');
      const handler = route(
        { params: z.object({ id: z.uuid() }), query: z.object({ n: z.coerce.number().int() }), body: z.object({ name: z.string() }) },
        ({ params, query, body, client }) => ({ id: params.id, n: query.n, name: body.name, client: client.key }),
      );
      const id = '0b6f3c0e-3f7c-4a55-9a55-0d5c7f0a2b11';
      const ok = await handler(await request('/x?n=3', { method: 'POST', body: JSON.stringify({ name: 'Ada' }), address: '203.0.113.4' }), {
        params: Promise.resolve({ id }),
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(await ok.json()).toEqual({ id, n: 3, name: 'Ada', client: '203.0.113.4' });

      const bad = await handler(await request('/x?n=three', { method: 'POST', body: JSON.stringify({ name: 7 }) }), { params: Promise.resolve({ id: 'nope' }) });
      expect(bad.status).toBe(422);
      expect(bad.headers.get('cache-control')).toBe('no-store');
      const { error } = (await bad.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(error.code).toBe('unprocessable');
      expect(error.issues.map((i) => i.path)).toEqual(['id']);
    });

    it('refuses a body over its limit, declared or streamed, and malformed JSON', async () => {
      const { route } = await import('@/lib/http/route');
      const handler = route({ body: z.object({ code: z.string() }), bodyLimit: 1024 }, () => ({ ok: true }));
      const big = JSON.stringify({ code: 'x'.repeat(2000) });
      expect((await handler(await request('/x', { method: 'POST', body: big }), noParams)).status).toBe(413);
      // No Content-Length: the body arrives as a stream and is cut off once past the limit.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 100; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(100)));
          controller.close();
        },
      });
      const streamed = await request('/x', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
      expect((await handler(streamed, noParams)).status).toBe(413);
      const malformed = await handler(await request('/x', { method: 'POST', body: '{ nope' }), noParams);
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: { code: 'bad_request', message: 'The request body must be JSON.' } });
    });

    it('keeps a Cache-Control the handler chose', async () => {
      const { route } = await import('@/lib/http/route');
      const handler = route({}, () => new Response('{}', { headers: { 'Cache-Control': 'public, max-age=60' } }));
      expect((await handler(await request('/x'), noParams)).headers.get('cache-control')).toBe('public, max-age=60');
    });

    it('makes a guest for a browser without one, remembers it in a cookie, and limits new guests per client', async () => {
      vi.stubEnv('GUESTS_PER_CLIENT_PER_HOUR', '2');
      const { route } = await import('@/lib/http/route');
      const handler = route({ user: 'guest' }, ({ user }) => ({ id: user.id }));
      const first = await handler(await request('/x', { address: '203.0.113.20' }), noParams);
      const { id } = (await first.json()) as { id: string };
      const cookie = first.headers.get('set-cookie')!;
      expect(cookie).toMatch(new RegExp(`^guest_id=${id}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`));
      // The same browser keeps its guest and makes no new one.
      const again = await handler(await request('/x', { address: '203.0.113.20', headers: { cookie: `guest_id=${id}` } }), noParams);
      expect(await again.json()).toEqual({ id });
      expect(again.headers.get('set-cookie')).toBeNull();
      // Dropping the cookie makes a new guest, until this client's allowance is spent.
      expect((await handler(await request('/x', { address: '203.0.113.20' }), noParams)).status).toBe(200);
      const refused = await handler(await request('/x', { address: '203.0.113.20' }), noParams);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/new guest sessions were started from your address/);
      // Another client is not affected.
      expect((await handler(await request('/x', { address: '203.0.113.21' }), noParams)).status).toBe(200);
    });

    it('marks every cookie Secure when the request came over https', async () => {
      const { route } = await import('@/lib/http/route');
      const handler = route({ user: 'guest' }, () => {
        const response = Response.json({ ok: true });
        response.headers.append('Set-Cookie', 'mps.session_token=abc; Path=/; HttpOnly');
        return response;
      });
      const secure = await handler(await request('/x', { tls: true }), noParams);
      const cookies = secure.headers.getSetCookie();
      expect(cookies).toHaveLength(2);
      for (const cookie of cookies) expect(cookie).toMatch(/; Secure$/);
      const plain = await handler(await request('/x', { tls: false, address: '198.51.100.77' }), noParams);
      for (const cookie of plain.headers.getSetCookie()) expect(cookie).not.toMatch(/Secure/);
    });

    it('applies rate limits per user or per client before the handler runs', async () => {
      vi.stubEnv('SIGN_UPS_PER_CLIENT_PER_HOUR', '1');
      const { route } = await import('@/lib/http/route');
      let runs = 0;
      const handler = route({ limit: [{ name: 'signUpsPerClient', per: 'client' }] }, () => ({ runs: ++runs }));
      expect((await handler(await request('/x', { address: '203.0.113.30' }), noParams)).status).toBe(200);
      expect((await handler(await request('/x', { address: '203.0.113.30' }), noParams)).status).toBe(429);
      expect(runs).toBe(1);
    });

    it('maps errors by their code, even an AppError made by another copy of the module (another bundle)', async () => {
      const { route } = await import('@/lib/http/route');
      const home = await import('@/lib/errors');
      vi.resetModules();
      const foreign = await import('@/lib/errors');
      // Two copies of the class, as in a server build where a module lands in two chunks.
      expect(foreign.AppError).not.toBe(home.AppError);
      const error = new foreign.AppError('rate_limited', 'The grader is busy.', { retryAfterSeconds: 5 });
      expect(error instanceof home.AppError).toBe(false);
      const handler = route({}, () => {
        throw error;
      });
      const response = await handler(await request('/x'), noParams);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toEqual({ error: { code: 'rate_limited', message: 'The grader is busy.' } });
    });

    it('answers an unknown error with a generic 500 and no-store', async () => {
      const log = vi.spyOn(console, 'error').mockImplementation(() => {});
      const { route } = await import('@/lib/http/route');
      const handler = route({}, () => {
        throw new TypeError('secret internals at /srv/app/lib/a.ts:3');
      });
      const response = await handler(await request('/x'), noParams);
      expect(response.status).toBe(500);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).not.toContain('/srv/app');
      expect(log).toHaveBeenCalledOnce();
    });
  });
});
