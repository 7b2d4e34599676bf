import type { TrainingCurve } from './training-curve';

/**
 * The grading result contract (versioned). The same shape is returned by the API, stored in
 * SQLite and shown in the UI. Bump RESULT_VERSION on any incompatible change.
 *
 * Version 2: a hidden test carries its name, its status and a message that names the property
 * that broke, nothing else: its `output` is always empty, it has no time, and its message never
 * holds input, expected or actual values, thrown text or an index. Results stored before (version
 * 1, and version 2 before hidden tests lost their time) are read through `readStoredTest`, which
 * applies the same rule to their output and time.
 */
export const RESULT_VERSION = 2 as const;

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
  /** The submission's console output during this test, capped, with a truncation note when cut; always empty for a hidden test. */
  output: string;
  /** How long the test ran; visible tests only (code can spend time in proportion to a hidden input, which would make the time an oracle). */
  durationMs?: number;
  /** Tensors the test left behind; visible tests only (a hidden test's message says only that it leaked). */
  tensorsLeaked?: number;
  /** The loss per epoch of what the code trained with fit during the test; visible tests only, display only (never part of the verdict). */
  training?: TrainingCurve;
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

/**
 * A test result as stored by any version: a hidden test's console output (it can print the hidden
 * input) and its time (it can follow the hidden input) are never shown.
 */
export function readStoredTest(test: TestResult): TestResult {
  if (test.visible !== false) return test;
  const hidden: TestResult = { ...test, output: '' };
  delete hidden.durationMs;
  return hidden;
}
