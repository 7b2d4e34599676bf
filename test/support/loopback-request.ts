import http from 'node:http';

export interface LoopbackReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP request to a server on 127.0.0.1 sent from a chosen loopback address (127.0.0.2,
 * 127.0.0.3, …: all of 127/8 is local on Linux), so that one process can act as many clients,
 * each with its own socket address, as the server's per-client limits see them.
 */
export function loopbackRequest(
  url: string,
  options: { localAddress: string; method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<LoopbackReply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }) },
        localAddress: options.localAddress,
        agent: false,
        timeout: options.timeoutMs ?? 120_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 120_000} ms`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The `name=value` part of a response's first Set-Cookie, if any. */
export function firstCookie(reply: LoopbackReply): string | undefined {
  return reply.headers['set-cookie']?.[0]?.split(';')[0];
}
