import { ERRORS, isAppError, type AppError } from '@/lib/errors';

export interface ErrorBody {
  [extra: string]: unknown;
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

/** A zod failure from any bundle (recognised by its name and issues, not its class). */
interface ZodLikeError {
  name: string;
  issues: { path: PropertyKey[]; message: string }[];
}

function isZodError(error: unknown): error is ZodLikeError {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

/** The 422 answer for invalid input: every field and what is wrong with it. */
export function invalidRequest(error: ZodLikeError): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return { message: `The request is invalid: ${summary}`, issues };
}

function fromAppError(error: AppError): Response {
  const entry: { status: number; publicMessage?: string } = ERRORS[error.code];
  if (entry.publicMessage) console.error(error);
  const { retryAfterSeconds, problems, issues, extra } = error.details;
  const body: ErrorBody = { ...extra, error: { code: error.code, message: entry.publicMessage ?? error.message } };
  if (issues) body.error.issues = issues;
  if (problems) body.error.problems = problems;
  return json(entry.status, body, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
}

/**
 * The one place an error becomes an HTTP response, through the error table in lib/errors.ts.
 * Errors are matched by their code; anything unknown is logged here and answered with a generic
 * 500 that leaks no internals.
 */
export function toErrorResponse(error: unknown): Response {
  if (isAppError(error)) return fromAppError(error);
  if (isZodError(error)) return json(422, { error: { code: 'unprocessable', ...invalidRequest(error) } });
  console.error(error);
  return json(500, { error: { code: 'internal', message: 'Something went wrong on our side; try again.' } });
}
