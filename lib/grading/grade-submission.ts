import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Exercise } from '@/lib/exercises/load-catalog';
import { AppError } from '@/lib/errors';
import { exerciseSeed } from './exercise-seed';
import { judgeOutcome } from './judge-outcome';
import { executionOrder } from './execution-order';
import { loadTestSuite } from './load-test-suite';
import { RESULT_VERSION, type GradeMode, type GradeResult } from './result';
import { describeUnanswered, runGradeJob } from './run-grade-job';
import { CompileError, transpileSubmission } from './transpile';

export const MAX_CODE_BYTES = 100 * 1024;
export const LOG_CAP_BYTES = 8 * 1024;
const LATENCY_REPEATS = 3;
/** Process start-up and per-context set-up on top of the tests' own budgets. */
export const DEADLINE_SLACK_MS = 5_000;

export interface GradeInput {
  exercise: Exercise;
  code: string;
  mode: GradeMode;
  /** Only this visible test (a rerun of one test); with `run` only. */
  testId?: string;
  /** Only these tests, in suite order; with `submit` only (verification grades a mutant a few tests at a time). */
  caseIds?: readonly string[];
  /** Grade this file as the reference (verification); normally the exercise's own solution. */
  referenceCode?: string;
  /** Who asked (lib/http/client-address.ts): the grading queue takes clients in turn. */
  client?: string;
  /** Names the grading job (queue mode); the submission recorded from it takes the same id. */
  jobId?: string;
}

/** The cases a grade runs: every one for `submit` (or those named by `caseIds`), the visible ones for `run`, or the one visible test asked for. */
function selectCases<T extends { id: string; visible: boolean }>(all: T[], mode: GradeMode, testId: string | undefined, caseIds: readonly string[] | undefined): T[] {
  if (mode === 'submit') {
    if (caseIds === undefined) return all;
    const unknown = caseIds.filter((id) => !all.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`No test of this exercise has the id ${unknown.map((id) => `"${id}"`).join(', ')}`);
    return all.filter((c) => caseIds.includes(c.id));
  }
  const visible = all.filter((c) => c.visible);
  if (testId === undefined) return visible;
  const one = visible.filter((c) => c.id === testId);
  if (one.length === 0) throw new AppError('unprocessable', 'That test is not one of the visible tests of this exercise: run all the visible tests instead.');
  return one;
}

/**
 * Grades `code` against the exercise's tests: visible ones for `run`, all for `submit`.
 * Throws AppError for requests that cannot be graded (too large; 429 when the client already has
 * its share of the grader or the queue is full; 503 when no grader can run).
 */
export async function gradeSubmission({ exercise, code, mode, testId, caseIds, referenceCode, client = 'local', jobId = randomUUID() }: GradeInput): Promise<GradeResult> {
  const startedAt = performance.now();
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > MAX_CODE_BYTES) {
    throw new AppError('payload_too_large', `Your code is ${Math.ceil(bytes / 1024)} KB; the limit is ${MAX_CODE_BYTES / 1024} KB. Remove unused code or data.`);
  }

  let transpiled;
  try {
    transpiled = await transpileSubmission(code);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    return { version: RESULT_VERSION, status: 'error', message: error.message, location: error.location, tests: [], durationMs: Math.round(performance.now() - startedAt) };
  }

  const allCases = await loadTestSuite(exercise);
  const cases = selectCases(allCases, mode, testId, caseIds);
  const { grader } = exercise.meta;
  const timeoutMs = (c: { timeoutMs?: number }) => c.timeoutMs ?? grader.timeoutMs;
  const needsReference = cases.some((c) => c.latency);
  const reference = needsReference ? (await transpileSubmission(referenceCode ?? fs.readFileSync(exercise.solutionFile, 'utf8'))).code : undefined;
  const budget = cases.reduce((sum, c) => sum + timeoutMs(c) * (c.latency ? 2 * LATENCY_REPEATS : 1), 0);

  const answer = await runGradeJob(
    {
      code: transpiled.code,
      referenceCode: reference,
      exports: exercise.meta.exports,
      cases: executionOrder(cases).map((c) => ({
        id: c.id,
        driver: c.driverSource,
        input: c.input,
        timeoutMs: timeoutMs(c),
        ...(c.latency ? { latencyRepeats: LATENCY_REPEATS } : {}),
      })),
      memoryMb: grader.memoryMb,
      seed: exerciseSeed(exercise.meta.uuid),
      logCapBytes: LOG_CAP_BYTES,
    },
    budget + DEADLINE_SLACK_MS,
    client,
    jobId,
  );
  if (answer.kind === 'no_worker' || answer.kind === 'failed') {
    return { version: RESULT_VERSION, ...describeUnanswered(answer), tests: [], durationMs: Math.round(performance.now() - startedAt) };
  }

  return judgeOutcome(answer, {
    cases,
    timeoutMs,
    memoryMb: grader.memoryMb,
    tolerance: grader.tolerance,
    sourceMap: transpiled.map,
    startedAt,
    onTestBug: (caseId, error) => console.error(`[grading] ${exercise.relDir} test "${caseId}" failed to check:`, error),
  });
}
