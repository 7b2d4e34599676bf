import type { z } from 'zod';
import { getAppDb, type AppDb } from '@/db/app-db';
import type { User } from '@/db/schema';
import { createGuest, guestCookie } from '@/lib/auth/guest-user';
import { resolveIdentity } from '@/lib/auth/resolve-identity';
import { AppError } from '@/lib/errors';
import { BODY_LIMITS, takeOrThrow, type RateLimitName } from '@/lib/limits';
import { identifyClient, type Client } from './client-address';
import { readJsonOrThrow } from './read-json';
import { invalidRequest, toErrorResponse } from './to-error-response';

/**
 * Who a route needs: nobody (`none`, the default), the user if there is one (`optional`), or a
 * user for sure (`guest`: a browser without one gets a new guest, limited per client).
 */
type UserMode = 'none' | 'optional' | 'guest';
type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;
type UserOf<M extends UserMode> = M extends 'guest' ? User : M extends 'optional' ? User | null : null;

export interface RouteOptions<P extends Schema, Q extends Schema, B extends Schema, M extends UserMode> {
  params?: P;
  query?: Q;
  /** The JSON body's schema; without one the body is not read. */
  body?: B;
  /** Largest body accepted, in bytes (default BODY_LIMITS.default). */
  bodyLimit?: number;
  user?: M;
  /** Rate limits (lib/limits.ts) this request counts against, per user or per client. */
  limit?: { name: RateLimitName; per: 'user' | 'client' }[];
  /**
   * `false` for a route that must answer without the database (the health check reports it
   * unavailable, the catalog and editor files do not need it): it is not opened, and `db` throws.
   */
  database?: false;
}

export interface RouteContext<P extends Schema, Q extends Schema, B extends Schema, M extends UserMode> {
  request: Request;
  client: Client;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  user: UserOf<M>;
  signedIn: boolean;
  /** The browser holds a session cookie that names no live session. */
  sessionExpired: boolean;
  db: AppDb;
}

/** A handler answers with a Response, or with data sent as JSON (200). */
type Handler<P extends Schema, Q extends Schema, B extends Schema, M extends UserMode> = (
  context: RouteContext<P, Q, B, M>,
) => Promise<unknown> | unknown;

type NextHandler = (request: Request, context?: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

function parseOrThrow<S extends Schema>(schema: S, value: unknown): Parsed<S> {
  if (!schema) return undefined as Parsed<S>;
  const result = schema.safeParse(value);
  if (!result.success) {
    const { message, issues } = invalidRequest(result.error);
    throw new AppError('unprocessable', message, { issues });
  }
  return result.data as Parsed<S>;
}

/** The user this route needs; a browser with none gets a guest when the route asks for one. */
async function identify(request: Request, client: Client, mode: UserMode, db: AppDb | undefined) {
  if (mode === 'none') return { user: null, signedIn: false, sessionExpired: false, created: false };
  if (!db) throw new Error('route: a route that finds its user needs the database (remove `database: false`)');
  const identity = await resolveIdentity(db, request.headers);
  if (identity.user || mode === 'optional') return { ...identity, created: false };
  await takeOrThrow('guestsPerClient', client.key);
  return { ...identity, user: await createGuest(db), created: true };
}

/**
 * The one request pipeline every route handler goes through: it finds the client, validates the
 * path parameters, query and JSON body (read up to a size limit), finds the user (creating a
 * guest when asked), applies the rate limits, runs the handler, and answers with
 * `Cache-Control: no-store` unless the handler chose another; every error becomes a response
 * through the one error table. Over https every cookie set is `Secure`.
 */
export function route<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined, M extends UserMode = 'none'>(
  options: RouteOptions<P, Q, B, M>,
  handler: Handler<P, Q, B, M>,
): NextHandler {
  return async (request, context) => {
    try {
      const client = identifyClient(request.headers);
      // Opened first: on PostgreSQL the rate limits below are kept in it.
      const db = options.database === false ? undefined : await getAppDb();
      const params = parseOrThrow(options.params as P, await context?.params);
      const query = parseOrThrow(options.query as Q, Object.fromEntries(new URL(request.url).searchParams));
      const body = options.body
        ? parseOrThrow(options.body, await readJsonOrThrow(request, options.bodyLimit ?? BODY_LIMITS.default))
        : (undefined as Parsed<B>);
      const identity = await identify(request, client, options.user ?? 'none', db);
      for (const limit of options.limit ?? []) {
        await takeOrThrow(limit.name, limit.per === 'client' || !identity.user ? client.key : identity.user.id);
      }
      const result = await handler(
        withDatabase(db, {
          request,
          client,
          params,
          query,
          body,
          user: identity.user as UserOf<M>,
          signedIn: identity.signedIn,
          sessionExpired: identity.sessionExpired,
        }),
      );
      const response = result instanceof Response ? result : Response.json(result);
      if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
      if (identity.created && identity.user) response.headers.append('Set-Cookie', guestCookie(identity.user.id, client.https));
      return client.https ? secureCookies(response) : response;
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** Adds `db` to the context: the opened database or, for a route that declared it needs none, a property that says so when read. */
function withDatabase<C extends object>(db: AppDb | undefined, context: C): C & { db: AppDb } {
  if (db) return { ...context, db };
  return Object.defineProperty(context, 'db', {
    get(): never {
      throw new Error('route: this route declared `database: false`; remove it to read the database');
    },
  }) as C & { db: AppDb };
}

/** Marks every cookie a response sets `Secure` (served over https). */
function secureCookies(response: Response): Response {
  const cookies = response.headers.getSetCookie();
  if (cookies.every((cookie) => /;\s*secure\s*(;|$)/i.test(cookie))) return response;
  response.headers.delete('Set-Cookie');
  for (const cookie of cookies) response.headers.append('Set-Cookie', /;\s*secure\s*(;|$)/i.test(cookie) ? cookie : `${cookie}; Secure`);
  return response;
}
