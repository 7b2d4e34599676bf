import { ZodError } from 'zod';
import { DatabaseOpenError } from '@/db/client';
import { AppError } from '@/lib/errors';
import { CatalogError } from '@/lib/exercises/load-catalog';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    problems?: string[];
  };
}

const NO_STORE = { 'Cache-Control': 'no-store' };

function json(status: number, body: ErrorBody, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/**
 * The one place an error becomes an HTTP response. Expected errors say what went wrong;
 * anything else is logged here and answered with a generic 500 that leaks no internals.
 */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const retry = error.details?.retryAfterSeconds;
    return json(
      error.status,
      { error: { code: error.code, message: error.message } },
      retry === undefined ? {} : { 'Retry-After': String(retry) },
    );
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    return json(422, { error: { code: 'unprocessable', message: `The request is invalid: ${summary}`, issues } });
  }
  if (error instanceof CatalogError) {
    return json(503, {
      error: { code: 'unavailable', message: 'The exercise catalog is invalid; fix the problems listed.', problems: error.problems },
    });
  }
  if (error instanceof DatabaseOpenError) {
    console.error(error);
    return json(503, { error: { code: 'unavailable', message: 'The database is unavailable; try again shortly.' } });
  }
  console.error(error);
  return json(500, { error: { code: 'internal', message: 'Something went wrong on our side; try again.' } });
}
