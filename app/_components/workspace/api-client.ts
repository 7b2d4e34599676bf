'use client';

import type { ConsoleResult } from '@/lib/grading/run-console-call';
import type { GradeMode, GradeResult } from '@/lib/grading/result';

export interface GradedSubmission extends GradeResult {
  submissionId: string;
  /** True the first time this user passes every test on Submit. */
  firstSolve?: boolean;
}

/** A request that did not succeed: the server said no, or it could not be reached. */
export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    message: string,
    readonly status: number | 'network',
    readonly body?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** JSON in, JSON out; a failure becomes a RequestError whose message is written for the user. */
export async function requestJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(url, {
      ...rest,
      headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...rest.headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch {
    throw new RequestError('The server could not be reached. Check that it is running and your connection is up, then try again.', 'network');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const retry = Number(response.headers.get('retry-after'));
  const serverMessage = (body as { error?: { message?: string } } | undefined)?.error?.message;
  const message =
    response.status === 429
      ? `${serverMessage ?? 'The grader is busy.'}${Number.isFinite(retry) && retry > 0 ? ` Try again in ${retry} s.` : ''}`
      : (serverMessage ?? `The server answered ${response.status}. Try again in a moment.`);
  throw new RequestError(message, response.status, body, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

/** Grades through `url`: the workspace's `/api/submissions`, or a mock interview's own; `testId` runs that one visible test. */
export function gradeCode(exerciseId: string, code: string, mode: GradeMode, url = '/api/submissions', testId?: string): Promise<GradedSubmission> {
  return requestJson<GradedSubmission>(url, { method: 'POST', json: { exerciseId, code, mode, ...(testId ? { testId } : {}) } });
}

/** Evaluates `expression` with the editor's code in the grader's sandbox: the workspace's `/api/console`, or a mock interview's own. */
export function callConsole(exerciseId: string, code: string, expression: string, url = '/api/console'): Promise<ConsoleResult> {
  return requestJson<ConsoleResult>(url, { method: 'POST', json: { exerciseId, code, expression } });
}
