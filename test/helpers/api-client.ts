/**
 * Calls route handlers directly, like a browser would: one cookie jar per client, JSON bodies,
 * same-origin headers. Import route modules after useTempProject (they read the env lazily).
 */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Every route module the client can call, with the pattern of its path and its params. */
const ROUTES: { pattern: RegExp; params: string[]; load: () => Promise<Record<string, unknown>> }[] = [
  { pattern: /^\/api\/account$/, params: [], load: () => import('@/app/api/account/route') },
  { pattern: /^\/api\/account\/sign-up$/, params: [], load: () => import('@/app/api/account/sign-up/route') },
  { pattern: /^\/api\/account\/sign-in$/, params: [], load: () => import('@/app/api/account/sign-in/route') },
  { pattern: /^\/api\/account\/sign-out$/, params: [], load: () => import('@/app/api/account/sign-out/route') },
  { pattern: /^\/api\/account\/settings$/, params: [], load: () => import('@/app/api/account/settings/route') },
  { pattern: /^\/api\/account\/editor-preferences$/, params: [], load: () => import('@/app/api/account/editor-preferences/route') },
  { pattern: /^\/api\/account\/export$/, params: [], load: () => import('@/app/api/account/export/route') },
  { pattern: /^\/api\/progress$/, params: [], load: () => import('@/app/api/progress/route') },
  { pattern: /^\/api\/interviews$/, params: [], load: () => import('@/app/api/interviews/route') },
  { pattern: /^\/api\/interviews\/([^/]+)$/, params: ['id'], load: () => import('@/app/api/interviews/[id]/route') },
  { pattern: /^\/api\/interviews\/([^/]+)\/finish$/, params: ['id'], load: () => import('@/app/api/interviews/[id]/finish/route') },
  { pattern: /^\/api\/interviews\/([^/]+)\/report$/, params: ['id'], load: () => import('@/app/api/interviews/[id]/report/route') },
  { pattern: /^\/api\/interviews\/([^/]+)\/submissions$/, params: ['id'], load: () => import('@/app/api/interviews/[id]/submissions/route') },
  { pattern: /^\/api\/interviews\/([^/]+)\/console$/, params: ['id'], load: () => import('@/app/api/interviews/[id]/console/route') },
  { pattern: /^\/api\/console$/, params: [], load: () => import('@/app/api/console/route') },
  {
    pattern: /^\/api\/interviews\/([^/]+)\/exercises\/([^/]+)\/draft$/,
    params: ['id', 'exerciseId'],
    load: () => import('@/app/api/interviews/[id]/exercises/[exerciseId]/draft/route'),
  },
  { pattern: /^\/api\/interviews\/([^/]+)\/questions\/([^/]+)$/, params: ['id', 'position'], load: () => import('@/app/api/interviews/[id]/questions/[position]/route') },
  { pattern: /^\/api\/submissions$/, params: [], load: () => import('@/app/api/submissions/route') },
  { pattern: /^\/api\/submissions\/([^/]+)$/, params: ['id'], load: () => import('@/app/api/submissions/[id]/route') },
  { pattern: /^\/api\/exercises\/([^/]+)\/draft$/, params: ['id'], load: () => import('@/app/api/exercises/[id]/draft/route') },
  { pattern: /^\/api\/exercises\/([^/]+)\/hints$/, params: ['id'], load: () => import('@/app/api/exercises/[id]/hints/route') },
  { pattern: /^\/api\/exercises\/([^/]+)\/solution$/, params: ['id'], load: () => import('@/app/api/exercises/[id]/solution/route') },
  { pattern: /^\/api\/exercises\/([^/]+)\/submissions$/, params: ['id'], load: () => import('@/app/api/exercises/[id]/submissions/route') },
  {
    pattern: /^\/api\/exercises\/([^/]+)\/submissions\/([^/]+)$/,
    params: ['id', 'submissionId'],
    load: () => import('@/app/api/exercises/[id]/submissions/[submissionId]/route'),
  },
];

let clients = 0;

export class ApiClient {
  readonly cookies = new Map<string, string>();
  /** The address this client connects from: each client its own unless given (as the server would stamp it). */
  readonly address: string;
  /** Whether it connects over TLS. */
  readonly https: boolean;

  constructor(options: { address?: string; https?: boolean } = {}) {
    clients += 1;
    this.address = options.address ?? `198.51.${Math.floor(clients / 250)}.${(clients % 250) + 1}`;
    this.https = options.https ?? false;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async call(method: string, url: string, body?: unknown): Promise<Reply> {
    const pathname = url.split('?')[0]!;
    const route = ROUTES.find((r) => r.pattern.test(pathname));
    if (!route) throw new Error(`no route module for ${pathname}`);
    const match = pathname.match(route.pattern)!;
    const params = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const handler = (await route.load())[method] as Handler | undefined;
    if (!handler) throw new Error(`${pathname} has no ${method}`);
    const headers = new Headers({ origin: 'http://127.0.0.1', host: '127.0.0.1', 'sec-fetch-site': 'same-origin' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const { stampPeer } = await import('@/lib/http/client-address');
    stampPeer(headers, this.address, this.https);
    const { NextRequest } = await import('next/server');
    const request = new NextRequest(`http://127.0.0.1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const response = await handler(request, { params: Promise.resolve(params) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // CSV and other non-JSON bodies stay in `text`.
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  }

  get(url: string) {
    return this.call('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.call('POST', url, body ?? {});
  }
  put(url: string, body: unknown) {
    return this.call('PUT', url, body);
  }
  patch(url: string, body: unknown) {
    return this.call('PATCH', url, body);
  }
  delete(url: string, body: unknown) {
    return this.call('DELETE', url, body);
  }

  signUp(email: string, password = 'maple river lantern 42') {
    return this.post('/api/account/sign-up', { email, password, name: email.split('@')[0] });
  }
  signIn(email: string, password = 'maple river lantern 42') {
    return this.post('/api/account/sign-in', { email, password });
  }
}

export const errorMessage = (reply: Reply) => (reply.body.error as { message: string } | undefined)?.message ?? '';
