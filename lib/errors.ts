/**
 * The one error table: every code the app answers with, its HTTP status, and for errors whose
 * own message is for the server log only, the message the user gets instead.
 */
export const ERRORS = {
  bad_request: { status: 400 },
  unauthorized: { status: 401 },
  forbidden: { status: 403 },
  not_found: { status: 404 },
  conflict: { status: 409 },
  payload_too_large: { status: 413 },
  /** Work sent to a mock interview after its deadline. */
  deadline_passed: { status: 409 },
  unprocessable: { status: 422 },
  rate_limited: { status: 429 },
  unavailable: { status: 503 },
  catalog_invalid: { status: 503 },
  database_unavailable: { status: 503, publicMessage: 'The database is unavailable; try again shortly.' },
} as const satisfies Record<string, { status: number; publicMessage?: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorDetails {
  /** Sent as Retry-After (seconds) with 429 and 503 answers. */
  retryAfterSeconds?: number;
  /** One line per problem (an invalid catalog). */
  problems?: string[];
  /** Which fields of a request were invalid, and why. */
  issues?: { path: string; message: string }[];
  /** Data sent beside `error` in the body (a save conflict sends the newer draft). */
  extra?: Record<string, unknown>;
}

/**
 * Marks an AppError. A symbol from the global registry is the same in every bundle of the server
 * build, so errors are recognised by their code even where the class exists twice (an
 * `instanceof` check across bundles fails).
 */
const APP_ERROR = Symbol.for('ml-practice-studio.app-error');

/** An expected failure with a stable code and a message written for the user. */
export class AppError extends Error {
  override name = 'AppError';
  readonly [APP_ERROR] = true;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

/** True for an AppError from any bundle: matched by its mark and code, never by class identity. */
export function isAppError(error: unknown): error is AppError {
  if (typeof error !== 'object' || error === null || !(APP_ERROR in error)) return false;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

/** True for an AppError with this code (any bundle). */
export function hasErrorCode(error: unknown, code: ErrorCode): error is AppError {
  return isAppError(error) && error.code === code;
}
