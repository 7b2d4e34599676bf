/** The outcome of one health check; `error` says what is wrong in words an operator can act on. */
export interface CheckResult {
  ok: boolean;
  error?: string;
}

export function failedCheck(error: unknown): CheckResult {
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}
