import { RESULT_VERSION, type GradeMode, type GradeResult, type SubmissionStatus } from '@/lib/grading/result';
import type { Submission } from '@/db/schema';
import { parseStoredTests } from './parse-stored-tests';

/**
 * A graded run or submit as stored, in the one shape every reader gets (the submission page, the
 * workspace's history, the API): its code and its result in the grading contract's shape,
 * whatever result version it was written with.
 */
export interface StoredSubmission {
  id: string;
  exerciseId: string;
  mode: GradeMode;
  /** ISO 8601 (UTC): the same in JSON and on a page. */
  createdAt: string;
  code: string;
  result: GradeResult;
}

/** One line of a history: a stored submission without its code and test details. */
export interface SubmissionSummary {
  id: string;
  exerciseId: string;
  mode: GradeMode;
  status: SubmissionStatus;
  createdAt: string;
  durationMs: number;
  passed: number;
  total: number;
}

export function toStoredSubmission(row: Submission): StoredSubmission {
  return {
    id: row.id,
    exerciseId: row.exerciseId,
    mode: row.mode,
    createdAt: row.createdAt.toISOString(),
    code: row.code,
    result: {
      version: RESULT_VERSION,
      status: row.status,
      ...(row.message ? { message: row.message } : {}),
      tests: parseStoredTests(row.testsJson),
      durationMs: row.durationMs,
    },
  };
}

export function toSubmissionSummary(row: Pick<Submission, 'id' | 'exerciseId' | 'mode' | 'status' | 'createdAt' | 'durationMs' | 'testsJson'>): SubmissionSummary {
  const tests = parseStoredTests(row.testsJson);
  return {
    id: row.id,
    exerciseId: row.exerciseId,
    mode: row.mode,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    durationMs: row.durationMs,
    passed: tests.filter((test) => test.status === 'pass').length,
    total: tests.length,
  };
}
