/**
 * The grading result contract (versioned). The same shape is returned by the API, stored in
 * SQLite and shown in the UI. Bump RESULT_VERSION on any incompatible change.
 */
export const RESULT_VERSION = 1 as const;

export const SUBMISSION_STATUSES = ['pass', 'fail', 'error', 'timeout', 'memory'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export type GradeMode = 'run' | 'submit';

export interface TestResult {
  id: string;
  name: string;
  visible: boolean;
  status: SubmissionStatus;
  /** What broke: input, expected and actual for visible tests; the property only for hidden ones. */
  message?: string;
  /** The submission's console output during this test, capped, with a truncation note when cut. */
  output: string;
  durationMs: number;
  tensorsLeaked?: number;
}

export interface GradeResult {
  version: typeof RESULT_VERSION;
  status: SubmissionStatus;
  /** Set when nothing ran (syntax error, missing export) or when grading stopped early. */
  message?: string;
  /** 1-based position in the submitted file, when the problem has one (compile errors). */
  location?: { line: number; column: number };
  tests: TestResult[];
  durationMs: number;
}
