import { firstCookie, loopbackRequest } from './loopback-request';

export interface SubmitReply {
  ms: number;
  /** HTTP status; 0 when no answer came (connection refused or dropped, timeout). */
  status: number;
  /** The grading verdict (`pass`, `fail`, `timeout`, …) when the server graded it. */
  verdict?: string;
  /** How many of the submission's tests passed (0 when it was not graded). */
  testsPassed: number;
  /** The guest cookie to send next time (the one given, or a new one the server set). */
  cookie?: string;
}

/** One `POST /api/submissions` (submit mode) from a loopback address, timed. */
export async function submitFrom(
  url: string,
  request: { localAddress: string; exerciseId: string; code: string; cookie?: string; timeoutMs?: number },
): Promise<SubmitReply> {
  const startedAt = performance.now();
  const reply = await loopbackRequest(`${url}/api/submissions`, {
    localAddress: request.localAddress,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(request.cookie ? { cookie: request.cookie } : {}) },
    body: JSON.stringify({ exerciseId: request.exerciseId, code: request.code, mode: 'submit' }),
    timeoutMs: request.timeoutMs,
  }).catch(() => undefined);
  const ms = performance.now() - startedAt;
  if (!reply) return { ms, status: 0, testsPassed: 0, cookie: request.cookie };
  let verdict: string | undefined;
  let testsPassed = 0;
  try {
    const body = JSON.parse(reply.body) as { status?: string; tests?: { status?: string }[] };
    verdict = body.status;
    testsPassed = (body.tests ?? []).filter((t) => t.status === 'pass').length;
  } catch {
    // Not JSON: the status says what happened.
  }
  return { ms, status: reply.status, verdict, testsPassed, cookie: firstCookie(reply) ?? request.cookie };
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
