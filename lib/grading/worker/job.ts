import type { ConfinementReport } from '../confinement-report';
import type { TrainingCurve } from '../training-curve';

/** The narrow interface between the supervisor and a grader process: plain data both ways. */

export interface CaseJob {
  id: string;
  /** Driver source (a function expression), run inside the sandbox. */
  driver: string;
  input: unknown;
  timeoutMs: number;
  /** Also time the reference solution on this case, `repeats` times each. */
  latencyRepeats?: number;
}

export interface GradeJob {
  /** The submission, transpiled to CommonJS. */
  code: string;
  /** The reference solution, transpiled; only sent when a case measures latency. */
  referenceCode?: string;
  exports: string[];
  cases: CaseJob[];
  memoryMb: number;
  seed: number;
  logCapBytes: number;
}

export interface ThrownError {
  name: string;
  message: string;
  /** Position in the transpiled submission, when the stack shows one. */
  line?: number;
  column?: number;
  /** Set by the harness only: a model the test needs failed its check; the property that broke, without data. */
  modelCheck?: string;
}

export type CaseStatus = 'ok' | 'threw' | 'timeout' | 'memory' | 'not_run';

export interface CaseOutcome {
  id: string;
  status: CaseStatus;
  output?: unknown;
  error?: ThrownError;
  logs: string;
  logsTruncatedBytes: number;
  durationMs: number;
  tensorsLeaked: number;
  referenceDurationMs?: number;
  /** Losses of every epoch the submission trained with fit during the case (display only). */
  training?: TrainingCurve;
}

export type LoadFailure =
  /** V8 rejected the transpiled code (esbuild lets a few such errors through, e.g. in regular expressions). */
  | { kind: 'compile'; error: ThrownError }
  | { kind: 'threw'; error: ThrownError }
  | { kind: 'missing_exports'; missing: { name: string; found: string }[] }
  | { kind: 'timeout' | 'memory' };

export interface JobOutcome {
  load?: LoadFailure;
  cases: CaseOutcome[];
}

/** A grader process's resident size and the test contexts it had prepared, as a job arrived. */
export interface GraderMemory {
  residentBytes: number;
  preparedContexts: number;
}

export type SupervisorMessage = { type: 'job'; jobId: number; job: GradeJob };
export type WorkerMessage =
  | { type: 'ready'; confinement: ConfinementReport }
  | { type: 'result'; jobId: number; outcome: JobOutcome; memory: GraderMemory };
